#include "latency.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <random>

namespace accelbench::latency {
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

nlohmann::ordered_json match_levels(const std::vector<SweepPoint>& points,
                                    const std::vector<CacheLevel>& levels) {
  std::vector<SizedValue> sized;
  for (const auto& p : points) {
    sized.push_back({static_cast<std::uint64_t>(p.params.integer("working_set_bytes")), p.median});
  }
  return match_cache_levels(sized, levels, "ns");
}

}  // namespace accelbench::latency
