#include "suite_phase.h"

#include <algorithm>
#include <iostream>

namespace accelbench::cli {

PhaseResult run_phase(std::vector<Instance> instances, PhaseOptions options) {
  RunSettings& settings = options.settings;
  // Progress shows what the console table shows: a backend that is not
  // available here is its one "# not available" line, not a line per
  // benchmark.
  const auto shown = [&](const Instance& instance) {
    return options.show_skipped || !of_unavailable_backend(*options.catalog, instance);
  };
  const auto measured = [&](const Instance& instance) {
    return instance.unavailable.empty() && !settings.recorded.contains(instance.name);
  };
  const auto lines = std::count_if(instances.begin(), instances.end(), shown);
  const auto to_measure = std::count_if(instances.begin(), instances.end(),
                                        [&](const auto& i) { return shown(i) && measured(i); });
  RunProgress progress(std::cerr, static_cast<std::size_t>(lines),
                       static_cast<std::size_t>(to_measure));
  if (options.progress) {
    settings.on_start = [&](std::size_t, const Instance& instance) {
      if (shown(instance)) progress.started();
    };
  }
  settings.on_finish = [&](std::size_t, const InstanceResult& result) {
    if (options.progress && shown(result.instance)) {
      progress.finished(result, measured(result.instance));
    }
    if (options.on_finish) options.on_finish(result);
  };
  TelemetrySampler telemetry(kTelemetryIntervalSeconds);
  settings.telemetry = &telemetry;
  PhaseResult out;
  out.result = run_instances(std::move(instances), settings);
  out.telemetry = telemetry.describe();
  return out;
}

}  // namespace accelbench::cli
