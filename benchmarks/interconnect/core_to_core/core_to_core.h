// interconnect/core_to_core: cache-line ping-pong latency between every pair
// of cores.
//
//   core a: flag = 2k+1; wait until flag == 2k+2     (k = 0 … round_trips−1)
//   core b: wait until flag == 2k+1; flag = 2k+2
//
// The flag is one 64-byte cache line that moves between the two cores' caches
// on every write. One-way latency = time of the round trips / (2 × round trips),
// in ns (lower is better). Both threads are pinned with hwloc; the full matrix,
// each pair's distribution over iterations and the pairs grouped by what they
// share (same L2, same L3, same package, across packages) are in the details.
#pragma once

#include <accelbench/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

namespace accelbench::core_to_core {

inline constexpr std::int64_t kRoundTrips = 2000;

struct Pair {
  int a, b;  // core indices, a < b
};

// Every unordered pair of `cores` cores.
std::vector<Pair> all_pairs(int cores);

int cores(const Params& params);  // usage error below 1

struct PairResult {
  Pair pair;
  std::string sharing;
  std::vector<double> one_way_ns;  // one value per iteration
};

// {"cores", "matrix_ns" (cores × cores, null on the diagonal), "pairs",
//  "groups": per sharing kind count/min/median/max of the pairs' medians,
//  "heatmap": the matrix for the report (accelbench/details.h)}.
nlohmann::ordered_json details(int cores, const std::vector<PairResult>& pairs);

nlohmann::ordered_json analyze(const std::vector<SweepPoint>& points);

// The benchmark's spec (claim, metric, parameters, footprint), shared by every
// backend.
const Spec& spec();

}  // namespace accelbench::core_to_core
