// One pass of `accelbench run` over a list of instances, as run and
// run --per-node (each of its phases) share it: progress lines on standard
// error, telemetry sampled throughout, a hook per finished instance (the
// journal).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

#include "progress.h"
#include "runner.h"
#include "selection.h"

namespace accelbench::cli {

// Telemetry every half second, and at the start and end of every benchmark.
inline constexpr double kTelemetryIntervalSeconds = 0.5;

struct PhaseOptions {
  RunSettings settings;  // on_start and on_finish are set by run_phase
  const DeviceCatalog* catalog = nullptr;
  bool show_skipped = false;  // progress: also the instances of unavailable backends
  bool progress = false;      // print a line per finished instance
  // After each instance, with whether it ran here (not taken from a journal).
  std::function<void(const InstanceResult&)> on_finish;
};

struct PhaseResult {
  SuiteResult result;
  nlohmann::ordered_json telemetry;  // the sampler's description (SuiteRecord::telemetry)
};

PhaseResult run_phase(std::vector<Instance> instances, PhaseOptions options);

}  // namespace accelbench::cli
