// Runs benchmark instances through Google Benchmark, one at a time: set up
// (untimed), measure (every iteration's time captured as a sample), verify,
// and turn whatever went wrong into a status. One failure never stops the
// suite.
#pragma once

#include <accelbench/benchmark.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "selection.h"
#include "stats.h"

namespace accelbench {

enum class Status { kOk, kSkipped, kFailed, kInvalid };
std::string_view status_name(Status status);

// Repetitions and minimum time are Google Benchmark's flags, set once by
// benchmark::Initialize (see run_command.cpp).
struct RunSettings {
  stats::StabilityLimits limits;
  // Called before and after each instance (progress display); may be empty.
  std::function<void(std::size_t index, const Instance&)> on_start;
  std::function<void(std::size_t index, const Status&)> on_finish;
};

struct InstanceResult {
  Instance instance;
  Status status = Status::kSkipped;
  std::string reason;  // why skipped, failed or invalid
  Work work;
  Verification verification;
  nlohmann::ordered_json placement = nlohmann::ordered_json::object();
  nlohmann::ordered_json details = nlohmann::ordered_json::object();
  // Seconds of every measured iteration, one vector per reported
  // Google Benchmark run (repetition). Warm-up and iteration-count
  // estimation runs are not in here; warmup_samples counts them.
  std::vector<std::vector<double>> repetitions;
  std::size_t warmup_samples = 0;
  // Of all kept iterations (with the bootstrap CI of the median); empty when
  // nothing was measured.
  std::optional<stats::Description> statistics;

  // The metric of every kept iteration, all repetitions together.
  std::vector<double> metric_values() const;
  // The seconds of every kept iteration, all repetitions together.
  std::vector<double> seconds() const;
};

// A run as one entry of Google Benchmark's "benchmarks" array refers to it.
struct ReportedRun {
  std::size_t instance = 0;
  std::optional<std::size_t> repetition;  // empty for an aggregate (mean, median, ...)
};

struct Analysis {
  const Definition* definition = nullptr;
  std::string device;
  nlohmann::ordered_json result;  // has "summary", or "error" when analyze threw
};

struct SuiteResult {
  std::vector<InstanceResult> instances;
  std::vector<Analysis> analyses;  // one per (benchmark with analyze, device)
  // Google Benchmark's own JSON ({"context", "benchmarks"}), as its
  // JSONReporter wrote it; errored runs are left out (they are instances
  // with status failed).
  std::string google_benchmark_json;
  std::vector<ReportedRun> reported_runs;  // parallel to "benchmarks"
};

SuiteResult run_instances(std::vector<Instance> instances, const RunSettings& settings);

}  // namespace accelbench
