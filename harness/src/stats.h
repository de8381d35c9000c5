// Descriptive statistics of samples, in one place. Percentiles are
// nearest-rank: the p-th percentile of n sorted values is the value at rank
// ceil(p/100 · n) (1-based), so every reported percentile is a measured value.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <span>
#include <vector>

namespace accelbench::stats {

// Nearest-rank percentile of already sorted values; p in [0, 100].
// Throws std::invalid_argument on an empty input or p out of range.
double percentile_sorted(std::span<const double> sorted, double p);

struct Summary {
  std::size_t count = 0;
  double min = 0;
  double max = 0;
  double mean = 0;
  double median = 0;
  double p5 = 0;
  double p95 = 0;
  double p99 = 0;
  double stdev = 0;  // sample standard deviation (n - 1); 0 when n < 2
  double cv = 0;     // stdev / mean; 0 when the mean is 0
};

// Throws std::invalid_argument on an empty input.
Summary summarize(std::span<const double> values);

nlohmann::ordered_json to_json(const Summary& summary);

}  // namespace accelbench::stats
