// For every registered benchmark on every device found here (the CPU, and
// the OpenCL devices: PoCL in CI): run it, flip one significant bit of its
// result buffer, and check that verification catches it; without the flip it
// must pass. Guards every benchmark folder and backend, present and future.
#include <accelbench/benchmark.h>
#include <gtest/gtest.h>

#include "selection.h"

namespace accelbench {
namespace {

// Small sizes for every parameter that sizes a buffer ("..._bytes").
Params small(Params params) {
  constexpr std::int64_t kSmall = 1 << 20;
  const Params original = params;
  for (const auto& entry : original.entries()) {
    if (entry.key.ends_with("_bytes")) {
      params.set(entry.key, std::min<std::int64_t>(params.integer(entry.key), kSmall));
    }
  }
  if (params.has("matrix_size")) params.set("matrix_size", 64);
  return params;
}

struct Target {
  const Definition* definition;
  Device device;
  Params params;
};

std::vector<Target> all_targets() {
  std::vector<Target> targets;
  const DeviceCatalog catalog = enumerate_devices();
  for (const auto& definition : Registry::instance().all()) {
    for (const auto& device : catalog.devices) {
      if (device.backend != definition.backend) continue;
      // Every instance of the quick set (skipped ones skip the test), at small sizes.
      for (auto& params : definition.instances(device, Suite::kQuick)) {
        targets.push_back({&definition, device, small(std::move(params))});
      }
    }
  }
  return targets;
}

void PrintTo(const Target& t, std::ostream* os) {
  *os << t.definition->id << "/" << t.device.id << "/" << t.params.name();
}

class Corruption : public ::testing::TestWithParam<Target> {};

TEST_P(Corruption, CleanRunPassesAndAFlippedBitIsCaught) {
  const Target& t = GetParam();
  auto clean = t.definition->make_case(t.device, t.params);
  const Work declared = clean->work();  // the runner reads it before setup()
  try {
    clean->setup();
  } catch (const Error& e) {
    ASSERT_EQ(e.kind(), ErrorKind::kUnsupported) << e.what();
    GTEST_SKIP() << "unsupported here: " << e.what();
  }
  const Work after_setup = clean->work();
  EXPECT_EQ(declared.bytes, after_setup.bytes) << "work() must not depend on setup()";
  EXPECT_EQ(declared.flops, after_setup.flops) << "work() must not depend on setup()";
  EXPECT_EQ(declared.operations, after_setup.operations) << "work() must not depend on setup()";
  clean->iterate();
  clean->iterate();
  const Verification passed = clean->verify();
  EXPECT_EQ(passed.outcome, Verification::Outcome::kPassed) << passed.method;
  EXPECT_EQ(passed.mismatches, 0u);

  auto corrupted = t.definition->make_case(t.device, t.params);
  corrupted->setup();
  corrupted->iterate();
  std::span<std::byte> bytes = corrupted->result_bytes();
  ASSERT_GE(bytes.size(), 8u);
  // Bit 6 of the 8th byte: the exponent's high bits of a little-endian
  // double, bit 62 of a 64-bit integer: a change no tolerance can hide.
  const std::size_t word = (bytes.size() / 8) / 2;
  bytes[word * 8 + 7] ^= std::byte{0x40};
  const Verification failed = corrupted->verify();
  EXPECT_EQ(failed.outcome, Verification::Outcome::kFailed) << failed.method;
  EXPECT_GE(failed.mismatches, 1u);
}

INSTANTIATE_TEST_SUITE_P(EveryBenchmark, Corruption, ::testing::ValuesIn(all_targets()),
                         [](const auto& info) {
                           std::string name =
                               info.param.definition->id + "_" + info.param.device.id + "_" +
                               info.param.params.name() + "_" + std::to_string(info.index);
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace accelbench
