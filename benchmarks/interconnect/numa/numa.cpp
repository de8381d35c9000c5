#include "numa.h"

#include <accelbench/details.h>
#include <accelbench/random_data.h>

#include <algorithm>
#include <cstdio>

namespace accelbench::numa {

int node(const Params& params, const char* key) {
  return static_cast<int>(params.integer_in(key, 0, 1023));
}

std::int64_t bytes(const Params& params, const char* key) {
  const std::int64_t n = params.integer(key);
  if (n < 4096)
    throw usage_error(std::string(key) + " must be at least 4096, not " + std::to_string(n));
  return n;
}

std::vector<Params> matrix(int nodes, const char* size_key, std::uint64_t last_level_cache_bytes) {
  constexpr std::int64_t kMiB = 1 << 20;
  const std::int64_t size =
      std::max<std::int64_t>(64 * kMiB, static_cast<std::int64_t>(4 * last_level_cache_bytes));
  std::vector<Params> points;
  for (int c = 0; c < nodes; ++c) {
    for (int m = 0; m < nodes; ++m) {
      Params p;
      p.set("cpu_node", c).set("mem_node", m).set(size_key, (size + kMiB - 1) / kMiB * kMiB);
      points.push_back(p);
    }
  }
  return points;
}

double element(std::uint64_t index) {
  return static_cast<double>(1 + splitmix64(splitmix64(kStream) ^ index) % 255);
}

std::uint64_t exact_sum(std::uint64_t n) {
  std::uint64_t sum = 0;
  for (std::uint64_t i = 0; i < n; ++i) sum += static_cast<std::uint64_t>(element(i));
  return sum;
}

nlohmann::ordered_json analyze(const std::vector<SweepPoint>& points, int nodes,
                               std::string_view unit) {
  const auto size = static_cast<std::size_t>(nodes);
  nlohmann::ordered_json table = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < size; ++i) {
    table.push_back(nlohmann::ordered_json::array());
    for (std::size_t j = 0; j < size; ++j) table[i].push_back(nullptr);
  }
  std::string cells;
  for (const auto& p : points) {
    const auto c = static_cast<std::size_t>(p.params.integer("cpu_node"));
    const auto m = static_cast<std::size_t>(p.params.integer("mem_node"));
    if (c >= size || m >= size) continue;
    table[c][m] = p.median;
    char text[96];
    std::snprintf(text, sizeof text, "%scores %zu -> memory %zu: %.4g %s",
                  cells.empty() ? "" : ", ", c, m, p.median, std::string(unit).c_str());
    cells += text;
  }
  const std::string shape = std::to_string(nodes) + "x" + std::to_string(nodes);
  return {
      {"summary", shape + (nodes == 1 ? " (single NUMA node: no remote memory to measure)" : "") +
                      ": " + cells},
      {"nodes", nodes},
      {"rows_are", "the cores' node"},
      {"columns_are", "the memory's node"},
      {"matrix", table},
      {"heatmap", heatmap(std::string(unit == "ns" ? "NUMA latency" : "NUMA bandwidth") +
                              " (CPU node -> memory node)",
                          "NUMA node", unit, table)}};
}

// Memory: the array or the ring, on the memory node.
Footprint footprint(const Params& params) {
  return {static_cast<double>(
      params.integer(params.has("array_bytes") ? "array_bytes" : "working_set_bytes"))};
}

const Spec& bandwidth_spec() {
  static const Spec kSpec{
      .id = "interconnect/numa_bandwidth",
      .claim = Claim::kInterconnect,
      .link = Link::kNuma,
      .metric = MetricKind::kBandwidth,
      .compare_class = CompareClass::kInterconnect,
      .convention = "read bandwidth: one 8-byte element read per element of the array",
      .parameters = {"cpu_node", "mem_node", "array_bytes"},
      .how = {},
      .sweep = {"array_bytes", SweepHeadline::kLargest},
      .footprint = footprint,
  };
  return kSpec;
}

const Spec& latency_spec() {
  static const Spec kSpec{
      .id = "interconnect/numa_latency",
      .claim = Claim::kInterconnect,
      .link = Link::kNuma,
      .metric = MetricKind::kLatency,
      .compare_class = CompareClass::kInterconnect,
      .convention = "ns per dependent load of a random pointer chase through the memory node",
      .parameters = {"cpu_node", "mem_node", "working_set_bytes"},
      .how = {},
      .sweep = {"working_set_bytes", SweepHeadline::kLargest},
      .footprint = footprint,
  };
  return kSpec;
}

}  // namespace accelbench::numa
