#include "latency.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <numeric>
#include <random>

namespace accelbench::latency {
namespace {

std::string format_ns(double ns) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3g ns", ns);
  return text;
}

std::string format_size(std::uint64_t bytes) {
  char text[32];
  if (bytes >= (1u << 20)) {
    std::snprintf(text, sizeof text, "%.4g MiB", static_cast<double>(bytes) / (1 << 20));
  } else {
    std::snprintf(text, sizeof text, "%.4g KiB", static_cast<double>(bytes) / 1024);
  }
  return text;
}

}  // namespace

std::vector<std::uint32_t> random_cycle(std::size_t nodes, std::uint64_t seed) {
  std::vector<std::uint32_t> order(nodes);
  std::iota(order.begin(), order.end(), 0u);
  std::mt19937_64 generator(seed);
  // Sattolo's algorithm: like Fisher-Yates but j < i, which yields exactly
  // the permutations that are one cycle, each with equal probability.
  for (std::size_t i = nodes - 1; i > 0; --i) {
    std::uniform_int_distribution<std::size_t> pick(0, i - 1);
    std::swap(order[i], order[pick(generator)]);
  }
  return order;
}

std::size_t nodes(const Params& params) {
  const std::int64_t bytes = params.integer("working_set_bytes");
  const auto lines = static_cast<std::uint64_t>(bytes) / kLineBytes;
  if (bytes < static_cast<std::int64_t>(2 * kLineBytes) ||
      lines > std::numeric_limits<std::uint32_t>::max()) {
    throw usage_error("working_set_bytes must be between 128 B and 256 GiB, not " +
                      std::to_string(bytes));
  }
  return static_cast<std::size_t>(lines);
}

std::vector<Params> sweep(std::uint64_t largest_cache_bytes, Suite suite) {
  constexpr std::int64_t kSmallest = 4096;
  const std::int64_t factor = suite == Suite::kQuick ? 4 : 2;
  const auto largest = static_cast<std::int64_t>(
      4 * (largest_cache_bytes > 0 ? largest_cache_bytes : std::uint64_t{64} << 20));
  std::vector<Params> points;
  for (std::int64_t bytes = kSmallest;; bytes *= factor) {
    Params p;
    p.set("working_set_bytes", bytes);
    points.push_back(p);
    if (bytes >= largest) break;
  }
  return points;
}

Work work() {
  Work w;
  w.operations = kLoadsPerIteration;
  w.convention = "one dependent 8-byte load per node (one 64-byte cache line per node), " +
                 std::to_string(kLoadsPerIteration) + " loads per iteration";
  return w;
}

nlohmann::ordered_json match_levels(const std::vector<SweepPoint>& points,
                                    const std::vector<CacheLevel>& levels) {
  nlohmann::ordered_json out;
  nlohmann::ordered_json table = nlohmann::ordered_json::array();
  std::string summary;
  auto level_entry = [&](const std::string& name, std::uint64_t low, std::uint64_t high) {
    std::vector<double> medians;
    nlohmann::ordered_json sizes = nlohmann::ordered_json::array();
    for (const auto& p : points) {
      const auto ws = static_cast<std::uint64_t>(p.params.integer("working_set_bytes"));
      if (ws > low && ws <= high) {
        medians.push_back(p.median);
        sizes.push_back(ws);
      }
    }
    nlohmann::ordered_json entry = {
        {"level", name}, {"working_set_min_bytes", low + 1}, {"working_set_max_bytes", high}};
    if (!summary.empty()) summary += ", ";
    if (medians.empty()) {
      entry["ns"] = nullptr;
      entry["note"] = "not measured: no working set in this range";
      summary += name + " not measured";
    } else {
      std::sort(medians.begin(), medians.end());
      const double ns = medians[(medians.size() - 1) / 2];
      entry["ns"] = ns;
      entry["working_sets_bytes"] = sizes;
      summary += name + " " + format_ns(ns);
    }
    table.push_back(entry);
  };
  std::uint64_t previous = 0;
  for (const auto& level : levels) {
    const std::uint64_t low = previous == 0 ? 0 : 2 * previous - 1;
    level_entry(level.name, low, level.bytes / 2);
    previous = level.bytes;
  }
  if (previous > 0) {
    level_entry("DRAM", 4 * previous - 1, std::numeric_limits<std::uint64_t>::max());
  }
  std::string sizes;
  for (const auto& level : levels)
    sizes += (sizes.empty() ? "" : ", ") + level.name + " " + format_size(level.bytes);
  out["summary"] = summary + " (caches from hwloc: " + sizes + ")";
  out["levels"] = table;
  return out;
}

}  // namespace accelbench::latency
