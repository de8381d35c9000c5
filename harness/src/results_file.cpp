#include "results_file.h"

#include <accelbench/error.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>

#include "headlines.h"
#include "instance_record.h"
#include "stats.h"

extern char** environ;

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

Json identity_json(const InstanceResult& r) {
  const Definition& d = *r.instance.definition;
  Json out = {{"benchmark", d.id}, {"claim", claim_name(d.claim)}};
  // Registered definitions all have a spec; one built by hand (a test) may not.
  if (d.spec) out["compare_class"] = compare_class_name(d.spec->compare_class);
  out["backend"] = d.backend;
  out["device"] = r.instance.device.id;
  out["params"] = r.instance.params.to_json();
  out["status"] = status_name(r.status);
  return out;
}

// The metric's name, unit and direction, and its value when measured.
Json metric_json(const InstanceResult& r, std::optional<double> value) {
  const MetricKind kind = r.instance.definition->metric;
  Json out = {{"name", metric_name(kind)},
              {"unit", metric_unit(kind)},
              {"direction", direction_name(metric_direction(kind))}};
  if (value) out["value"] = *value;
  return out;
}

// The "suite" object of one Google Benchmark iteration run (one repetition).
Json repetition_json(const InstanceResult& r, std::size_t repetition,
                     const stats::StabilityLimits& limits) {
  const auto& seconds = r.repetitions.at(repetition);
  std::vector<double> values;
  for (double s : seconds) values.push_back(metric_value(r.instance.definition->metric, r.work, s));
  const stats::Description description = stats::describe(values, seconds, limits, false);
  Json out = identity_json(r);
  out["name"] = r.instance.name;
  out["metric"] = metric_json(r, description.metric.median);
  out["work"] = to_json(r.work);
  out["samples"] = {{"unit", "s"},
                    {"count", seconds.size()},
                    {"warmup_discarded", r.warmup_samples},
                    {"seconds_per_iteration", seconds}};
  out["statistics"] = stats::to_json(description);
  out["verification"] = to_json(r.verification);
  out["placement"] = r.placement;
  return out;
}

// One line per instance in the top-level suite: every status, measured or not.
Json instance_summary_json(const InstanceResult& r) {
  Json out = identity_json(r);
  out["name"] = r.instance.name;
  if (!r.reason.empty()) out["reason"] = r.reason;
  if (r.statistics) {
    out["metric"] = metric_json(r, r.statistics->metric.median);
    out["statistics"] = stats::to_json(*r.statistics);
    out["repetitions"] = r.repetitions.size();
    out["warmup_discarded"] = r.warmup_samples;
  }
  if (r.status == Status::kOk || r.status == Status::kInvalid) {
    out["verification"] = to_json(r.verification);
  }
  if (!r.details.empty()) out["details"] = r.details;
  if (!r.injected.empty()) out["injected_faults"] = r.injected;
  if (!r.telemetry.empty()) out["telemetry"] = r.telemetry;
  return out;
}

}  // namespace

Status overall_status(const SuiteResult& result) {
  Status overall = Status::kOk;
  for (const auto& r : result.instances) {
    if (r.status == Status::kInvalid) return Status::kInvalid;
    if (r.status == Status::kFailed || r.status == Status::kTimeout ||
        r.status == Status::kCrashed) {
      overall = Status::kFailed;
    }
  }
  return overall;
}

Json build_results(const SuiteResult& result, const SuiteRecord& record) {
  Json out = {{"context", result.google_benchmark_context}, {"benchmarks", Json::array()}};
  for (const auto& r : result.instances) {
    if (r.google_benchmark_runs.size() != r.run_repetitions.size()) {
      throw std::logic_error(r.instance.name + ": Google Benchmark wrote " +
                             std::to_string(r.google_benchmark_runs.size()) + " runs but " +
                             std::to_string(r.run_repetitions.size()) + " were reported");
    }
    for (std::size_t i = 0; i < r.google_benchmark_runs.size(); ++i) {
      Json run = r.google_benchmark_runs[i];
      if (const auto& repetition = r.run_repetitions[i]) {
        run["suite"] = repetition_json(r, *repetition, record.config.limits);
      } else {
        Json aggregate = identity_json(r);
        aggregate["metric"] = metric_json(r, std::nullopt);
        aggregate["aggregate_of_repetitions"] = r.repetitions.size();
        run["suite"] = aggregate;
      }
      out["benchmarks"].push_back(std::move(run));
    }
  }

  Json counts = {{"ok", 0},      {"skipped", 0}, {"failed", 0},
                 {"invalid", 0}, {"timeout", 0}, {"crashed", 0}};
  Json results = Json::array();
  Json errors = Json::array();
  for (const auto& r : result.instances) {
    auto& count = counts[std::string(status_name(r.status))];
    count = count.get<int>() + 1;
    results.push_back(instance_summary_json(r));
    if (r.status != Status::kOk && r.status != Status::kSkipped) {
      errors.push_back({{"benchmark", r.instance.name},
                        {"status", status_name(r.status)},
                        {"message", r.reason}});
    }
  }
  Json analyses = Json::array();
  for (const auto& a : result.analyses) {
    Json entry = {{"benchmark", a.definition->id}, {"device", a.device}};
    for (const auto& [key, value] : a.result.items()) entry[key] = value;
    analyses.push_back(entry);
  }
  Json overrides = Json::object();
  for (const auto& [key, value] : record.config.param_overrides) overrides[key] = value;

  out["suite"] = {
      {"schema_version", kResultsSchemaVersion},
      {"tool", "accelbench"},
      {"run_id", record.run_id},
      {"started_at", record.started_at},
      {"finished_at", record.finished_at},
      {"status", status_name(overall_status(result))},
      {"counts", counts},
      {"fingerprint", record.fingerprint.to_json()},
      {"topology", record.topology},
      {"devices", devices_json(record.catalog)},
      {"unavailable_backends", unavailable_json(record.catalog)},
      {"config",
       {{"argv", record.config.argv},
        {"suite", record.config.suite},
        {"filter", record.config.filter ? Json(*record.config.filter) : Json(nullptr)},
        {"device", record.config.device ? Json(*record.config.device) : Json(nullptr)},
        {"repetitions", record.config.repetitions},
        {"min_time_s", record.config.min_time_s},
        {"max_cv", record.config.limits.max_cv},
        {"max_tail_ratio", record.config.limits.max_tail_ratio},
        {"isolate", record.config.isolate},
        {"timeout_s", record.config.timeout_s},
        {"inject", record.config.inject ? Json(*record.config.inject) : Json(nullptr)},
        {"param_overrides", overrides},
        {"environment", relevant_environment()}}},
      {"telemetry", record.telemetry},
      {"results", results},
      {"analyses", analyses},
      {"headlines", headlines(results, analyses, Registry::instance())},
      {"errors", errors},
  };
  if (record.node) out["suite"]["node"] = *record.node;
  if (record.fleet) out["suite"]["fleet"] = *record.fleet;
  return out;
}

Json relevant_environment() {
  static constexpr std::array<std::string_view, 10> kPrefixes{
      "OMP_",  "GOMP_", "KMP_",  "ACCELBENCH_", "HWLOC_",
      "CUDA_", "NCCL_", "OMPI_", "OPENBLAS_",   "POCL_"};
  Json out = Json::object();
  for (char** entry = environ; entry && *entry; ++entry) {
    const std::string_view text(*entry);
    const auto eq = text.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = text.substr(0, eq);
    for (auto prefix : kPrefixes) {
      if (key.substr(0, prefix.size()) == prefix) {
        out[std::string(key)] = std::string(text.substr(eq + 1));
        break;
      }
    }
  }
  return out;
}

std::string utc_timestamp() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string new_run_id() {
  std::random_device device;
  std::mt19937_64 generator((static_cast<std::uint64_t>(device()) << 32) ^ device() ^
                            static_cast<std::uint64_t>(getpid()));
  char text[40];
  std::snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(generator()),
                static_cast<unsigned long long>(generator()));
  return text;
}

}  // namespace accelbench
