// Figures from a size sweep, for Definition::analyze: which cache level each
// working set lives in, and the value of each level's plateau.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace accelbench {

struct SizedValue {
  std::uint64_t working_set_bytes;
  double value;  // the point's median metric
};

struct CacheLevel {
  std::string name;  // "L1d", "L2", "L3"
  std::uint64_t bytes;
};

// The value of each level: the median over the working sets that fit it
// comfortably (at least twice the level above, at most half the level), and
// DRAM over working sets of at least 4 × the last level. A level with no such
// point is reported as not measured, with the range that would have been
// needed. Returns {"summary", "levels": [...]}; `unit` is for the summary.
nlohmann::ordered_json match_cache_levels(const std::vector<SizedValue>& points,
                                          const std::vector<CacheLevel>& levels,
                                          std::string_view unit);

}  // namespace accelbench
