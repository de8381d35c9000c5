#include "memory/latency/latency.h"

#include <accelbench/random_data.h>
#include <gtest/gtest.h>

#include <set>

#include "cpu/pointer_chase.h"

namespace accelbench::latency {
namespace {

TEST(RandomCycle, IsOneCycleThroughEveryNode) {
  for (std::size_t n : {2u, 3u, 64u, 1000u, 65536u}) {
    const auto order = random_cycle(n, kSeed);
    ASSERT_EQ(order.size(), n);
    EXPECT_EQ(std::set<std::uint32_t>(order.begin(), order.end()).size(), n) << n;
    // Follow next[] as the benchmark builds it: back at the start after exactly n steps.
    std::vector<std::uint32_t> next(n);
    for (std::size_t k = 0; k < n; ++k) next[order[k]] = order[(k + 1) % n];
    std::uint32_t node = order[0];
    std::size_t steps = 0;
    do {
      node = next[node];
      ++steps;
    } while (node != order[0] && steps <= n);
    EXPECT_EQ(steps, n) << n;
  }
}

TEST(RandomCycle, IsNotSequentialAndDependsOnTheSeed) {
  const auto order = random_cycle(4096, kSeed);
  std::size_t sequential = 0;
  for (std::size_t k = 0; k + 1 < order.size(); ++k) sequential += order[k + 1] == order[k] + 1;
  EXPECT_LT(sequential, 20u);  // a random cycle has about one
  EXPECT_NE(order, random_cycle(4096, kSeed + 1));
  EXPECT_EQ(order, random_cycle(4096, kSeed));
}

TEST(PointerChase, EndsWhereTheCycleOrderSaysAndCatchesABrokenRing) {
  struct alignas(64) Line {
    std::byte bytes[64];
  };
  std::vector<Line> lines(1000);
  cpu::PointerChase chase(lines.data(), random_cycle(lines.size(), kSeed));
  chase.chase(12345);
  chase.chase(1);
  EXPECT_EQ(chase.verify().outcome, Verification::Outcome::kPassed);
  // Break the ring: one node skips its successor.
  auto** node = reinterpret_cast<void**>(&lines[7]);
  *node = *static_cast<void**>(*node);
  const auto broken = chase.verify();
  EXPECT_EQ(broken.outcome, Verification::Outcome::kFailed);
  EXPECT_NE(broken.note.find("ring is broken"), std::string::npos);
}

TEST(Sweep, FromFourKibToFourTimesTheLargestCache) {
  const auto quick = sweep(32u << 20, Suite::kQuick);
  EXPECT_EQ(quick.front().integer("working_set_bytes"), 4096);
  EXPECT_GE(quick.back().integer("working_set_bytes"), 128 << 20);
  EXPECT_LT(quick[quick.size() - 2].integer("working_set_bytes"), 128 << 20);
  const auto full = sweep(32u << 20, Suite::kFull);
  EXPECT_GT(full.size(), quick.size());
  EXPECT_EQ(full[1].integer("working_set_bytes"), 8192);
}

TEST(Nodes, RejectsWorkingSetsBelowTwoLines) {
  Params p;
  p.set("working_set_bytes", 64);
  EXPECT_THROW(nodes(p), Error);
  p.set("working_set_bytes", 4096);
  EXPECT_EQ(nodes(p), 64u);
}

SweepPoint point(std::int64_t bytes, double ns) {
  Params p;
  p.set("working_set_bytes", bytes);
  return {p, ns, {}};
}

TEST(MatchLevels, PlateausAreMatchedToCacheSizes) {
  const std::vector<CacheLevel> levels{{"L1d", 48 << 10}, {"L2", 1 << 20}, {"L3", 32 << 20}};
  const std::vector<SweepPoint> points{
      point(4 << 10, 1.0),     point(16 << 10, 1.1),   // L1d: <= 24 KiB
      point(64 << 10, 3.0),    point(256 << 10, 3.2),  // L2: 96 KiB .. 512 KiB
      point(1 << 20, 6.0),                             // between L2 and L3: no level
      point(4 << 20, 12.0),    point(16 << 20, 14.0),  // L3: 2 MiB .. 16 MiB
      point(64 << 20, 90.0),                           // between L3 and 4 x L3
      point(256 << 20, 100.0),                         // DRAM: >= 128 MiB
  };
  const auto out = match_levels(points, levels);
  const auto& table = out["levels"];
  ASSERT_EQ(table.size(), 4u);
  EXPECT_EQ(table[0]["level"], "L1d");
  EXPECT_DOUBLE_EQ(table[0]["value"].get<double>(), 1.0);  // lower median of {1.0, 1.1}
  EXPECT_DOUBLE_EQ(table[1]["value"].get<double>(), 3.2);
  EXPECT_DOUBLE_EQ(table[2]["value"].get<double>(), 12.0);
  EXPECT_EQ(table[3]["level"], "DRAM");
  EXPECT_DOUBLE_EQ(table[3]["value"].get<double>(), 100.0);
  EXPECT_NE(out["summary"].get<std::string>().find("DRAM 100 ns"), std::string::npos);
}

TEST(MatchLevels, LevelWithoutAPointIsNotMeasured) {
  const std::vector<CacheLevel> levels{{"L1d", 32 << 10}, {"L2", 512 << 10}};
  const auto out = match_levels({point(4 << 10, 1.0)}, levels);
  EXPECT_TRUE(out["levels"][1]["value"].is_null());
  EXPECT_TRUE(out["levels"][2]["value"].is_null());  // DRAM
  EXPECT_NE(out["summary"].get<std::string>().find("L2 not measured"), std::string::npos);
}

}  // namespace
}  // namespace accelbench::latency
