#include <accelbench/sweep_analysis.h>

#include <algorithm>
#include <limits>

#include "units.h"

namespace accelbench {

nlohmann::ordered_json match_cache_levels(const std::vector<SizedValue>& points,
                                          const std::vector<CacheLevel>& levels,
                                          std::string_view unit) {
  nlohmann::ordered_json table = nlohmann::ordered_json::array();
  std::string summary;
  auto add_level = [&](const std::string& name, std::uint64_t low, std::uint64_t high) {
    std::vector<double> values;
    nlohmann::ordered_json sizes = nlohmann::ordered_json::array();
    for (const auto& p : points) {
      if (p.working_set_bytes >= low && p.working_set_bytes <= high) {
        values.push_back(p.value);
        sizes.push_back(p.working_set_bytes);
      }
    }
    nlohmann::ordered_json entry = {{"level", name}, {"working_set_min_bytes", low}};
    entry["working_set_max_bytes"] = high == std::numeric_limits<std::uint64_t>::max()
                                         ? nlohmann::ordered_json(nullptr)
                                         : nlohmann::ordered_json(high);
    if (!summary.empty()) summary += ", ";
    if (values.empty()) {
      entry["value"] = nullptr;
      entry["note"] = "not measured: no working set in this range";
      summary += name + " not measured";
    } else {
      std::sort(values.begin(), values.end());
      const double median = values[(values.size() - 1) / 2];  // lower median: a measured value
      entry["value"] = median;
      entry["working_sets_bytes"] = sizes;
      summary += name + " " + format_quantity(median, unit);
    }
    table.push_back(entry);
  };
  std::uint64_t previous = 0;
  for (const auto& level : levels) {
    add_level(level.name, 2 * previous, level.bytes / 2);
    previous = level.bytes;
  }
  if (previous > 0) add_level("DRAM", 4 * previous, std::numeric_limits<std::uint64_t>::max());
  std::string sizes;
  for (const auto& level : levels) {
    sizes += (sizes.empty() ? "" : ", ") + level.name + " " +
             format_bytes(static_cast<double>(level.bytes));
  }
  return {
      {"summary", summary + " (cache sizes: " + sizes + ")"}, {"unit", unit}, {"levels", table}};
}

}  // namespace accelbench
