// accelbench verdict: the three claims, side by side. Given results from two
// systems (or two devices in one file), it says with evidence whether B lacks
// compute, has slower connections, or is less stable than A:
//
//   compute, interconnect  every measurement both sides made with the same
//                          benchmark and parameters: A, B, the ratio B / A of
//                          medians with its bootstrap 95% CI, oriented so
//                          that > 1 means B is better; one line per claim
//   stability              per side: unstable runs, CV, tail ratio,
//                          mismatches, failed/invalid/timeout/crashed runs,
//                          and from soak files drift and throttling
//   not compared           what only one side measured, measured with
//                          other parameters, or skipped or failed, and why
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace accelbench {

// One side: a results or soak file, optionally narrowed to one device.
struct VerdictSide {
  std::string label;  // the file name, or "file [device]"
  const nlohmann::ordered_json* file = nullptr;
  std::optional<std::string> device;
};

struct VerdictRow {
  std::string claim, benchmark, params, unit, direction;
  std::string a_device, b_device;
  double a_median = 0, b_median = 0;
  double ratio = 0;                // B / A of the medians, as measured
  double performance = 0;          // oriented: > 1 means B is better
  double ci_low = 0, ci_high = 0;  // of `performance`, bootstrap 95%
  std::size_t n_a = 0, n_b = 0;
};

struct NotCompared {
  std::string claim, benchmark, params, reason;
};

struct StabilitySummary {
  std::string label;
  std::size_t runs = 0, ok = 0, unstable = 0, skipped = 0;
  std::size_t failed = 0, invalid = 0, timeout = 0, crashed = 0;
  std::uint64_t mismatches = 0;
  double median_cv = 0, max_tail_ratio = 0;
  // From soak files: benchmarks soaked, those the soak found unstable, the
  // worst drift (%/hour, Theil-Sen) and throttle share.
  std::size_t soaked = 0, soak_unstable = 0;
  double worst_drift_percent_per_hour = 0, worst_throttle_share = 0;
  std::size_t problems() const {
    return unstable + failed + invalid + timeout + crashed + soak_unstable +
           (mismatches > 0 ? 1 : 0);
  }
};

struct ClaimSummary {
  std::string claim;
  std::vector<VerdictRow> rows;
  std::string summary;  // one line
};

struct Verdict {
  std::string a, b;
  std::vector<ClaimSummary> claims;  // compute, interconnect
  StabilitySummary stability_a, stability_b;
  std::string stability_summary;  // one line
  std::vector<NotCompared> not_compared;
};

// One side's stability counts, and as one line.
StabilitySummary stability_summary(const VerdictSide& side);
std::string stability_line(const StabilitySummary& summary);

// B against A. Throws a usage error when a --devices device is not in its file.
Verdict make_verdict(const VerdictSide& a, const VerdictSide& b);

// Reads a results file or a soak file; usage error (one line) when it cannot.
nlohmann::ordered_json read_verdict_input(const std::string& path);

void print_verdict(std::ostream& out, const Verdict& verdict, const std::string& format);
nlohmann::ordered_json verdict_json(const Verdict& verdict);

}  // namespace accelbench
