#include "runner.h"

#include <accelbench/job.h>
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <deque>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "instance_record.h"
#include "isolation.h"
#include "stats.h"

namespace accelbench {
namespace {

// The counter through which a reported Google Benchmark run names the
// invocation of our benchmark function that produced it. Google Benchmark
// calls the function several times while it estimates the iteration count;
// only the reported invocation's samples are kept. The counter is removed
// before the run is written.
constexpr const char* kInvocationCounter = "accelbench_invocation";

struct Invocation {
  std::vector<double> seconds;
  bool reported = false;
};

// Receives Google Benchmark's runs of one instance, maps each to the
// invocation that produced it and forwards the run (without our counter,
// without errored runs) to a JSONReporter that writes Google Benchmark's own
// format.
class CapturingReporter : public benchmark::BenchmarkReporter {
 public:
  explicit CapturingReporter(std::deque<Invocation>& invocations) : invocations_(invocations) {
    json_.SetOutputStream(&json_text_);
    json_.SetErrorStream(&json_errors_);
    benchmark::BenchmarkReporter::Context context;
    context.name_field_width = 0;
    json_.ReportContext(context);
  }

  bool ReportContext(const Context&) override { return true; }

  void ReportRuns(const std::vector<Run>& runs) override {
    std::vector<Run> kept;
    for (Run run : runs) {
      if (run.error_occurred) continue;
      std::optional<std::size_t> repetition;
      auto counter = run.counters.find(kInvocationCounter);
      if (run.run_type == Run::RT_Iteration && counter != run.counters.end()) {
        invocations_[static_cast<std::size_t>(counter->second.value)].reported = true;
        repetition = repetitions_seen_++;
      }
      if (counter != run.counters.end()) run.counters.erase(counter);
      kept.push_back(std::move(run));
      run_repetitions_.push_back(repetition);
    }
    if (!kept.empty()) json_.ReportRuns(kept);
  }

  // Google Benchmark's JSON: {"context", "benchmarks"}.
  nlohmann::ordered_json finish() {
    json_.Finalize();
    return nlohmann::ordered_json::parse(json_text_.str());
  }
  const std::vector<std::optional<std::size_t>>& run_repetitions() const {
    return run_repetitions_;
  }

 private:
  std::deque<Invocation>& invocations_;
  std::ostringstream json_text_;
  std::ostringstream json_errors_;
  benchmark::JSONReporter json_;
  std::vector<std::optional<std::size_t>> run_repetitions_;
  std::size_t repetitions_seen_ = 0;
};

Status status_of(const Error& e) {
  return e.kind() == ErrorKind::kUnsupported ? Status::kSkipped : Status::kFailed;
}

// Measures `c` through Google Benchmark; returns the error message when the
// timed body threw.
std::optional<std::string> measure(Case& c, const InstanceResult& result,
                                   const Injection& injection, CapturingReporter& reporter,
                                   std::deque<Invocation>& invocations) {
  const Definition& definition = *result.instance.definition;
  const Work work = result.work;
  std::optional<std::string> error;
  std::int64_t iteration = 0;
  Job& job = current_job();
  const bool disturbed_inside =
      c.take_disturbance([&injection, &iteration] { disturb_iteration(injection, iteration++); });

  auto body = [&](benchmark::State& state) {
    Invocation& invocation = invocations.emplace_back();
    const auto id = static_cast<double>(invocations.size() - 1);
    try {
      for (auto _ : state) {
        job.iteration();
        if (definition.timer == Timer::kDevice) {
          if (!disturbed_inside) disturb_iteration(injection, iteration++);
          const double seconds = c.iterate();
          state.SetIterationTime(seconds);
          invocation.seconds.push_back(seconds);
        } else {
          // Two steady-clock reads per iteration (tens of ns) against
          // iterations of microseconds or more.
          const auto start = std::chrono::steady_clock::now();
          c.iterate();
          disturb_iteration(injection, iteration++);
          const auto stop = std::chrono::steady_clock::now();
          invocation.seconds.push_back(std::chrono::duration<double>(stop - start).count());
        }
      }
    } catch (const std::exception& e) {
      error = e.what();
      state.SkipWithError(e.what());
      return;
    }
    const auto iterations = static_cast<double>(state.iterations());
    state.counters[kInvocationCounter] = id;
    if (work.bytes > 0) state.SetBytesProcessed(static_cast<std::int64_t>(work.bytes * iterations));
    if (work.flops > 0) {
      state.counters["flops"] =
          benchmark::Counter(work.flops * iterations, benchmark::Counter::kIsRate);
    }
  };

  auto* registered = benchmark::RegisterBenchmark(result.instance.name.c_str(), body);
  if (definition.timer == Timer::kDevice) {
    registered->UseManualTime();
  } else {
    registered->UseRealTime();
  }
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::ClearRegisteredBenchmarks();
  return error;
}

bool has_non_positive_sample(const std::deque<Invocation>& invocations) {
  for (const auto& invocation : invocations) {
    for (double seconds : invocation.seconds) {
      if (!(seconds > 0)) return true;
    }
  }
  return false;
}

// --inject bitflip: after the timed iterations, before verification.
void inject_bitflip(Case& c, InstanceResult& result, const Injection& injection) {
  const std::uint64_t seed = std::hash<std::string>{}(result.instance.name);
  if (!injection.draws_flip(seed)) return;
  const std::size_t offset = flip_significant_bit(c.result_bytes(), seed);
  result.injected.push_back({{"kind", "bitflip"}, {"byte_offset", offset}});
}

// Runs each definition's analyze over its ok instances, per device.
std::vector<Analysis> analyze(const std::vector<InstanceResult>& instances) {
  std::vector<Analysis> analyses;
  for (const auto& r : instances) {
    const Definition* definition = r.instance.definition;
    if (!definition->analyze) continue;
    const bool done = std::any_of(analyses.begin(), analyses.end(), [&](const Analysis& a) {
      return a.definition == definition && a.device == r.instance.device.id;
    });
    if (done) continue;
    std::vector<SweepPoint> points;
    for (const auto& other : instances) {
      if (other.instance.definition != definition || other.status != Status::kOk ||
          other.instance.device.id != r.instance.device.id || !other.statistics) {
        continue;
      }
      const double mean_seconds = stats::summarize(other.seconds()).mean;
      points.push_back({other.instance.params, other.statistics->metric.median, other.details,
                        metric_value(definition->metric, other.work, mean_seconds)});
    }
    if (points.empty()) continue;
    Analysis analysis{definition, r.instance.device.id, nullptr};
    try {
      analysis.result = definition->analyze(r.instance.device, points);
    } catch (const std::exception& e) {
      analysis.result = {{"error", e.what()}};
    }
    analyses.push_back(std::move(analysis));
  }
  return analyses;
}

}  // namespace

std::string_view status_name(Status status) {
  switch (status) {
    case Status::kOk:
      return "ok";
    case Status::kSkipped:
      return "skipped";
    case Status::kFailed:
      return "failed";
    case Status::kInvalid:
      return "invalid";
    case Status::kTimeout:
      return "timeout";
    case Status::kCrashed:
      return "crashed";
  }
  return "unknown";
}

Status status_from_name(std::string_view name) {
  for (Status s : {Status::kOk, Status::kSkipped, Status::kFailed, Status::kInvalid,
                   Status::kTimeout, Status::kCrashed}) {
    if (status_name(s) == name) return s;
  }
  throw std::invalid_argument("unknown status '" + std::string(name) + "'");
}

std::vector<double> InstanceResult::seconds() const {
  std::vector<double> all;
  for (const auto& repetition : repetitions)
    all.insert(all.end(), repetition.begin(), repetition.end());
  return all;
}

std::vector<double> InstanceResult::metric_values() const {
  std::vector<double> values;
  for (double seconds : this->seconds()) {
    values.push_back(metric_value(instance.definition->metric, work, seconds));
  }
  return values;
}

InstanceResult run_instance(Instance instance, const Injection& requested) {
  InstanceResult result;
  result.instance = std::move(instance);
  if (!result.instance.unavailable.empty()) {
    result.status = Status::kSkipped;
    result.reason = result.instance.unavailable;
    return result;
  }
  const Injection injection = requested.applies_to(result.instance.name) ? requested : Injection{};
  std::deque<Invocation> invocations;
  CapturingReporter reporter(invocations);
  try {
    auto c = result.instance.definition->make_case(result.instance.device, result.instance.params);
    result.work = c->work();
    c->setup();
    if (auto error = measure(*c, result, injection, reporter, invocations)) {
      result.status = Status::kFailed;
      result.reason = *error;
    } else if (has_non_positive_sample(invocations)) {
      result.status = Status::kFailed;
      result.reason = "an iteration measured 0 s: the timer is too coarse for this size";
    } else {
      if (injection.kind == Injection::Kind::kBitflip) inject_bitflip(*c, result, injection);
      result.verification = c->verify();
      result.placement = c->placement();
      result.details = c->details();
      if (result.verification.outcome == Verification::Outcome::kFailed) {
        result.status = Status::kInvalid;
        result.reason = std::to_string(result.verification.mismatches) + " mismatches in " +
                        std::to_string(result.verification.elements_checked) + " checked elements";
      } else {
        result.status = Status::kOk;
      }
    }
  } catch (const Error& e) {
    result.status = status_of(e);
    result.reason = e.what();
  } catch (const std::exception& e) {
    result.status = Status::kFailed;
    result.reason = e.what();
  }
  for (const auto& invocation : invocations) {
    if (invocation.reported) {
      result.repetitions.push_back(invocation.seconds);
    } else {
      result.warmup_samples += invocation.seconds.size();
    }
  }
  result.google_benchmark_runs = reporter.finish()["benchmarks"];
  result.run_repetitions = reporter.run_repetitions();
  return result;
}

nlohmann::ordered_json google_benchmark_context() {
  std::deque<Invocation> none;
  return CapturingReporter(none).finish()["context"];
}

SuiteResult run_instances(std::vector<Instance> instances, const RunSettings& settings) {
  SuiteResult suite;
  suite.google_benchmark_context = google_benchmark_context();
  for (std::size_t i = 0; i < instances.size(); ++i) {
    if (settings.on_start) settings.on_start(i, instances[i]);
    const std::size_t first_sample = settings.telemetry ? settings.telemetry->sample_now() : 0;
    if (auto found = settings.recorded.find(instances[i].name); found != settings.recorded.end()) {
      InstanceResult& r = suite.instances.emplace_back();
      r.instance = std::move(instances[i]);
      apply_record(found->second, r);
    } else if (settings.isolate && instances[i].unavailable.empty()) {
      suite.instances.push_back(
          run_isolated(std::move(instances[i]), settings.injection, settings.timeout_s));
    } else {
      // In process: the job's watchdog (MPI: a stalled rank ends the job).
      current_job().watch(instances[i].name, settings.timeout_s);
      suite.instances.push_back(run_instance(std::move(instances[i]), settings.injection));
      current_job().unwatch();
    }
    InstanceResult& r = suite.instances.back();
    if (settings.telemetry && !settings.recorded.contains(r.instance.name)) {
      r.telemetry = settings.telemetry->window(first_sample, settings.telemetry->sample_now());
    }
    if (!r.repetitions.empty()) {
      r.statistics = stats::describe(r.metric_values(), r.seconds(), settings.limits, true);
    }
    if (settings.on_finish) settings.on_finish(i, r);
  }
  suite.analyses = analyze(suite.instances);
  return suite;
}

}  // namespace accelbench
