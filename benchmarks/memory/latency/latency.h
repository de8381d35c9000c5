// memory/latency: load-to-use latency by pointer chase.
//
//   p = p->next   repeated; each node is one cache line; the nodes form one
//                 random cycle through every line of the working set
//
// Unit: ns per load = iteration time / loads per iteration (lower is better).
// The order is a random cyclic permutation (Sattolo's algorithm), so no
// prefetcher can predict the next line: a sequential or strided chase would
// measure the prefetcher (≈ 2 ns at any size), not the latency. Working sets
// sweep from 4 KiB to at least 4 × the last-level cache; the analysis matches
// the plateaus to the cache sizes hwloc reports (L1d, L2, L3, DRAM).
//
// On the CPU two more parameters name the convention of each figure:
//   pages=4k|huge     4 KiB pages (madvise(MADV_NOHUGEPAGE)) or transparent
//                     huge pages (madvise(MADV_HUGEPAGE)); the page size
//                     obtained is read back from /proc/self/smaps;
//   order=lines|pages one random cycle through the lines, or a page-crossing
//                     cycle: every load on a different 4 KiB page than the one
//                     before (the TLB-hostile order of lmbench's lat_mem_rd -t).
#pragma once

#include <accelbench/benchmark.h>
#include <accelbench/offset_ring.h>
#include <accelbench/sweep_analysis.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace accelbench::latency {

inline constexpr std::uint64_t kSeed = kChaseSeed;  // every backend chases the same cycle

// Nodes (cache lines) in the working set; throws a usage error outside
// [2 lines, 2^32 lines].
std::size_t nodes(const Params& params);

// How far a sweep reaches: at least `cache_multiple` × the largest cache and
// at least `least_bytes`.
struct SweepReach {
  std::uint64_t cache_multiple = 4;
  std::int64_t least_bytes = 0;
};
// A GPU's L2 is a large share of a few hundred MiB (60 MB on an H200: 4 x L2
// still hits it a quarter of the time): its memory point goes to 16 x L2 and
// at least 1 GiB, where L2 serves 1/16 of the loads or fewer.
inline constexpr SweepReach kGpuSweepReach{16, std::int64_t{1} << 30};

enum class Pages { k4k, kHuge };
enum class Order { kLines, kPages };
struct Convention {
  Pages pages = Pages::k4k;
  Order order = Order::kLines;
};
inline constexpr std::int64_t kPageBytes = 4096;  // the page order's page

// The convention of a CPU instance's `params`, checked: usage errors for
// values other than 4k|huge and lines|pages, and for order=pages with a
// working set that is not whole 4 KiB pages, at least two.
Convention convention(const Params& params);
std::string_view pages_name(Pages pages);
std::string_view order_name(Order order);
// In words, for the console: "4 KiB pages, random line order".
std::string convention_text(Convention convention);

// The cycle of `nodes` lines the convention's order asks for (kSeed).
std::vector<std::uint32_t> chase_cycle(Convention convention, std::size_t nodes);

// Working sets from 4 KiB to >= the reach (4 × the largest cache by default):
// × 4 steps for quick, × 2 for full.
std::vector<Params> sweep(std::uint64_t largest_cache_bytes, Suite suite, SweepReach reach = {});

// The CPU's instances: pages, order and working_set_bytes. Quick: the sweep
// with 4 KiB pages and line order; full: that, then huge pages, then page
// order with 4 KiB and with huge pages (page order from 8 KiB, two pages).
std::vector<Params> cpu_sweep(std::uint64_t largest_cache_bytes, Suite suite);

// The chase of the accelerator backends: the offset ring of
// <accelbench/offset_ring.h> (kDeviceLoads loads per kernel); nodes(params),
// with a usage error beyond 16 GiB (32-bit offsets).
std::size_t offset_nodes(const Params& params);

// The latency of each cache level (accelbench::match_cache_levels).
nlohmann::ordered_json match_levels(const std::vector<SweepPoint>& points,
                                    const std::vector<CacheLevel>& levels);

// match_levels for each convention among `points` (CPU instances), in the
// order they first appear: {"summary" naming each convention, "unit" and
// "levels" of the first, "conventions": [{"pages", "order", "convention",
// "page_size", "summary", "unit", "levels"}]}. "page_size" sums up the
// details' "pages" records: what the kernel gave.
nlohmann::ordered_json match_levels_by_convention(const std::vector<SweepPoint>& points,
                                                  const std::vector<CacheLevel>& levels);

// The definition for an accelerator backend whose device reports one cache
// level above its memory (`cache_name`, `cache_bytes` of the device; 0 if
// unknown): working sets to `reach` (4 x that cache by default), device-timed.
Definition device_definition(
    const std::string& backend, const std::string& summary, const std::string& cache_name,
    std::function<std::uint64_t(const Device&)> cache_bytes,
    std::function<std::unique_ptr<Case>(const Device&, const Params&)> make_case,
    SweepReach reach = {});

// The benchmark's spec (claim, metric, parameters, footprint), shared by every
// backend.
const Spec& spec();

}  // namespace accelbench::latency
