#include "os_noise.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <stdexcept>

namespace accelbench::os_noise {

std::uint64_t lcg_jump(std::uint64_t x, std::uint64_t steps) {
  // (a, c) of the map applied so far, and of the current power of the step.
  std::uint64_t total_a = 1, total_c = 0;
  std::uint64_t a = 6364136223846793005ULL, c = 1442695040888963407ULL;
  while (steps > 0) {
    if (steps & 1) {
      total_a = a * total_a;
      total_c = a * total_c + c;
    }
    c = a * c + c;
    a = a * a;
    steps >>= 1;
  }
  return total_a * x + total_c;
}

int threads(const Params& params) {
  return static_cast<int>(params.integer_in("threads", 1, 4096));
}

CoreNoise summarize_core(const std::vector<double>& quantum_ns) {
  if (quantum_ns.empty()) throw std::invalid_argument("no quanta measured");
  std::vector<double> sorted(quantum_ns);
  std::sort(sorted.begin(), sorted.end());
  CoreNoise n;
  n.quanta = sorted.size();
  n.min_ns = sorted.front();
  n.max_ns = sorted.back();
  n.median_ns = sorted[(sorted.size() - 1) / 2];
  const double total = std::accumulate(sorted.begin(), sorted.end(), 0.0);
  n.noise_fraction = 1.0 - static_cast<double>(n.quanta) * n.min_ns / total;
  n.max_detour_ns = n.max_ns - n.min_ns;
  n.slow_quanta = static_cast<std::uint64_t>(
      sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), 1.1 * n.min_ns));
  return n;
}

nlohmann::ordered_json analyze(const std::vector<SweepPoint>& points) {
  std::string summary;
  for (const auto& p : points) {
    if (!p.details.contains("cores")) continue;
    for (const auto& core : p.details["cores"]) {
      char text[128];
      std::snprintf(text, sizeof text, "%sPU %d: noise %.2f%%, largest detour %.1f us",
                    summary.empty() ? "" : "; ", core["pu"].get<int>(),
                    100 * core["noise_fraction"].get<double>(),
                    core["max_detour_ns"].get<double>() / 1000);
      summary += text;
    }
  }
  return {{"summary", summary.empty() ? "no per-core figures" : summary}};
}

const Spec& spec() {
  static const Spec kSpec{
      .id = "stability/os_noise",
      .claim = Claim::kStability,
      .link = Link::kNone,
      .metric = MetricKind::kLatency,
      .compare_class = CompareClass::kInterconnect,
      .convention = "ns per fixed work quantum on every pinned core",
      .parameters = {"threads"},
      .how = {"threads"},
      .sweep = {},
      .footprint = {},
  };
  return kSpec;
}

}  // namespace accelbench::os_noise
