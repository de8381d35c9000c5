#include "stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace accelbench::stats {

double percentile_sorted(std::span<const double> sorted, double p) {
  if (sorted.empty()) throw std::invalid_argument("percentile of no values");
  if (!(p >= 0 && p <= 100)) throw std::invalid_argument("percentile outside [0, 100]");
  const auto n = static_cast<double>(sorted.size());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * n));
  return sorted[rank == 0 ? 0 : rank - 1];
}

Summary summarize(std::span<const double> values) {
  if (values.empty()) throw std::invalid_argument("summary of no values");
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  Summary s;
  s.count = sorted.size();
  s.min = sorted.front();
  s.max = sorted.back();
  s.mean = std::accumulate(sorted.begin(), sorted.end(), 0.0) / static_cast<double>(s.count);
  s.median = percentile_sorted(sorted, 50);
  s.p5 = percentile_sorted(sorted, 5);
  s.p95 = percentile_sorted(sorted, 95);
  s.p99 = percentile_sorted(sorted, 99);
  if (s.count > 1) {
    double squares = 0;
    for (double v : sorted) squares += (v - s.mean) * (v - s.mean);
    s.stdev = std::sqrt(squares / static_cast<double>(s.count - 1));
  }
  s.cv = s.mean != 0 ? s.stdev / std::fabs(s.mean) : 0;
  return s;
}

nlohmann::ordered_json to_json(const Summary& s) {
  return {{"count", s.count}, {"median", s.median}, {"mean", s.mean}, {"min", s.min},
          {"max", s.max},     {"p5", s.p5},         {"p95", s.p95},   {"p99", s.p99},
          {"stdev", s.stdev}, {"cv", s.cv}};
}

}  // namespace accelbench::stats
