// The claims summary an accelbench report opens with, one per file: the
// answers to "lacks compute? slow links? unstable?" with their evidence.
//
//   compute    per device and data type, each compute benchmark's headline
//              in GFLOP/s (FMA peak, GEMM, ...), the best of the type marked;
//              % of the theoretical peak only where an analysis in the file
//              states one for that device and type (points with "dtype" and
//              "theoretical_gflops"; never estimated)
//   links      per link class (memory, NUMA, host<->device, peer,
//              core<->core, node<->node, collectives) and device: the best
//              bandwidth and the lowest latency among the headlines
//   stability  the counts of `accelbench verdict` (unstable, mismatches,
//              failed, invalid, timeouts, crashes; for a soak file drift and
//              throttling) with the instances behind them, and the stability
//              benchmarks' headlines
//
// Every figure names its benchmark and instance. Headlines come from
// file_headlines (suite.headlines, or computed for older files); one whose
// instance is not an ok result of the file is left out.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace accelbench {

nlohmann::ordered_json claims_summary(const std::string& label, const nlohmann::ordered_json& file);

}  // namespace accelbench
