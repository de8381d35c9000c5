#include "interconnect/core_to_core/core_to_core.h"

#include <gtest/gtest.h>

#include "cpu/cpu_backend.h"

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
  const auto d = details(cores, results);
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
  const auto d = details(4, results);
  EXPECT_EQ(d["groups"]["same L3"]["pairs"], 2);
  EXPECT_EQ(d["groups"]["same L3"]["min_ns"], 30);
  EXPECT_EQ(d["groups"]["same L3"]["max_ns"], 50);
  EXPECT_EQ(d["groups"]["same L2"]["median_ns"], 10);
  EXPECT_TRUE(d["matrix_ns"][1][3].is_null());  // not measured
  EXPECT_EQ(d["matrix_ns"][3][0], 200);
}

TEST(CoreSharing, SameCoreAndAnyPairHaveAName) {
  EXPECT_EQ(cpu::core_sharing(0, 0), "same core");
  if (cpu::core_count() >= 2) {
    EXPECT_NE(cpu::core_sharing(0, 1), "unknown");
  }
}

}  // namespace
}  // namespace accelbench::core_to_core
