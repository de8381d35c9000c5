// interconnect/numa_bandwidth and interconnect/numa_latency: from every NUMA
// node's cores to every NUMA node's memory.
//
//   bandwidth: s = Σ a[i] over one array bound to node m, by all cores of node c
//              (read bandwidth, 8 B per element, GB/s)
//   latency:   random-cycle pointer chase (cpu::PointerChase) through memory
//              bound to node m, by one core of node c (ns per load)
//
// Memory is bound with hwloc (policy BIND, strict) and where the pages really
// are is recorded. One instance per (cpu_node, mem_node); the analysis gives
// the nodes × nodes matrices. On a single-node machine the matrix is 1 × 1 and
// says so.
#pragma once

#include <accelbench/benchmark.h>

#include <cstdint>
#include <span>
#include <vector>

namespace accelbench::numa {

inline constexpr std::uint64_t kStream = 201;

int node(const Params& params, const char* key);            // cpu_node, mem_node
std::int64_t bytes(const Params& params, const char* key);  // >= 4096

// Every (cpu_node, mem_node) with `size_key` = at least 4 × the LLC (64 MiB min).
std::vector<Params> matrix(int nodes, const char* size_key, std::uint64_t last_level_cache_bytes);

// Array element i: a random integer in [1, 255], so any sum is exact in double.
double element(std::uint64_t index);

// The sum of elements 0 … n−1, exactly (64-bit integers).
std::uint64_t exact_sum(std::uint64_t n);

// {"summary", "nodes", "matrix", "heatmap"} of the points' medians (the heat
// map for the report: accelbench/details.h).
nlohmann::ordered_json analyze(const std::vector<SweepPoint>& points, int nodes,
                               std::string_view unit);

// The specs of the bandwidth and the latency benchmark, shared by every backend.
const Spec& bandwidth_spec();
const Spec& latency_spec();

}  // namespace accelbench::numa
