// Descriptive statistics of samples, in one place. Percentiles are
// nearest-rank: the p-th percentile of n sorted values is the value at rank
// ceil(p/100 · n) (1-based), so every reported percentile is a measured value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
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

struct Interval {
  double low = 0;
  double high = 0;
};

// Percentile bootstrap confidence interval of the median: `resamples`
// resamples with replacement (a fixed seed, so a file is reproducible from
// its samples), nearest-rank percentiles of their medians. Throws
// std::invalid_argument on an empty input or a confidence outside (0, 1).
Interval bootstrap_median_ci(std::span<const double> values, double confidence = 0.95,
                             int resamples = 1000, std::uint64_t seed = 1);

// How much slower the slowest iterations are than the typical one, from
// iteration times: p99/p50 and max/p50.
struct TailRatios {
  double p99_over_p50 = 0;
  double max_over_p50 = 0;
};
TailRatios tail_ratios(std::span<const double> seconds);

// When a run is flagged unstable (`accelbench run --max-cv`, `--max-tail-ratio`).
struct StabilityLimits {
  double max_cv = 0.10;
  double max_tail_ratio = 2.0;  // p99/p50 of iteration times
};

// Everything the results file says about one set of samples.
struct Description {
  Summary metric;      // of the metric values
  Interval median_ci;  // bootstrap 95% CI of the metric's median (if computed)
  bool has_median_ci = false;
  TailRatios tails;                           // of the iteration times
  std::vector<std::string> unstable_reasons;  // empty: stable
};

// `metric` and `seconds` describe the same iterations. Throws
// std::invalid_argument when they are empty.
Description describe(std::span<const double> metric, std::span<const double> seconds,
                     const StabilityLimits& limits, bool with_median_ci);

nlohmann::ordered_json to_json(const Description& description);

}  // namespace accelbench::stats

namespace accelbench::stats {

// Least-squares slope of y over x. Throws std::invalid_argument on fewer than
// two points or constant x.
double ols_slope(std::span<const double> x, std::span<const double> y);

// Theil–Sen slope: the median of the slopes of all pairs (robust to
// outliers). Above 2000 points it takes the pairs of an evenly thinned
// subset of 2000. Throws like ols_slope.
double theil_sen_slope(std::span<const double> x, std::span<const double> y);

struct ChangePoint {
  std::size_t index = 0;  // first sample of the new segment
  double mean_before = 0;
  double mean_after = 0;
};

// Shifts in the mean by binary segmentation: split where Welch's t between
// the two sides is largest, keep it when |t| >= min_t and both sides have at
// least min_segment samples, recurse into both sides. In index order.
std::vector<ChangePoint> change_points(std::span<const double> values, double min_t = 8.0,
                                       std::size_t min_segment = 10);

}  // namespace accelbench::stats

namespace accelbench::stats {

// Two-sided Mann-Whitney U test, as scipy.stats.mannwhitneyu computes it by
// default: the exact distribution when both samples are under 8 values and
// there are no ties, else the normal approximation with tie correction and
// continuity correction. Throws std::invalid_argument on an empty sample.
struct MannWhitney {
  double u = 0;  // U of the first sample
  double p_value = 1;
  bool exact = false;
};
MannWhitney mann_whitney_u(std::span<const double> a, std::span<const double> b);

// Benjamini-Hochberg adjusted p-values, in the input order.
std::vector<double> benjamini_hochberg(std::span<const double> p_values);

// Percentile bootstrap 95% interval of median(b) / median(a), resampling
// both sides (fixed seed).
Interval bootstrap_ratio_of_medians_ci(std::span<const double> a, std::span<const double> b,
                                       int resamples = 1000, std::uint64_t seed = 1);

}  // namespace accelbench::stats

namespace accelbench::stats {

// A metric's time series with the verification after each sample, as a soak
// records it.
struct TimeSeries {
  std::span<const double> t_s;  // when each sample ended
  std::span<const double> value;
  std::span<const std::uint64_t> mismatches;  // of the verification after each sample
  std::uint64_t bytes_verified = 0;
  bool higher_is_better = true;
};

// The stability figures of a series observed for `elapsed_s`: {"samples",
// "time_to_first_error_s" | censored, "mismatches", "median",
// "drift_percent_per_hour" {ols, theil_sen}, "sustain_ratio",
// "throttle_share", "change_points", "verdict", "reasons"}. Under 20 samples
// the verdict is "insufficient samples" (or "unstable" after an error) and
// the trends are left out.
nlohmann::ordered_json analyze_stability(const TimeSeries& series, double elapsed_s);

}  // namespace accelbench::stats

namespace accelbench::stats {

// The middle value of `values` (the mean of the two middle values for an even
// count), as robust statistics define it. Throws std::invalid_argument on an
// empty input.
double median(std::vector<double> values);

// The median absolute deviation from the median, unscaled (multiply by
// kMadToStdev to estimate a normal distribution's standard deviation).
// Throws std::invalid_argument on an empty input.
double median_absolute_deviation(std::span<const double> values, double median_of_values);

// 1 / Phi^-1(3/4): MAD x this estimates the standard deviation of normal data.
inline constexpr double kMadToStdev = 1.4826;

}  // namespace accelbench::stats
