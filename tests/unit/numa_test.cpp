#include "interconnect/numa/numa.h"

#include <gtest/gtest.h>

#include "cpu/cpu_backend.h"

namespace accelbench::numa {
namespace {

TEST(NumaMatrix, OneInstancePerCpuNodeAndMemoryNode) {
  const auto two = matrix(2, "array_bytes", 32u << 20);
  ASSERT_EQ(two.size(), 4u);
  EXPECT_EQ(two[1].integer("cpu_node"), 0);
  EXPECT_EQ(two[1].integer("mem_node"), 1);
  EXPECT_EQ(two[1].integer("array_bytes"), 128 << 20);  // 4 x LLC
  EXPECT_EQ(matrix(1, "working_set_bytes", 1u << 20)[0].integer("working_set_bytes"),
            64 << 20);  // at least 64 MiB
  // This machine: nodes x nodes instances.
  const int nodes = cpu::numa_node_count();
  EXPECT_EQ(matrix(nodes, "array_bytes", 0).size(), static_cast<std::size_t>(nodes * nodes));
}

TEST(NumaData, IntegersFromOneTo255WithAnExactSum) {
  std::uint64_t sum = 0;
  for (std::uint64_t i = 0; i < 5000; ++i) {
    const double v = element(i);
    ASSERT_GE(v, 1.0);
    ASSERT_LE(v, 255.0);
    ASSERT_EQ(v, static_cast<double>(static_cast<int>(v)));
    sum += static_cast<std::uint64_t>(v);
  }
  EXPECT_EQ(exact_sum(5000), sum);
}

SweepPoint point(int c, int m, double value) {
  Params p;
  p.set("cpu_node", c).set("mem_node", m);
  return {p, value, {}};
}

TEST(NumaAnalyze, MatrixRowsAreCoresColumnsAreMemory) {
  const auto out =
      analyze({point(0, 0, 10), point(0, 1, 6), point(1, 0, 5), point(1, 1, 11)}, 2, "GB/s");
  EXPECT_EQ(out["matrix"][0][1], 6);
  EXPECT_EQ(out["matrix"][1][0], 5);
  EXPECT_EQ(out["summary"].get<std::string>().find("single"), std::string::npos);
}

TEST(NumaAnalyze, SingleNodeIsStatedAsSuch) {
  const auto out = analyze({point(0, 0, 80)}, 1, "GB/s");
  EXPECT_EQ(out["matrix"].size(), 1u);
  EXPECT_NE(out["summary"].get<std::string>().find("1x1 (single NUMA node"), std::string::npos);
}

}  // namespace
}  // namespace accelbench::numa
