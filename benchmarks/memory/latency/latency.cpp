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

std::size_t offset_nodes(const Params& params) {
  const std::size_t n = nodes(params);
  if (n * kWordsPerLine > std::numeric_limits<std::uint32_t>::max()) {
    throw usage_error("working_set_bytes is limited to 16 GiB on accelerators (32-bit offsets)");
  }
  return n;
}

Work offset_chase_work() {
  Work w;
  w.operations = kDeviceLoads;
  w.convention = "one dependent 4-byte load per 64-byte line; ns per load = kernel time / " +
                 std::to_string(kDeviceLoads) + " loads";
  return w;
}

std::vector<std::uint32_t> offset_ring(const std::vector<std::uint32_t>& order) {
  std::vector<std::uint32_t> words(order.size() * kWordsPerLine, 0);
  for (std::size_t k = 0; k < order.size(); ++k) {
    words[order[k] * kWordsPerLine] =
        static_cast<std::uint32_t>(order[(k + 1) % order.size()] * kWordsPerLine);
  }
  return words;
}

std::uint64_t offset_after(const std::vector<std::uint32_t>& order, std::uint64_t loads) {
  return static_cast<std::uint64_t>(order[loads % order.size()]) * kWordsPerLine;
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
      .footprint = footprint,
  };
  return kSpec;
}

}  // namespace accelbench::latency
