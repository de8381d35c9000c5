// The results file: Google Benchmark's JSON ("context", "benchmarks") as its
// JSONReporter wrote it, with a "suite" object added to each run and one
// top-level "suite" object (results/schema/results.schema.json).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fingerprint.h"
#include "json_input.h"
#include "runner.h"

namespace accelbench {

struct RunConfig {
  std::vector<std::string> argv;
  std::string suite;
  std::optional<std::string> filter;
  std::optional<std::string> device;
  int repetitions = 1;
  double min_time_s = 0;
  stats::StabilityLimits limits;
  bool isolate = false;
  double timeout_s = 0;
  std::optional<std::string> inject;
  std::vector<std::pair<std::string, std::string>> param_overrides;
};

struct SuiteRecord {
  std::string run_id;
  std::string started_at;  // ISO 8601 UTC
  std::string finished_at;
  RunConfig config;
  Fingerprint fingerprint;
  nlohmann::ordered_json topology;
  DeviceCatalog catalog;
  nlohmann::ordered_json telemetry = nlohmann::ordered_json::object();  // the sampler's description
  // suite.node: the node these results are of (--node-name, --per-node).
  std::optional<std::string> node;
  // suite.fleet of the cross-node document of a --per-node run (per_node_files.h).
  std::optional<nlohmann::ordered_json> fleet;
};

inline constexpr int kResultsSchemaVersion = 1;

// "ok", "failed" (some run failed) or "invalid" (some run failed verification).
Status overall_status(const SuiteResult& result);

nlohmann::ordered_json build_results(const SuiteResult& result, const SuiteRecord& record);

// Environment variables that change how benchmarks run (OMP_*, CUDA_*, ...).
nlohmann::ordered_json relevant_environment();

std::string utc_timestamp();  // "2026-11-29T20:14:36Z"

std::string new_run_id();

}  // namespace accelbench
