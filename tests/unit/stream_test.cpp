#include "memory/stream/stream.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace accelbench::stream {
namespace {

// Arrays as they are after running `kernel` correctly, from the gold replay.
struct Arrays {
  std::vector<double> a, b, c;
  double dot = 0;
};

Arrays after_kernel(Kernel kernel, std::size_t n) {
  Arrays x;
  for (std::size_t i = 0; i < n; ++i) {
    x.a.push_back(initial_value(Array::kA, i));
    x.b.push_back(initial_value(Array::kB, i));
    x.c.push_back(initial_value(Array::kC, i));
  }
  for (std::size_t i = 0; i < n; ++i) {
    switch (kernel) {
      case Kernel::kCopy:
        x.c[i] = x.a[i];
        break;
      case Kernel::kScale:
        x.b[i] = kScalar * x.c[i];
        break;
      case Kernel::kAdd:
        x.c[i] = x.a[i] + x.b[i];
        break;
      case Kernel::kTriad:
        x.a[i] = x.b[i] + kScalar * x.c[i];
        break;
      case Kernel::kDot:
        x.dot += x.a[i] * x.b[i];
        break;
    }
  }
  return x;
}

std::vector<double>& output_of(Kernel kernel, Arrays& x) {
  switch (kernel) {
    case Kernel::kScale:
      return x.b;
    case Kernel::kTriad:
      return x.a;
    default:
      return x.c;
  }
}

class StreamVerify : public ::testing::TestWithParam<Kernel> {};

TEST_P(StreamVerify, CorrectResultPasses) {
  Arrays x = after_kernel(GetParam(), 4096);
  const auto v = verify(GetParam(), x.a, x.b, x.c, x.dot);
  EXPECT_EQ(v.outcome, Verification::Outcome::kPassed) << kernel_name(GetParam());
  EXPECT_EQ(v.elements_checked, 4096u);
}

TEST_P(StreamVerify, OneCorruptedElementIsCaught) {
  const Kernel kernel = GetParam();
  Arrays x = after_kernel(kernel, 4096);
  if (kernel == Kernel::kDot) {
    x.dot = std::nextafter(x.dot * (1 + 1e-9), 0.0);
  } else {
    auto& out = output_of(kernel, x);
    out[1234] = std::nextafter(out[1234], 10.0) + 1e-9;
  }
  const auto v = verify(kernel, x.a, x.b, x.c, x.dot);
  EXPECT_EQ(v.outcome, Verification::Outcome::kFailed) << kernel_name(kernel);
  EXPECT_EQ(v.mismatches, 1u);
}

INSTANTIATE_TEST_SUITE_P(AllKernels, StreamVerify, ::testing::ValuesIn(kKernels),
                         [](const auto& info) { return std::string(kernel_name(info.param)); });

TEST(Stream, InitialDataIsRandomInOneToTwoAndReproducible) {
  double sum = 0;
  for (std::uint64_t i = 0; i < 10000; ++i) {
    const double v = initial_value(Array::kB, i);
    ASSERT_GE(v, 1.0);
    ASSERT_LT(v, 2.0);
    sum += v;
    EXPECT_EQ(v, initial_value(Array::kB, i));
  }
  EXPECT_NEAR(sum / 10000, 1.5, 0.02);
  EXPECT_NE(initial_value(Array::kA, 7), initial_value(Array::kB, 7));
}

TEST(Stream, BytesAndFlopsAsStreamCountsThem) {
  constexpr std::int64_t n = 16 << 20;  // one pass per iteration
  ASSERT_EQ(passes(n), 1);
  EXPECT_EQ(work(Kernel::kCopy, n).bytes, 16.0 * n);
  EXPECT_EQ(work(Kernel::kScale, n).bytes, 16.0 * n);
  EXPECT_EQ(work(Kernel::kAdd, n).bytes, 24.0 * n);
  EXPECT_EQ(work(Kernel::kTriad, n).bytes, 24.0 * n);
  EXPECT_EQ(work(Kernel::kDot, n).bytes, 16.0 * n);
  EXPECT_EQ(work(Kernel::kTriad, n).flops, 2.0 * n);
}

TEST(Stream, DefaultArraysAreAtLeastFourTimesTheLastLevelCache) {
  const Params p = default_params(32u << 20, 2);
  EXPECT_EQ(p.integer("array_bytes"), 128 << 20);
  EXPECT_EQ(p.integer("threads"), 2);
  EXPECT_GE(default_params(3u << 20, 1).integer("array_bytes"), 12 << 20);
  EXPECT_EQ(default_params(0, 1).integer("array_bytes"), 256 << 20);
}

TEST(Stream, TriadSweepsSizeAndThreadsOthersRunTheDefault) {
  const DeviceTraits traits{32u << 20, 2, {{"L1d", 48 << 10}, {"L2", 1 << 20}, {"L3", 32 << 20}}};
  EXPECT_EQ(sweep(Kernel::kCopy, traits, Suite::kQuick).size(), 1u);
  const auto quick = sweep(Kernel::kTriad, traits, Suite::kQuick);
  EXPECT_EQ(quick.front().integer("array_bytes"), 128 << 20);  // the default comes first
  EXPECT_EQ(quick[1].integer("array_bytes"), 4096);
  EXPECT_EQ(quick.back().integer("threads"), 1);  // thread sweep at the default size
  EXPECT_EQ(quick.back().integer("array_bytes"), 128 << 20);
  const auto full = sweep(Kernel::kTriad, traits, Suite::kFull);
  EXPECT_GT(full.size(), quick.size());
  for (const auto& p : full) EXPECT_LE(p.integer("array_bytes"), 128 << 20);
}

TEST(Stream, SmallArraysArePassedOverManyTimesPerIteration) {
  EXPECT_EQ(passes(16 << 20), 1);  // 3 x 128 MiB
  EXPECT_EQ(passes(512), (64 << 20) / (3 * 512 * 8) + 1);
  EXPECT_EQ(work(Kernel::kTriad, 512).bytes, 24.0 * 512 * static_cast<double>(passes(512)));
}

TEST(Stream, RejectsTinyArraysAndNoThreads) {
  Params p;
  p.set("array_bytes", 100).set("threads", 1);
  EXPECT_THROW(elements(p), Error);
  p.set("array_bytes", 4096).set("threads", 0);
  EXPECT_THROW(threads(p), Error);
}

}  // namespace
}  // namespace accelbench::stream
