// accelbench export: derived files for CI services, from a results file.
//   gab-googlecpp  github-action-benchmark `googlecpp`: Google Benchmark JSON
//                  with one entry per benchmark (median time per iteration),
//                  no aggregates, no errored or invalid runs
//   gab-bigger     `customBiggerIsBetter`: GB/s and GFLOP/s medians
//   gab-smaller    `customSmallerIsBetter`: ns medians
//   bmf            Bencher Metric Format: median with the bootstrap 95% CI as
//                  lower and upper value
// Only benchmarks with status ok are exported.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace accelbench {

// Throws a usage error for an unknown format.
nlohmann::ordered_json export_results(const nlohmann::ordered_json& results,
                                      const std::string& format);

}  // namespace accelbench
