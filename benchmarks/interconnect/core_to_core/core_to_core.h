// interconnect/core_to_core: cache-line ping-pong latency between every pair
// of cores, by one of three protocols (parameter `protocol`), k = 0 … round_trips−1:
//
//   two_lines (default): core a: A = 2k+1; wait until B == 2k+2
//                        core b: wait until A == 2k+1; B = 2k+2
//     each core writes its own line and polls the other's (two lines move);
//   one_line:            core a: F = 2k+1; wait until F == 2k+2
//                        core b: wait until F == 2k+1; F = 2k+2
//     store/load on one shared line;
//   cas:                 core a: spin on CAS(F: 2k → 2k+1);  then wait for F == 2R
//                        core b: spin on CAS(F: 2k+1 → 2k+2)
//     compare-and-swap on one line, the spinning core keeps pulling it.
//
// Each wait is for the exact value of that round trip, so every round trip is
// checked as it happens, and the lines' final values after the iteration are
// verified. One-way latency = time of the round trips / (2 × round trips),
// in ns (lower is better). Both threads are pinned with hwloc; the full matrix,
// each pair's distribution over iterations and the pairs grouped by what they
// share (same L2, same L3, same package, across packages) are in the details.
#pragma once

#include <accelbench/benchmark.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace accelbench::core_to_core {

inline constexpr std::int64_t kRoundTrips = 2000;

enum class Protocol { kTwoLines, kOneLine, kCas };

// The protocol of `params` ("protocol": two_lines | one_line | cas); a usage
// error for any other value.
Protocol protocol(const Params& params);
std::string_view protocol_name(Protocol protocol);
// One line on what the protocol does (the README names the tools that use each).
std::string_view protocol_description(Protocol protocol);

// What the lines hold after `round_trips` round trips, one value per line the
// protocol uses: two_lines {2R−1, 2R} (A, B); one_line and cas {2R}.
std::vector<std::uint64_t> final_line_values(Protocol protocol, std::uint64_t round_trips);

// The instances: the default protocol (two_lines) for quick, all three for full.
std::vector<Params> instances(int cores, Suite suite);

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

// {"protocol", "cores", "matrix_ns" (cores × cores, null on the diagonal),
//  "pairs" (each pair's median/min/max over its samples), "groups": per
//  sharing kind count/min/median/max of the pairs' medians and
//  "min_sample_ns", the least one-way latency of any sample of its pairs,
//  "heatmap": the matrix for the report (accelbench/details.h)}.
nlohmann::ordered_json details(Protocol protocol, int cores, const std::vector<PairResult>& pairs);

nlohmann::ordered_json analyze(const std::vector<SweepPoint>& points);

// The benchmark's spec (claim, metric, parameters, footprint), shared by every
// backend.
const Spec& spec();

}  // namespace accelbench::core_to_core
