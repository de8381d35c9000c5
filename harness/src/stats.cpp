#include "stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>

#include "units.h"

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

Interval bootstrap_median_ci(std::span<const double> values, double confidence, int resamples,
                             std::uint64_t seed) {
  if (values.empty()) throw std::invalid_argument("bootstrap of no values");
  if (!(confidence > 0 && confidence < 1)) throw std::invalid_argument("confidence outside (0, 1)");
  if (resamples < 1) throw std::invalid_argument("no resamples");
  std::mt19937_64 generator(seed);
  std::uniform_int_distribution<std::size_t> pick(0, values.size() - 1);
  std::vector<double> resample(values.size());
  std::vector<double> medians;
  medians.reserve(static_cast<std::size_t>(resamples));
  for (int r = 0; r < resamples; ++r) {
    for (double& v : resample) v = values[pick(generator)];
    // Nearest-rank median, as summarize() takes it.
    const auto rank =
        static_cast<std::size_t>(std::ceil(0.5 * static_cast<double>(resample.size())));
    const auto middle = resample.begin() + static_cast<std::ptrdiff_t>(rank == 0 ? 0 : rank - 1);
    std::nth_element(resample.begin(), middle, resample.end());
    medians.push_back(*middle);
  }
  std::sort(medians.begin(), medians.end());
  const double tail = (1 - confidence) / 2 * 100;
  return {percentile_sorted(medians, tail), percentile_sorted(medians, 100 - tail)};
}

TailRatios tail_ratios(std::span<const double> seconds) {
  const Summary s = summarize(seconds);
  if (s.median <= 0) return {};
  return {s.p99 / s.median, s.max / s.median};
}

Description describe(std::span<const double> metric, std::span<const double> seconds,
                     const StabilityLimits& limits, bool with_median_ci) {
  Description d;
  d.metric = summarize(metric);
  d.tails = tail_ratios(seconds);
  if (with_median_ci) {
    d.median_ci = bootstrap_median_ci(metric);
    d.has_median_ci = true;
  }
  using namespace number_format;
  if (d.metric.cv > limits.max_cv) {
    d.unstable_reasons.push_back("CV " + format_quantity(100 * d.metric.cv, "%", kOneDecimal) +
                                 " > " + format_quantity(100 * limits.max_cv, "%", kOneDecimal));
  }
  if (d.tails.p99_over_p50 > limits.max_tail_ratio) {
    d.unstable_reasons.push_back("p99/p50 of iteration times " +
                                 format_number(d.tails.p99_over_p50, kTwoDecimals) + " > " +
                                 format_number(limits.max_tail_ratio, kTwoDecimals));
  }
  return d;
}

nlohmann::ordered_json to_json(const Description& d) {
  nlohmann::ordered_json out = to_json(d.metric);
  if (d.has_median_ci) {
    out["median_ci95"] = {{"low", d.median_ci.low},
                          {"high", d.median_ci.high},
                          {"method", "percentile bootstrap, 1000 resamples, seed 1"}};
  }
  out["tail_ratio_p99_p50"] = d.tails.p99_over_p50;
  out["tail_ratio_max_p50"] = d.tails.max_over_p50;
  out["tail_ratio_of"] = "iteration times";
  out["unstable"] = !d.unstable_reasons.empty();
  out["unstable_reasons"] = d.unstable_reasons;
  return out;
}

}  // namespace accelbench::stats

namespace accelbench::stats {
namespace {

void check_points(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size()) throw std::invalid_argument("x and y differ in length");
  if (x.size() < 2) throw std::invalid_argument("a slope needs two points");
}

double mean_of(std::span<const double> v) {
  return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double variance_of(std::span<const double> v, double mean) {
  double sum = 0;
  for (double x : v) sum += (x - mean) * (x - mean);
  return v.size() > 1 ? sum / static_cast<double>(v.size() - 1) : 0;
}

// Welch's t between values[0, split) and values[split, n).
double welch_t(std::span<const double> values, std::size_t split) {
  const auto left = values.subspan(0, split);
  const auto right = values.subspan(split);
  const double m1 = mean_of(left), m2 = mean_of(right);
  const double se = std::sqrt(variance_of(left, m1) / static_cast<double>(left.size()) +
                              variance_of(right, m2) / static_cast<double>(right.size()));
  if (se == 0) return m1 == m2 ? 0 : std::numeric_limits<double>::infinity();
  return (m2 - m1) / se;
}

void segment(std::span<const double> values, std::size_t offset, double min_t,
             std::size_t min_segment, std::vector<ChangePoint>& out) {
  if (values.size() < 2 * min_segment) return;
  std::size_t best = 0;
  double best_t = 0;
  for (std::size_t split = min_segment; split + min_segment <= values.size(); ++split) {
    const double t = std::fabs(welch_t(values, split));
    if (t > best_t) {
      best_t = t;
      best = split;
    }
  }
  if (best == 0 || best_t < min_t) return;
  segment(values.subspan(0, best), offset, min_t, min_segment, out);
  out.push_back({offset + best, mean_of(values.subspan(0, best)), mean_of(values.subspan(best))});
  segment(values.subspan(best), offset + best, min_t, min_segment, out);
}

}  // namespace

double ols_slope(std::span<const double> x, std::span<const double> y) {
  check_points(x, y);
  const double mx = mean_of(x), my = mean_of(y);
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  if (sxx == 0) throw std::invalid_argument("constant x");
  return sxy / sxx;
}

double theil_sen_slope(std::span<const double> x, std::span<const double> y) {
  check_points(x, y);
  constexpr std::size_t kMaxPoints = 2000;
  std::vector<std::size_t> used;
  const std::size_t n = x.size();
  const std::size_t m = std::min(n, kMaxPoints);
  for (std::size_t k = 0; k < m; ++k) used.push_back(k * (n - 1) / std::max<std::size_t>(1, m - 1));
  std::vector<double> slopes;
  for (std::size_t a = 0; a < used.size(); ++a) {
    for (std::size_t b = a + 1; b < used.size(); ++b) {
      const double dx = x[used[b]] - x[used[a]];
      if (dx != 0) slopes.push_back((y[used[b]] - y[used[a]]) / dx);
    }
  }
  if (slopes.empty()) throw std::invalid_argument("constant x");
  const auto middle = slopes.begin() + static_cast<std::ptrdiff_t>(slopes.size() / 2);
  std::nth_element(slopes.begin(), middle, slopes.end());
  if (slopes.size() % 2 == 1) return *middle;
  const double upper = *middle;
  const double lower = *std::max_element(slopes.begin(), middle);
  return (lower + upper) / 2;
}

std::vector<ChangePoint> change_points(std::span<const double> values, double min_t,
                                       std::size_t min_segment) {
  std::vector<ChangePoint> out;
  segment(values, 0, min_t, std::max<std::size_t>(min_segment, 2), out);
  return out;
}

}  // namespace accelbench::stats

namespace accelbench::stats {
namespace {

double normal_sf(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

// Number of arrangements of m values of one sample and n of the other whose U
// (of the first) equals u: f(m, n, u) = f(m - 1, n, u - n) + f(m, n - 1, u).
double u_arrangements(int m, int n, int u, std::vector<std::vector<std::vector<double>>>& memo) {
  if (u < 0 || u > m * n) return 0;
  if (m == 0 || n == 0) return u == 0 ? 1 : 0;
  double& cell =
      memo[static_cast<std::size_t>(m)][static_cast<std::size_t>(n)][static_cast<std::size_t>(u)];
  if (cell >= 0) return cell;
  cell = u_arrangements(m - 1, n, u - n, memo) + u_arrangements(m, n - 1, u, memo);
  return cell;
}

double median_of(std::vector<double> v) {
  const auto rank = static_cast<std::size_t>(std::ceil(0.5 * static_cast<double>(v.size())));
  const auto middle = v.begin() + static_cast<std::ptrdiff_t>(rank == 0 ? 0 : rank - 1);
  std::nth_element(v.begin(), middle, v.end());
  return *middle;
}

}  // namespace

MannWhitney mann_whitney_u(std::span<const double> a, std::span<const double> b) {
  if (a.empty() || b.empty()) throw std::invalid_argument("Mann-Whitney U of an empty sample");
  const std::size_t n1 = a.size(), n2 = b.size(), n = n1 + n2;
  // Ranks with ties averaged.
  std::vector<std::pair<double, std::size_t>> all;
  for (std::size_t i = 0; i < n1; ++i) all.emplace_back(a[i], 0);
  for (std::size_t i = 0; i < n2; ++i) all.emplace_back(b[i], 1);
  std::sort(all.begin(), all.end());
  double rank_sum_a = 0, tie_term = 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && all[j].first == all[i].first) ++j;
    const double average_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    const double t = static_cast<double>(j - i);
    tie_term += t * t * t - t;
    for (std::size_t k = i; k < j; ++k) {
      if (all[k].second == 0) rank_sum_a += average_rank;
    }
    i = j;
  }
  MannWhitney result;
  const double d1 = static_cast<double>(n1), d2 = static_cast<double>(n2);
  result.u = rank_sum_a - d1 * (d1 + 1) / 2;
  const double u_max = std::max(result.u, d1 * d2 - result.u);
  if (n1 < 8 && n2 < 8 && tie_term == 0) {
    result.exact = true;
    const int m = static_cast<int>(n1), k = static_cast<int>(n2);
    std::vector<std::vector<std::vector<double>>> memo(
        n1 + 1, std::vector<std::vector<double>>(n2 + 1, std::vector<double>(n1 * n2 + 1, -1)));
    double total = 0, at_least = 0;
    for (int u = 0; u <= m * k; ++u) {
      const double count = u_arrangements(m, k, u, memo);
      total += count;
      if (u >= u_max) at_least += count;
    }
    result.p_value = std::min(1.0, 2 * at_least / total);
  } else {
    const double mu = d1 * d2 / 2;
    const double nn = static_cast<double>(n);
    const double sigma = std::sqrt(d1 * d2 / 12 * ((nn + 1) - tie_term / (nn * (nn - 1))));
    result.p_value = sigma > 0 ? std::min(1.0, 2 * normal_sf((u_max - mu - 0.5) / sigma)) : 1.0;
  }
  return result;
}

std::vector<double> benjamini_hochberg(std::span<const double> p_values) {
  const std::size_t m = p_values.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t x, std::size_t y) { return p_values[x] < p_values[y]; });
  std::vector<double> adjusted(m);
  double running = 1;
  for (std::size_t k = m; k-- > 0;) {
    const double value = p_values[order[k]] * static_cast<double>(m) / static_cast<double>(k + 1);
    running = std::min(running, value);
    adjusted[order[k]] = std::min(1.0, running);
  }
  return adjusted;
}

Interval bootstrap_ratio_of_medians_ci(std::span<const double> a, std::span<const double> b,
                                       int resamples, std::uint64_t seed) {
  if (a.empty() || b.empty()) throw std::invalid_argument("bootstrap of an empty sample");
  std::mt19937_64 generator(seed);
  std::uniform_int_distribution<std::size_t> pick_a(0, a.size() - 1), pick_b(0, b.size() - 1);
  std::vector<double> ra(a.size()), rb(b.size()), ratios;
  for (int r = 0; r < resamples; ++r) {
    for (double& v : ra) v = a[pick_a(generator)];
    for (double& v : rb) v = b[pick_b(generator)];
    ratios.push_back(median_of(rb) / median_of(ra));
  }
  std::sort(ratios.begin(), ratios.end());
  return {percentile_sorted(ratios, 2.5), percentile_sorted(ratios, 97.5)};
}

}  // namespace accelbench::stats

namespace accelbench::stats {
namespace {

// Verdict thresholds: a stable benchmark drifts by less than 5% over the
// soak (by either estimator: both must exceed it), keeps 95% of its early
// throughput, has under 5% of samples below 90% of the median, no error, and
// no mean shift over 5%. Drift is judged over the soak's own span, so a short
// soak is not condemned by extrapolating a tiny slope to an hour.
constexpr double kMaxDriftPercent = 5;
constexpr double kMinSustain = 0.95;
constexpr double kMaxThrottleShare = 0.05;
constexpr double kMaxShiftPercent = 5;

std::string percent_text(const char* what, double value, const char* op, double limit) {
  return std::string(what) + " " + format_quantity(value, "%", number_format::kRatio) + " " + op +
         " " + format_quantity(limit, "%", number_format::kRatio);
}

}  // namespace

nlohmann::ordered_json analyze_stability(const TimeSeries& s, double elapsed_s) {
  nlohmann::ordered_json out;
  const std::size_t n = s.value.size();
  out["samples"] = n;
  // Time to first error, censored at the soak's length when there was none.
  const auto first_error =
      std::find_if(s.mismatches.begin(), s.mismatches.end(), [](std::uint64_t m) { return m > 0; });
  if (first_error != s.mismatches.end()) {
    out["time_to_first_error_s"] =
        s.t_s[static_cast<std::size_t>(first_error - s.mismatches.begin())];
  } else {
    out["time_to_first_error_s"] = nullptr;
    out["time_to_first_error_censored_at_s"] = elapsed_s;
  }
  out["mismatches"] = std::accumulate(s.mismatches.begin(), s.mismatches.end(), std::uint64_t{0});
  out["mismatches_per_1e12_bytes"] =
      s.bytes_verified > 0 ? static_cast<double>(out["mismatches"].get<std::uint64_t>()) * 1e12 /
                                 static_cast<double>(s.bytes_verified)
                           : 0.0;
  std::vector<std::string> reasons;
  if (first_error != s.mismatches.end()) reasons.emplace_back("verification failed");
  if (n < 20) {
    out["verdict"] = reasons.empty() ? "insufficient samples" : "unstable";
    out["reasons"] = reasons;
    return out;
  }
  // Warm-up: the first 5% of samples (at least 3) are left out of the trends.
  const std::size_t warm = std::max<std::size_t>(3, n / 20);
  const std::vector<double> t(s.t_s.begin() + static_cast<std::ptrdiff_t>(warm), s.t_s.end());
  const std::vector<double> v(s.value.begin() + static_cast<std::ptrdiff_t>(warm), s.value.end());
  const double median = median_of(v);
  const bool higher_is_better = s.higher_is_better;
  std::vector<double> hours(t.size());
  std::transform(t.begin(), t.end(), hours.begin(), [](double x) { return x / 3600; });
  // Drift: the slope per hour as a share of the median, signed so that a
  // negative drift is a loss (throughput down, or latency up).
  const double sign = higher_is_better ? 1 : -1;
  double ols = 0, theil_sen = 0;
  if (hours.front() != hours.back()) {
    ols = sign * 100 * stats::ols_slope(hours, v) / median;
    theil_sen = sign * 100 * stats::theil_sen_slope(hours, v) / median;
  }
  out["warmup_samples_excluded"] = warm;
  out["median"] = median;
  const double span_h = hours.back() - hours.front();
  out["drift_percent_per_hour"] = {
      {"ols", ols}, {"theil_sen", theil_sen}, {"sign", "negative = getting worse"}};
  out["drift_percent_over_soak"] = {{"ols", ols * span_h}, {"theil_sen", theil_sen * span_h}};
  const std::size_t tenth = std::max<std::size_t>(1, v.size() / 10);
  const double first = mean_of(std::span(v).first(tenth)), last = mean_of(std::span(v).last(tenth));
  const double sustain = higher_is_better ? last / first : first / last;
  out["sustain_ratio"] = sustain;
  const auto slow = std::count_if(v.begin(), v.end(), [&](double x) {
    return higher_is_better ? x < 0.9 * median : x > median / 0.9;
  });
  const double throttle = static_cast<double>(slow) / static_cast<double>(v.size());
  out["throttle_share"] = throttle;
  out["throttle_definition"] = "share of samples worse than 90% of the median";
  nlohmann::ordered_json shifts = nlohmann::ordered_json::array();
  double largest_shift = 0;
  for (const auto& cp : stats::change_points(v)) {
    const double change = 100 * (cp.mean_after - cp.mean_before) / cp.mean_before;
    largest_shift = std::max(largest_shift, std::fabs(change));
    shifts.push_back({{"t_s", t[cp.index]},
                      {"mean_before", cp.mean_before},
                      {"mean_after", cp.mean_after},
                      {"change_percent", change}});
  }
  out["change_points"] = shifts;
  if (std::fabs(ols * span_h) > kMaxDriftPercent &&
      std::fabs(theil_sen * span_h) > kMaxDriftPercent) {
    reasons.push_back(percent_text("drift over the soak (Theil-Sen)", theil_sen * span_h,
                                   "beyond +-", kMaxDriftPercent));
  }
  if (sustain < kMinSustain) {
    reasons.push_back(
        percent_text("sustained", 100 * sustain, "of the start <", 100 * kMinSustain));
  }
  if (throttle > kMaxThrottleShare) {
    reasons.push_back(percent_text("samples below 90% of the median:", 100 * throttle, ">",
                                   100 * kMaxThrottleShare));
  }
  if (largest_shift > kMaxShiftPercent) {
    reasons.push_back(percent_text("mean shift", largest_shift, ">", kMaxShiftPercent));
  }
  out["verdict"] = reasons.empty() ? "stable" : "unstable";
  out["reasons"] = reasons;
  return out;
}

}  // namespace accelbench::stats

namespace accelbench::stats {

double median(std::vector<double> values) {
  if (values.empty()) throw std::invalid_argument("median of no values");
  const std::size_t half = values.size() / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(half),
                   values.end());
  const double upper = values[half];
  if (values.size() % 2 == 1) return upper;
  const double lower =
      *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(half));
  return lower + (upper - lower) / 2;
}

double median_absolute_deviation(std::span<const double> values, double median_of_values) {
  std::vector<double> deviations;
  deviations.reserve(values.size());
  for (double v : values) deviations.push_back(std::abs(v - median_of_values));
  return median(std::move(deviations));
}

}  // namespace accelbench::stats
