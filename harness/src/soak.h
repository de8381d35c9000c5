// Soak: the chosen benchmarks round robin for a duration, verifying every
// iteration, as a time series per benchmark, with drift, sustain, throttle,
// first error, change points and a stability verdict for each.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "runner.h"
#include "telemetry_sampler.h"

namespace accelbench {

struct SoakSeries;

struct SoakSettings {
  double duration_s = 60;
  double interval_s = 1;  // each benchmark's turn in the round robin
  // Each benchmark in its own child process (the default): a crash or a hang
  // ends that benchmark's series (crashed, timeout), not the soak.
  bool isolate = true;
  double timeout_s = 60;  // watchdog on set-up, and on each turn beyond its length
  // Times in the series count from here (the telemetry sampler's start, so
  // both series share one clock).
  std::chrono::steady_clock::time_point origin = std::chrono::steady_clock::now();
  Injection injection;                      // test control (--inject), off by default
  const std::atomic<bool>* stop = nullptr;  // set by Ctrl-C: stop cleanly
  // Called after each turn (progress display) with the series, the index of
  // the turn's first iteration in it and the seconds since the round robin
  // started; may be empty.
  std::function<void(const SoakSeries&, std::size_t first, double elapsed_s)> on_turn;
};

struct SoakSeries {
  Instance instance;
  Status status = Status::kOk;  // skipped/failed when it could not run at all
  std::string reason;
  Work work;
  std::vector<double> t_s;                // since the soak started, at the end of the iteration
  std::vector<double> value;              // the metric
  std::vector<std::uint64_t> mismatches;  // of the verification after that iteration
  std::uint64_t bytes_verified = 0;
  std::uint64_t injected_flips = 0;  // --inject bitflip: each must show as a mismatch
};

struct SoakResult {
  std::vector<SoakSeries> series;
  double elapsed_s = 0;
  bool stopped_by_signal = false;
};

SoakResult run_soak(std::vector<Instance> instances, const SoakSettings& settings);

// The stability figures of one series (stats::analyze_stability): {"samples", "median",
// "drift_percent_per_hour" {ols, theil_sen}, "sustain_ratio", "throttle_share",
// "time_to_first_error_s" | censored, "change_points", "verdict", "reasons"}.
nlohmann::ordered_json analyze_series(const SoakSeries& series, double elapsed_s);

}  // namespace accelbench
