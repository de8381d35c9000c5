#include <accelbench/stragglers.h>

#include <algorithm>
#include <stdexcept>

#include "stats.h"

namespace accelbench::stats {

Stragglers stragglers(const std::vector<std::vector<double>>& seconds_by_rank, double margin) {
  Stragglers out;
  const std::size_t ranks = seconds_by_rank.size();
  out.last_fraction.assign(ranks, 0.0);
  if (ranks == 0) return out;
  out.iterations = seconds_by_rank.front().size();
  for (const auto& times : seconds_by_rank) {
    if (times.size() != out.iterations) {
      throw std::invalid_argument("stragglers: the ranks have different iteration counts");
    }
  }
  if (out.iterations == 0) return out;
  std::vector<double> indices;
  std::vector<std::size_t> last_counts(ranks, 0);
  std::vector<double> column(ranks);
  for (std::size_t i = 0; i < out.iterations; ++i) {
    for (std::size_t r = 0; r < ranks; ++r) column[r] = seconds_by_rank[r][i];
    const auto slowest =
        static_cast<std::size_t>(std::max_element(column.begin(), column.end()) - column.begin());
    const double max = column[slowest];
    std::vector<double> sorted = column;
    std::sort(sorted.begin(), sorted.end());
    const double median =
        ranks % 2 ? sorted[ranks / 2] : (sorted[ranks / 2 - 1] + sorted[ranks / 2]) / 2;
    if (median > 0) indices.push_back(max / median);
    if (max > (1 + margin) * median) ++last_counts[slowest];
  }
  std::sort(indices.begin(), indices.end());
  if (!indices.empty()) {
    out.index_p50 = percentile_sorted(indices, 50);
    out.index_p99 = percentile_sorted(indices, 99);
  }
  for (std::size_t r = 0; r < ranks; ++r) {
    out.last_fraction[r] =
        static_cast<double>(last_counts[r]) / static_cast<double>(out.iterations);
    if (out.last_fraction[r] >= 0.5) out.persistent = r;
  }
  return out;
}

}  // namespace accelbench::stats
