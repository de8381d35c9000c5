#include "interconnect/core_to_core/core_to_core.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "cpu/cpu_backend.h"
#include "selection.h"

namespace accelbench::core_to_core {
namespace {

TEST(AllPairs, EveryUnorderedPairOnce) {
  EXPECT_TRUE(all_pairs(1).empty());
  EXPECT_EQ(all_pairs(2).size(), 1u);
  const auto pairs = all_pairs(8);
  ASSERT_EQ(pairs.size(), 28u);
  for (const auto& p : pairs) EXPECT_LT(p.a, p.b);
}

TEST(Details, MatrixHasTheShapeOfTheMachineAndIsSymmetric) {
  const int cores = cpu::core_count();
  std::vector<PairResult> results;
  for (const Pair& p : all_pairs(cores)) {
    results.push_back({p, cpu::core_sharing(p.a, p.b), {100.0 + p.a + p.b, 90.0, 300.0}});
  }
  const auto d = details(Protocol::kTwoLines, cores, results);
  ASSERT_EQ(d["matrix_ns"].size(), static_cast<std::size_t>(cores));
  for (int i = 0; i < cores; ++i) {
    ASSERT_EQ(d["matrix_ns"][i].size(), static_cast<std::size_t>(cores));
    EXPECT_TRUE(d["matrix_ns"][i][i].is_null());
    for (int j = 0; j < cores; ++j) EXPECT_EQ(d["matrix_ns"][i][j], d["matrix_ns"][j][i]);
  }
  EXPECT_EQ(d["pairs"].size(), results.size());
  if (cores >= 2) {
    // Pair (0, 1): the median of {101, 90, 300}.
    EXPECT_DOUBLE_EQ(d["pairs"][0]["median_ns"].get<double>(), 101.0);
  }
}

TEST(Details, GroupsPairsByWhatTheyShare) {
  std::vector<PairResult> results{{{0, 1}, "same L2", {10}},
                                  {{0, 2}, "same L3", {30}},
                                  {{1, 2}, "same L3", {50}},
                                  {{0, 3}, "across packages", {200}}};
  const auto d = details(Protocol::kOneLine, 4, results);
  EXPECT_EQ(d["groups"]["same L3"]["pairs"], 2);
  EXPECT_EQ(d["groups"]["same L3"]["min_ns"], 30);
  EXPECT_EQ(d["groups"]["same L3"]["max_ns"], 50);
  EXPECT_EQ(d["groups"]["same L2"]["median_ns"], 10);
  EXPECT_TRUE(d["matrix_ns"][1][3].is_null());  // not measured
  EXPECT_EQ(d["matrix_ns"][3][0], 200);
}

TEST(Details, GroupsKeepTheLeastSampleAndNameTheProtocol) {
  std::vector<PairResult> results{{{0, 1}, "same L3", {40, 31, 50}}, {{0, 2}, "same L3", {60, 45}}};
  const auto d = details(Protocol::kCas, 3, results);
  EXPECT_EQ(d["protocol"], "cas");
  EXPECT_EQ(d["groups"]["same L3"]["min_sample_ns"], 31);  // over every sample of both pairs
  EXPECT_EQ(d["groups"]["same L3"]["min_ns"], 40);         // over the pairs' medians, as before
  EXPECT_EQ(d["heatmap"]["title"], "core to core (cas)");
  EXPECT_EQ(d["heatmap"]["values"][0][1], 40);
  const std::vector<SweepPoint> points{{{}, 40, d}};
  const std::string summary = analyze(points)["summary"].get<std::string>();
  EXPECT_NE(summary.find("cas, same L3"), std::string::npos) << summary;
  EXPECT_NE(summary.find("median 40 ns, min 31 ns"), std::string::npos) << summary;
}

Params with_protocol(const std::string& name) {
  Params p;
  p.set("cores", 2).set("protocol", name);
  return p;
}

TEST(Protocol, NamesRoundTripAndOthersAreUsageErrors) {
  for (Protocol p : {Protocol::kTwoLines, Protocol::kOneLine, Protocol::kCas}) {
    EXPECT_EQ(protocol(with_protocol(std::string(protocol_name(p)))), p);
  }
  try {
    protocol(with_protocol("two-lines"));
    FAIL() << "no usage error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_NE(std::string(e.what()).find("two_lines, one_line or cas"), std::string::npos);
  }
}

TEST(Protocol, FinalLineValuesAreTheLastRoundTrips) {
  EXPECT_EQ(final_line_values(Protocol::kTwoLines, 2000), (std::vector<std::uint64_t>{3999, 4000}));
  EXPECT_EQ(final_line_values(Protocol::kOneLine, 2000), (std::vector<std::uint64_t>{4000}));
  EXPECT_EQ(final_line_values(Protocol::kCas, 5), (std::vector<std::uint64_t>{10}));
}

TEST(Instances, QuickRunsTwoLinesFullRunsAllThree) {
  const auto quick = instances(4, Suite::kQuick);
  ASSERT_EQ(quick.size(), 1u);
  EXPECT_EQ(quick[0].text("protocol"), "two_lines");
  EXPECT_EQ(quick[0].integer("cores"), 4);
  std::vector<std::string> full;
  for (const auto& p : instances(4, Suite::kFull)) full.push_back(p.text("protocol"));
  EXPECT_EQ(full, (std::vector<std::string>{"two_lines", "one_line", "cas"}));
}

// Each protocol through the CPU case: the round trips run between two real
// threads (under TSan too), verification passes, and a changed line value
// is caught.
class EveryProtocol : public ::testing::TestWithParam<const char*> {};

TEST_P(EveryProtocol, RoundTripsAreVerifiedAndACorruptedLineIsCaught) {
  if (cpu::core_count() < 2) GTEST_SKIP() << "one core: no pair";
  const auto& all = Registry::instance().all();
  const auto definition = std::find_if(all.begin(), all.end(), [](const Definition& d) {
    return d.id == "interconnect/core_to_core" && d.backend == "cpu";
  });
  ASSERT_NE(definition, all.end());
  const DeviceCatalog catalog = enumerate_devices();
  const auto device = std::find_if(catalog.devices.begin(), catalog.devices.end(),
                                   [](const Device& d) { return d.backend == "cpu"; });
  ASSERT_NE(device, catalog.devices.end());
  auto run = definition->make_case(*device, with_protocol(GetParam()));
  EXPECT_NE(run->work().convention.find(GetParam()), std::string::npos);
  run->setup();
  EXPECT_GT(run->iterate(), 0);
  EXPECT_GT(run->iterate(), 0);
  const Verification passed = run->verify();
  EXPECT_EQ(passed.outcome, Verification::Outcome::kPassed) << passed.method;
  EXPECT_EQ(passed.elements_checked,
            final_line_values(protocol(with_protocol(GetParam())), 1).size());
  const auto d = run->details();
  EXPECT_EQ(d["protocol"], GetParam());
  EXPECT_EQ(d["pairs"][0]["iterations"], 2);
  EXPECT_TRUE(d["matrix_ns"][0][1].is_number());

  std::span<std::byte> bytes = run->result_bytes();
  ASSERT_GE(bytes.size(), 8u);
  bytes[bytes.size() - 1] ^= std::byte{0x40};  // the last line's value, an exponent bit
  EXPECT_EQ(run->verify().outcome, Verification::Outcome::kFailed);
}

INSTANTIATE_TEST_SUITE_P(Protocols, EveryProtocol,
                         ::testing::Values("two_lines", "one_line", "cas"));

TEST(CoreSharing, SameCoreAndAnyPairHaveAName) {
  EXPECT_EQ(cpu::core_sharing(0, 0), "same core");
  if (cpu::core_count() >= 2) {
    EXPECT_NE(cpu::core_sharing(0, 1), "unknown");
  }
}

}  // namespace
}  // namespace accelbench::core_to_core
