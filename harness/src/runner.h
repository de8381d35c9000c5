// Runs benchmark instances through Google Benchmark, one at a time: set up
// (untimed), measure (every iteration's time captured as a sample), verify,
// and turn whatever went wrong into a status. One failure never stops the
// suite; with isolation, neither does a crash or a hang.
#pragma once

#include <accelbench/benchmark.h>

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "fault_injection.h"
#include "selection.h"
#include "stats.h"
#include "telemetry_sampler.h"

namespace accelbench {

enum class Status { kOk, kSkipped, kFailed, kInvalid, kTimeout, kCrashed };
std::string_view status_name(Status status);
// Parses what status_name() writes; throws std::invalid_argument otherwise.
Status status_from_name(std::string_view name);

struct InstanceResult {
  Instance instance;
  Status status = Status::kSkipped;
  std::string reason;  // why skipped, failed, invalid, timed out or crashed
  Work work;
  Verification verification;
  nlohmann::ordered_json placement = nlohmann::ordered_json::object();
  nlohmann::ordered_json details = nlohmann::ordered_json::object();
  // Seconds of every measured iteration, one vector per reported
  // Google Benchmark run (repetition). Warm-up and iteration-count
  // estimation runs are not in here; warmup_samples counts them.
  std::vector<std::vector<double>> repetitions;
  std::size_t warmup_samples = 0;
  // Google Benchmark's entries for this instance, as its JSONReporter wrote
  // them (errored runs left out), and the repetition each one reports
  // (empty for an aggregate: mean, median, ...).
  nlohmann::ordered_json google_benchmark_runs = nlohmann::ordered_json::array();
  std::vector<std::optional<std::size_t>> run_repetitions;
  // min/max of every telemetry reading while this instance ran.
  nlohmann::ordered_json telemetry = nlohmann::ordered_json::object();
  // Faults injected into this instance (--inject), for the results file.
  nlohmann::ordered_json injected = nlohmann::ordered_json::array();
  // Of all kept iterations (with the bootstrap CI of the median); empty when
  // nothing was measured. Computed by run_instances.
  std::optional<stats::Description> statistics;

  // The metric of every kept iteration, all repetitions together.
  std::vector<double> metric_values() const;
  // The seconds of every kept iteration, all repetitions together.
  std::vector<double> seconds() const;
};

struct Analysis {
  const Definition* definition = nullptr;
  std::string device;
  nlohmann::ordered_json result;  // has "summary", or "error" when analyze threw
};

struct SuiteResult {
  nlohmann::ordered_json google_benchmark_context;  // as Google Benchmark writes it
  std::vector<InstanceResult> instances;
  std::vector<Analysis> analyses;  // one per (benchmark with analyze, device)
};

// Repetitions and minimum time are Google Benchmark's flags, set once by
// benchmark::Initialize (see run_command.cpp).
struct RunSettings {
  stats::StabilityLimits limits;
  Injection injection;
  bool isolate = false;                   // each instance in a child process
  double timeout_s = 0;                   // watchdog for isolated instances
  TelemetrySampler* telemetry = nullptr;  // optional
  // Instances already finished (from a journal), by name: taken as they are.
  std::map<std::string, nlohmann::ordered_json> recorded;
  // Called before and after each instance (progress display); may be empty.
  std::function<void(std::size_t index, const Instance&)> on_start;
  std::function<void(std::size_t index, const InstanceResult&)> on_finish;
};

// Runs one instance in this process.
InstanceResult run_instance(Instance instance, const Injection& injection);

SuiteResult run_instances(std::vector<Instance> instances, const RunSettings& settings);

// Google Benchmark's "context" object, as its JSONReporter writes it.
nlohmann::ordered_json google_benchmark_context();

}  // namespace accelbench
