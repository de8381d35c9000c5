// The runs of a results file with their metric samples, as compare and
// verdict read them: one entry per instance (suite.results), the metric of
// every kept iteration re-derived from Google Benchmark's iteration runs and
// the declared work.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace accelbench {

struct RunSamples {
  std::string name, benchmark, claim, device, status, reason;
  std::string compare_class;  // empty in files written before the field
  nlohmann::ordered_json params = nlohmann::ordered_json::object();
  std::string unit, direction;             // of the metric
  std::vector<double> values;              // the metric of every kept iteration
  std::vector<double> repetition_medians;  // one per repetition (run)
  double cv = 0;                           // suite.results[].statistics
  double tail_ratio = 0;                   // p99/p50 of iteration times
  bool unstable = false;
  std::uint64_t mismatches = 0;
  std::string verification = "none";  // passed, failed, unverified, none
};

// Every instance of a results file by name.
std::map<std::string, RunSamples> runs_of(const nlohmann::ordered_json& file);

// "dtype:fp64/threads:2" from a params object (keys in file order).
std::string params_name(const nlohmann::ordered_json& params);

}  // namespace accelbench
