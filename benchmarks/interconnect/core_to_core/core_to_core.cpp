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

constexpr Protocol kProtocols[] = {Protocol::kTwoLines, Protocol::kOneLine, Protocol::kCas};

}  // namespace

Protocol protocol(const Params& params) {
  const std::string& name = params.text("protocol");
  for (Protocol p : kProtocols) {
    if (name == protocol_name(p)) return p;
  }
  throw usage_error("protocol must be two_lines, one_line or cas, not '" + name + "'");
}

std::string_view protocol_name(Protocol protocol) {
  switch (protocol) {
    case Protocol::kTwoLines:
      return "two_lines";
    case Protocol::kOneLine:
      return "one_line";
    case Protocol::kCas:
      return "cas";
  }
  return "unknown";
}

std::string_view protocol_description(Protocol protocol) {
  switch (protocol) {
    case Protocol::kTwoLines:
      return "two lines: each core writes its own line and polls the other's";
    case Protocol::kOneLine:
      return "one line: store/load ping-pong on one shared line";
    case Protocol::kCas:
      return "one line: compare-and-swap, each core spinning on the CAS";
  }
  return "unknown";
}

std::vector<std::uint64_t> final_line_values(Protocol protocol, std::uint64_t round_trips) {
  if (protocol == Protocol::kTwoLines) return {2 * round_trips - 1, 2 * round_trips};
  return {2 * round_trips};
}

std::vector<Params> instances(int cores, Suite suite) {
  std::vector<Params> points;
  for (Protocol p : kProtocols) {
    if (suite == Suite::kQuick && p != Protocol::kTwoLines) continue;
    Params params;
    params.set("cores", cores).set("protocol", std::string(protocol_name(p)));
    points.push_back(params);
  }
  return points;
}

std::vector<Pair> all_pairs(int cores) {
  std::vector<Pair> pairs;
  for (int a = 0; a < cores; ++a) {
    for (int b = a + 1; b < cores; ++b) pairs.push_back({a, b});
  }
  return pairs;
}

int cores(const Params& params) { return static_cast<int>(params.integer_in("cores", 1, 4096)); }

nlohmann::ordered_json details(Protocol protocol, int cores, const std::vector<PairResult>& pairs) {
  const auto size = static_cast<std::size_t>(cores);
  nlohmann::ordered_json matrix = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < size; ++i) {
    matrix.push_back(nlohmann::ordered_json::array());
    for (std::size_t j = 0; j < size; ++j) matrix[i].push_back(nullptr);
  }
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  std::map<std::string, std::vector<double>> groups;
  std::map<std::string, double> group_min_sample;
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
    const auto least = group_min_sample.find(p.sharing);
    if (least == group_min_sample.end() || sorted.front() < least->second) {
      group_min_sample[p.sharing] = sorted.front();
    }
  }
  nlohmann::ordered_json group_json = nlohmann::ordered_json::object();
  for (auto& [sharing, medians] : groups) {
    std::sort(medians.begin(), medians.end());
    group_json[sharing] = {{"pairs", medians.size()},
                           {"min_ns", medians.front()},
                           {"median_ns", lower_median(medians)},
                           {"max_ns", medians.back()},
                           {"min_sample_ns", group_min_sample[sharing]}};
  }
  const std::string name(protocol_name(protocol));
  return {{"protocol", name},
          {"protocol_note", protocol_description(protocol)},
          {"cores", cores},
          {"matrix_ns", matrix},
          {"pairs", rows},
          {"groups", group_json},
          {"note",
           "per pair: median, min, max of the one-way latency over every iteration, "
           "warm-up included; groups: over the pairs' medians, and min_sample_ns the least "
           "sample of any of the group's pairs"},
          {"heatmap", heatmap("core to core (" + name + ")", "core", "ns", matrix)}};
}

nlohmann::ordered_json analyze(const std::vector<SweepPoint>& points) {
  std::string summary;
  for (const auto& p : points) {
    if (!p.details.contains("groups")) continue;
    const std::string name = p.details.value("protocol", std::string("unknown"));
    for (const auto& [sharing, g] : p.details["groups"].items()) {
      char text[240];
      std::snprintf(text, sizeof text,
                    "%s%s, %s: %d pair(s), one-way median %.4g ns, min %.4g ns over samples "
                    "(pair medians %.4g .. %.4g)",
                    summary.empty() ? "" : "; ", name.c_str(), sharing.c_str(),
                    g["pairs"].get<int>(), g["median_ns"].get<double>(),
                    g.value("min_sample_ns", g["min_ns"].get<double>()), g["min_ns"].get<double>(),
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
      .link = Link::kCoreToCore,
      .metric = MetricKind::kLatency,
      .compare_class = CompareClass::kInterconnect,
      .convention =
          "one-way trip of a cache line between two cores: half a ping-pong round trip "
          "(protocol: two_lines, one_line or cas)",
      .parameters = {"cores", "protocol"},
      .how = {"protocol"},
      .sweep = {},
      .footprint = {},
  };
  return kSpec;
}

}  // namespace accelbench::core_to_core
