#include "soak.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numeric>

namespace accelbench {
namespace {

using Clock = std::chrono::steady_clock;

// Verdict thresholds: a stable benchmark drifts by less than 5% over the
// soak (by either estimator: both must exceed it), keeps 95% of its early
// throughput, has under 5% of samples below 90% of the median, no error, and
// no mean shift over 5%. Drift is judged over the soak's own span, so a short
// soak is not condemned by extrapolating a tiny slope to an hour.
constexpr double kMaxDriftPercent = 5;
constexpr double kMinSustain = 0.95;
constexpr double kMaxThrottleShare = 0.05;
constexpr double kMaxShiftPercent = 5;

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[(v.size() - 1) / 2];
}

double mean_of(const std::vector<double>& v, std::size_t begin, std::size_t end) {
  return std::accumulate(v.begin() + static_cast<std::ptrdiff_t>(begin),
                         v.begin() + static_cast<std::ptrdiff_t>(end), 0.0) /
         static_cast<double>(end - begin);
}

std::string percent_text(const char* what, double value, const char* op, double limit) {
  char text[96];
  std::snprintf(text, sizeof text, "%s %.3g%% %s %.3g%%", what, value, op, limit);
  return text;
}

}  // namespace

SoakResult run_soak(std::vector<Instance> instances, const SoakSettings& settings) {
  SoakResult result;
  std::vector<std::unique_ptr<Case>> cases;
  for (auto& instance : instances) {
    SoakSeries& series = result.series.emplace_back();
    series.instance = std::move(instance);
    std::unique_ptr<Case> c;
    try {
      c = series.instance.definition->make_case(series.instance.device, series.instance.params);
      series.work = c->work();
      c->setup();
    } catch (const Error& e) {
      series.status = e.kind() == ErrorKind::kUnsupported ? Status::kSkipped : Status::kFailed;
      series.reason = e.what();
      c.reset();
    } catch (const std::exception& e) {
      series.status = Status::kFailed;
      series.reason = e.what();
      c.reset();
    }
    cases.push_back(std::move(c));
  }

  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration<double>(settings.duration_s);
  auto stopping = [&] {
    return Clock::now() >= deadline || (settings.stop && settings.stop->load());
  };
  while (!stopping()) {
    for (std::size_t i = 0; i < cases.size() && !stopping(); ++i) {
      if (!cases[i]) continue;
      SoakSeries& series = result.series[i];
      if (settings.progress) settings.progress(series.instance.name);
      const auto turn_end =
          std::min(deadline, Clock::now() + std::chrono::duration<double>(settings.interval_s));
      try {
        do {
          const auto before = Clock::now();
          const double device_seconds = cases[i]->iterate();
          const auto after = Clock::now();
          const double seconds = series.instance.definition->timer == Timer::kDevice
                                     ? device_seconds
                                     : std::chrono::duration<double>(after - before).count();
          const Verification v = cases[i]->verify();
          series.t_s.push_back(std::chrono::duration<double>(after - start).count());
          series.value.push_back(metric_value(series.instance.definition->metric, series.work,
                                              std::max(seconds, 1e-12)));
          series.mismatches.push_back(v.mismatches);
          series.bytes_verified += v.bytes_checked;
          if (v.mismatches > 0 && series.status == Status::kOk) {
            series.status = Status::kInvalid;
            series.reason =
                "verification failed at t = " + std::to_string(series.t_s.back()) + " s";
          }
        } while (Clock::now() < turn_end && !(settings.stop && settings.stop->load()));
      } catch (const std::exception& e) {
        series.status = Status::kFailed;
        series.reason = e.what();
        cases[i].reset();
      }
    }
    if (std::none_of(cases.begin(), cases.end(), [](const auto& c) { return c != nullptr; })) break;
  }
  result.elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
  result.stopped_by_signal = settings.stop && settings.stop->load();
  return result;
}

nlohmann::ordered_json analyze_series(const SoakSeries& s, double elapsed_s) {
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
  const bool higher_is_better =
      metric_direction(s.instance.definition->metric) == Direction::kHigherIsBetter;
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
  const double first = mean_of(v, 0, tenth), last = mean_of(v, v.size() - tenth, v.size());
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

}  // namespace accelbench
