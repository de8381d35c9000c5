#include "memory/latency/latency.h"

#include <accelbench/random_data.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "cpu/page_memory.h"
#include "cpu/pointer_chase.h"
#include "selection.h"

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

TEST(PageCrossingCycle, VisitsEveryLineOnceEachLoadOnAnotherPage) {
  constexpr std::size_t kLinesPerPage = 64;  // 4 KiB pages of 64-byte lines
  for (std::size_t pages : {2u, 3u, 17u, 256u}) {
    const std::size_t n = pages * kLinesPerPage;
    const auto order = page_crossing_cycle(n, kLinesPerPage, kSeed);
    ASSERT_EQ(order.size(), n);
    EXPECT_EQ(std::set<std::uint32_t>(order.begin(), order.end()).size(), n) << pages;
    EXPECT_LT(*std::max_element(order.begin(), order.end()), n);
    // Successive loads, and the last back to the first, on different pages.
    for (std::size_t k = 0; k < n; ++k) {
      ASSERT_NE(order[k] / kLinesPerPage, order[(k + 1) % n] / kLinesPerPage)
          << pages << " pages, load " << k;
    }
  }
  // Within a page the lines come in a random order, not line by line.
  const auto order = page_crossing_cycle(64 * 64, 64, kSeed);
  std::size_t next_line_of_the_page = 0;
  for (std::size_t k = 0; k + 64 < order.size(); ++k) {
    next_line_of_the_page += order[k + 64] == order[k] + 1;
  }
  EXPECT_LT(next_line_of_the_page, 200u);  // 4032 pairs; a page walked in line order gives 4032
  EXPECT_EQ(order, page_crossing_cycle(64 * 64, 64, kSeed));
}

TEST(PageCrossingCycle, RejectsPartPagesAndASinglePage) {
  EXPECT_THROW(page_crossing_cycle(64, 64, kSeed), std::logic_error);
  EXPECT_THROW(page_crossing_cycle(200, 64, kSeed), std::logic_error);
  EXPECT_THROW(page_crossing_cycle(128, 0, kSeed), std::logic_error);
}

TEST(PointerChase, FollowsAPageCrossingCycle) {
  struct alignas(64) Line {
    std::byte bytes[64];
  };
  std::vector<Line> lines(64 * 8);
  cpu::PointerChase chase(lines.data(), chase_cycle({Pages::k4k, Order::kPages}, lines.size()));
  chase.chase(1000);
  EXPECT_EQ(chase.verify().outcome, Verification::Outcome::kPassed);
}

Params cpu_params(const std::string& pages, const std::string& order, std::int64_t bytes) {
  Params p;
  p.set("pages", pages).set("order", order).set("working_set_bytes", bytes);
  return p;
}

void expect_usage_error(const Params& params, const std::string& words) {
  try {
    convention(params);
    ADD_FAILURE() << "no usage error for " << params.name();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
  }
}

TEST(Convention, ParsesBothParametersAndRejectsTheRest) {
  const Convention c = convention(cpu_params("huge", "pages", 8192));
  EXPECT_EQ(c.pages, Pages::kHuge);
  EXPECT_EQ(c.order, Order::kPages);
  EXPECT_EQ(convention_text(c), "huge pages, page-crossing order");
  EXPECT_EQ(convention(cpu_params("4k", "lines", 4096)).order, Order::kLines);
  expect_usage_error(cpu_params("2m", "lines", 4096), "pages must be 4k or huge");
  expect_usage_error(cpu_params("4k", "tlb", 4096), "order must be lines or pages");
  expect_usage_error(cpu_params("4k", "pages", 10000), "whole 4096 B pages");
  try {
    convention(cpu_params("4k", "pages", 4096));
    ADD_FAILURE() << "a one-page working set in page order was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnsupported) << "skipped: the rest of a sweep runs";
    EXPECT_NE(std::string(e.what()).find("at least two"), std::string::npos) << e.what();
  }
}

TEST(CpuSweep, QuickKeepsTodaysDefaultFullAddsTheOtherConventions) {
  const auto quick = cpu_sweep(32u << 20, Suite::kQuick);
  const auto sizes = sweep(32u << 20, Suite::kQuick);
  ASSERT_EQ(quick.size(), sizes.size());
  for (std::size_t i = 0; i < quick.size(); ++i) {
    EXPECT_EQ(quick[i].name(), "pages:4k/order:lines/" + sizes[i].name());
  }
  std::map<std::string, std::vector<std::int64_t>> full;
  for (const auto& p : cpu_sweep(32u << 20, Suite::kFull)) {
    full[p.text("pages") + "/" + p.text("order")].push_back(p.integer("working_set_bytes"));
    EXPECT_NO_THROW(convention(p)) << p.name();
  }
  ASSERT_EQ(full.size(), 4u);
  EXPECT_EQ(full["4k/lines"].front(), 4096);
  EXPECT_EQ(full["huge/lines"].front(), 4096);
  EXPECT_EQ(full["4k/pages"].front(), 8192);  // two pages at least
  EXPECT_EQ(full["huge/pages"].back(), full["4k/lines"].back());
}

SweepPoint cpu_point(const std::string& pages, std::int64_t bytes, double ns,
                     std::int64_t huge_bytes) {
  nlohmann::ordered_json details = {{"pages",
                                     {{"requested", pages},
                                      {"buffer_bytes", 4 << 20},
                                      {"huge_page_size_bytes", 2 << 20},
                                      {"huge_page_bytes", huge_bytes}}}};
  return {cpu_params(pages, "lines", bytes), ns, details};
}

TEST(MatchLevelsByConvention, NamesEachConventionAndThePagesObtained) {
  const std::vector<CacheLevel> levels{{"L1d", 48 << 10}};
  const std::vector<SweepPoint> points{
      cpu_point("4k", 4 << 10, 1.0, 0),
      cpu_point("4k", 1 << 20, 9.0, 0),
      cpu_point("huge", 4 << 10, 1.1, 4 << 20),
      cpu_point("huge", 1 << 20, 8.0, 2 << 20),
  };
  const auto out = match_levels_by_convention(points, levels);
  const std::string summary = out["summary"].get<std::string>();
  EXPECT_EQ(out.begin().key(), "summary");
  EXPECT_NE(summary.find("4 KiB pages, random line order (got 4 KiB pages): L1d 1 ns"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("huge pages, random line order (got 2 MiB pages on 50% to 100% of the "
                         "buffers, 4 KiB pages elsewhere): L1d 1.1 ns"),
            std::string::npos)
      << summary;
  ASSERT_EQ(out["conventions"].size(), 2u);
  EXPECT_EQ(out["conventions"][1]["pages"], "huge");
  EXPECT_EQ(out["levels"][0]["value"], 1.0);  // the first convention's, as before
}

TEST(AnonHugePagesIn, CountsTheMappingsOverlappingTheRange) {
  std::istringstream smaps(
      "7f0000000000-7f0000400000 rw-p 00000000 00:00 0 \n"
      "Size:               4096 kB\n"
      "AnonHugePages:      2048 kB\n"
      "7f0000400000-7f0000800000 rw-p 00000000 00:00 0 \n"
      "AnonHugePages:      4096 kB\n"
      "7f0000800000-7f0000a00000 rw-p 00000000 00:00 0  [heap]\n"
      "AnonHugePages:      2048 kB\n");
  const auto inside = cpu::anon_huge_pages_in(smaps, 0x7f0000000000, 0x7f0000800000);
  EXPECT_EQ(inside.bytes, std::uint64_t{6} << 20);
  EXPECT_TRUE(inside.exact);
  smaps.clear();
  smaps.seekg(0);
  const auto part = cpu::anon_huge_pages_in(smaps, 0x7f0000100000, 0x7f0000200000);
  EXPECT_EQ(part.bytes, std::uint64_t{2} << 20);
  EXPECT_FALSE(part.exact);  // the mapping is larger than the range
}

TEST(PageMemory, SmallPagesAreFourKibAndHugePagesAreAskedFor) {
  cpu::PageMemory small(3 << 20, cpu::PageRequest::kSmall);
  EXPECT_EQ(small.bytes() % cpu::huge_page_bytes(), 0u);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(small.get()) % cpu::huge_page_bytes(), 0u);
  std::fill_n(static_cast<char*>(small.get()), small.bytes(), 1);
  const auto small_pages = small.huge_pages();
  ASSERT_TRUE(small_pages.has_value()) << "/proc/self/smaps unreadable";
  EXPECT_EQ(small_pages->bytes, 0u);  // MADV_NOHUGEPAGE, whatever the THP mode
  const std::string mode = cpu::transparent_huge_pages();
  if (mode == "not exposed" || mode.find("[never]") != std::string::npos) {
    EXPECT_THROW(cpu::PageMemory(4 << 20, cpu::PageRequest::kHuge), Error);
    return;
  }
  cpu::PageMemory huge(4 << 20, cpu::PageRequest::kHuge);
  std::fill_n(static_cast<char*>(huge.get()), huge.bytes(), 1);
  const auto huge_pages = huge.huge_pages();
  ASSERT_TRUE(huge_pages.has_value());
  EXPECT_LE(huge_pages->bytes, huge.bytes());  // the kernel may give fewer, never more
  EXPECT_TRUE(huge_pages->exact);
}

// Each convention through the CPU case at 64 KiB: verification passes and
// the details record the pages obtained.
class EveryConvention : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(EveryConvention, ChaseIsVerifiedAndPagesAreRecorded) {
  const auto& all = Registry::instance().all();
  const auto definition = std::find_if(all.begin(), all.end(), [](const Definition& d) {
    return d.id == "memory/latency" && d.backend == "cpu";
  });
  ASSERT_NE(definition, all.end());
  const DeviceCatalog catalog = enumerate_devices();
  const auto device = std::find_if(catalog.devices.begin(), catalog.devices.end(),
                                   [](const Device& d) { return d.backend == "cpu"; });
  ASSERT_NE(device, catalog.devices.end());
  const Params params = cpu_params(GetParam().first, GetParam().second, 64 << 10);
  auto run = definition->make_case(*device, params);
  try {
    run->setup();
  } catch (const Error& e) {
    ASSERT_EQ(e.kind(), ErrorKind::kUnsupported) << e.what();
    GTEST_SKIP() << e.what();
  }
  run->iterate();
  EXPECT_EQ(run->verify().outcome, Verification::Outcome::kPassed);
  const auto d = run->details();
  EXPECT_EQ(d["pages"]["requested"], GetParam().first);
  EXPECT_TRUE(d["pages"]["huge_page_bytes"].is_number());
  EXPECT_EQ(d["convention"], convention_text(convention(params)));
  EXPECT_NE(run->work().convention.find(convention_text(convention(params))), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Conventions, EveryConvention,
                         ::testing::Values(std::pair{"4k", "lines"}, std::pair{"4k", "pages"},
                                           std::pair{"huge", "lines"}, std::pair{"huge", "pages"}));

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
