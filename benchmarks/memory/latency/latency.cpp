#include "latency.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <random>

namespace accelbench::latency {
std::size_t nodes(const Params& params) { return chase_nodes(params.integer("working_set_bytes")); }

std::size_t offset_nodes(const Params& params) {
  return offset_ring_nodes(params.integer("working_set_bytes"));
}

std::vector<Params> sweep(std::uint64_t largest_cache_bytes, Suite suite, SweepReach reach) {
  constexpr std::int64_t kSmallest = 4096;
  const std::int64_t factor = suite == Suite::kQuick ? 4 : 2;
  const auto largest =
      std::max(static_cast<std::int64_t>(reach.cache_multiple * (largest_cache_bytes > 0
                                                                     ? largest_cache_bytes
                                                                     : std::uint64_t{64} << 20)),
               reach.least_bytes);
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

Definition device_definition(
    const std::string& backend, const std::string& summary, const std::string& cache_name,
    std::function<std::uint64_t(const Device&)> cache_bytes,
    std::function<std::unique_ptr<Case>(const Device&, const Params&)> make_case,
    SweepReach reach) {
  Definition d;
  d.id = "memory/latency";
  d.backend = backend;
  d.claim = Claim::kInterconnect;
  d.metric = MetricKind::kLatency;
  d.spec = &spec();
  d.timer = Timer::kDevice;
  d.summary = summary;
  d.instances = [cache_bytes, reach](const Device& device, Suite suite) {
    return sweep(cache_bytes(device), suite, reach);
  };
  d.make_case = std::move(make_case);
  d.analyze = [cache_bytes, cache_name](const Device& device,
                                        const std::vector<SweepPoint>& points) {
    std::vector<CacheLevel> levels;
    if (const auto bytes = cache_bytes(device); bytes > 0) levels.push_back({cache_name, bytes});
    return match_levels(points, levels);
  };
  return d;
}

// Memory: the ring of the working set, on the device.
Footprint footprint(const Params& params) {
  return {static_cast<double>(params.integer("working_set_bytes"))};
}

const Spec& spec() {
  static const Spec kSpec{
      .id = "memory/latency",
      .claim = Claim::kInterconnect,
      .metric = MetricKind::kLatency,
      .compare_class = CompareClass::kMemory,
      .convention = "ns per dependent load of a random pointer chase, one load per 64-byte line",
      .parameters = {"working_set_bytes"},
      .how = {},
      .sweep = {"working_set_bytes", SweepHeadline::kLevels},
      .footprint = footprint,
  };
  return kSpec;
}

}  // namespace accelbench::latency
