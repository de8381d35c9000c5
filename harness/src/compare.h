// accelbench compare: is NEW worse than BASE? Correctness and identity gates
// first, then per benchmark the ratio of medians oriented so that > 1 is
// better, its bootstrap 95% CI, a two-sided Mann-Whitney U test with
// Benjamini-Hochberg across the comparison, and a practical threshold per
// kind of benchmark.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace accelbench {

struct CompareOptions {
  // Per compare class (a benchmark's Spec::compare_class, results field
  // "compare_class").
  double threshold_compute = 0.03;
  double threshold_memory = 0.05;
  double threshold_interconnect = 0.10;
  double alpha = 0.05;
  double max_cv = 0.10;  // above it on either side: NOISY
  bool allow_different_machines = false;
  // --devices A,B: BASE's runs on device A against NEW's on B, paired by
  // benchmark and parameters (the device left out of the name). Across
  // backends (cuda:0 against ascend:0) an instance one side lacks is listed
  // as unpaired, not a gate failure: the platforms offer different
  // parameters (data types, methods), which is no regression.
  std::string base_device, new_device;
};

struct ComparisonRow {
  std::string name;
  std::string benchmark;
  std::string unit;
  std::string direction;
  std::string basis;  // "repetitions" or "iterations" (see compare.cpp)
  std::size_t n_base = 0, n_new = 0;
  double base_median = 0, new_median = 0;
  double ratio = 0;  // oriented: > 1 is better for NEW
  double ci_low = 0, ci_high = 0;
  double p_value = 1, p_adjusted = 1;
  double cv_base = 0, cv_new = 0;
  double threshold = 0;
  std::string verdict;  // REGRESSION, LIKELY REGRESSION, IMPROVEMENT, NO CHANGE,
                        // INCONCLUSIVE, NOISY, INSUFFICIENT SAMPLES
};

struct CompareResult {
  std::vector<std::string> gate_failures;  // failed/invalid runs, missing benchmarks
  std::vector<ComparisonRow> rows;
  // With --devices across backends: "<name>: only in BASE (cuda:0)", ...
  std::vector<std::string> unpaired;
  std::string devices;  // "cuda:0 vs ascend:0" with --devices, else empty
  bool regression = false;
  int exit_code() const { return regression || !gate_failures.empty() ? 1 : 0; }
};

// Throws a usage error for a file that is not an accelbench results file of
// schema version 1, for different machines without allow_different_machines,
// or for a --devices device that has no run in its file.
CompareResult compare_results(const nlohmann::ordered_json& base,
                              const nlohmann::ordered_json& next, const CompareOptions& options);

// Reads and checks a results file; usage error (one line) when it cannot.
nlohmann::ordered_json read_results_file(const std::string& path);

// Usage error naming `path` and the benchmark when a sample time is zero,
// negative, not finite or not a number (called by read_results_file).
void check_sample_times(const nlohmann::ordered_json& file, const std::string& path);

// "compare: FAIL: <first gate failure or regression> (and N more)", or empty
// when the comparison passes.
std::string failure_summary(const CompareResult& result);

void print_comparison(std::ostream& out, const CompareResult& result, const std::string& format);
nlohmann::ordered_json comparison_json(const CompareResult& result);

}  // namespace accelbench
