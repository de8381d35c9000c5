#include "core_to_core.h"

#include <accelbench/details.h>

#include <algorithm>
#include <cstdio>
#include <map>

namespace accelbench::core_to_core {
namespace {

// Lower median: always a measured value.
double lower_median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[(values.size() - 1) / 2];
}

}  // namespace

std::vector<Pair> all_pairs(int cores) {
  std::vector<Pair> pairs;
  for (int a = 0; a < cores; ++a) {
    for (int b = a + 1; b < cores; ++b) pairs.push_back({a, b});
  }
  return pairs;
}

int cores(const Params& params) { return static_cast<int>(params.integer_in("cores", 1, 4096)); }

nlohmann::ordered_json details(int cores, const std::vector<PairResult>& pairs) {
  const auto size = static_cast<std::size_t>(cores);
  nlohmann::ordered_json matrix = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < size; ++i) {
    matrix.push_back(nlohmann::ordered_json::array());
    for (std::size_t j = 0; j < size; ++j) matrix[i].push_back(nullptr);
  }
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  std::map<std::string, std::vector<double>> groups;
  for (const auto& p : pairs) {
    if (p.one_way_ns.empty()) continue;
    std::vector<double> sorted(p.one_way_ns);
    std::sort(sorted.begin(), sorted.end());
    const double median = sorted[(sorted.size() - 1) / 2];
    matrix[static_cast<std::size_t>(p.pair.a)][static_cast<std::size_t>(p.pair.b)] = median;
    matrix[static_cast<std::size_t>(p.pair.b)][static_cast<std::size_t>(p.pair.a)] = median;
    rows.push_back({{"core_a", p.pair.a},
                    {"core_b", p.pair.b},
                    {"sharing", p.sharing},
                    {"median_ns", median},
                    {"min_ns", sorted.front()},
                    {"max_ns", sorted.back()},
                    {"iterations", sorted.size()}});
    groups[p.sharing].push_back(median);
  }
  nlohmann::ordered_json group_json = nlohmann::ordered_json::object();
  for (auto& [sharing, medians] : groups) {
    std::sort(medians.begin(), medians.end());
    group_json[sharing] = {{"pairs", medians.size()},
                           {"min_ns", medians.front()},
                           {"median_ns", lower_median(medians)},
                           {"max_ns", medians.back()}};
  }
  return {{"cores", cores},
          {"matrix_ns", matrix},
          {"pairs", rows},
          {"groups", group_json},
          {"note",
           "per pair: median, min, max of the one-way latency over every iteration, "
           "warm-up included; groups: over the pairs' medians"},
          {"heatmap", heatmap("core to core", "core", "ns", matrix)}};
}

nlohmann::ordered_json analyze(const std::vector<SweepPoint>& points) {
  std::string summary;
  for (const auto& p : points) {
    if (!p.details.contains("groups")) continue;
    for (const auto& [sharing, g] : p.details["groups"].items()) {
      char text[160];
      std::snprintf(text, sizeof text, "%s%s: %d pair(s), one-way %.4g ns median (%.4g .. %.4g)",
                    summary.empty() ? "" : "; ", sharing.c_str(), g["pairs"].get<int>(),
                    g["median_ns"].get<double>(), g["min_ns"].get<double>(),
                    g["max_ns"].get<double>());
      summary += text;
    }
  }
  return {{"summary", summary.empty() ? "no pairs measured" : summary}};
}

const Spec& spec() {
  static const Spec kSpec{
      .id = "interconnect/core_to_core",
      .claim = Claim::kInterconnect,
      .metric = MetricKind::kLatency,
      .compare_class = CompareClass::kInterconnect,
      .convention = "one-way trip of a cache line between two cores: half a ping-pong round trip",
      .parameters = {"cores"},
      .how = {},
      .sweep = {},
      .footprint = {},
  };
  return kSpec;
}

}  // namespace accelbench::core_to_core
