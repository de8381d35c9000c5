// accelbench verdict: the three claims, side by side. Given results from two
// systems (or two devices in one file), it says with evidence whether B lacks
// compute, has slower connections, or is less stable than A:
//
//   compute        the headline figures (suite.headlines) both sides have:
//                  per data type the FMA peak and GEMM at the largest matrix
//                  size both measured; B / A of the medians of the two
//                  instances with its bootstrap 95% CI, oriented so that > 1
//                  means B is better; the geometric mean in one line
//   interconnect   the same, per link class (memory, NUMA, host<->device,
//                  peer, core<->core, node<->node, collectives): bandwidth
//                  peaks and latencies, memory latency per level
//   stability      per side: unstable runs, CV, tail ratio, mismatches,
//                  failed/invalid/timeout/crashed runs, and from soak files
//                  drift and throttling; the stability benchmarks' figures
//   instances      two runs of the same backends: every instance both made
//                  with the same parameters, as before headlines existed
//
// Figures pair across platforms by what they measure (their what-parameters),
// whatever the how-parameters (isa, vector width, threads, method); each row
// names both instances. A figure one side lacks is listed with the reason.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "headline_pairs.h"

namespace accelbench {

// One side: a results or soak file, optionally narrowed to one device.
struct VerdictSide {
  std::string label;  // the file name, or "file [device]"
  const nlohmann::ordered_json* file = nullptr;
  std::optional<std::string> device;
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

// The rows of one link class (interconnect), or of a whole claim.
struct FigureGroup {
  std::string name;     // a link ("memory", "host-device", ...) or a claim
  std::string summary;  // one line
  std::vector<VerdictRow> rows;
  std::vector<MissingFigure> missing;
};

struct ClaimSection {
  FigureGroup figures;             // name: the claim
  std::vector<FigureGroup> links;  // interconnect: per link class, in Link order
};

struct StabilitySection {
  StabilitySummary a, b;
  std::string summary;  // one line: the counts
  FigureGroup figures;  // the stability benchmarks' headlines
};

// Two runs of the same backends: every instance both made with the same
// parameters, and what one side made that the other did not.
struct InstanceSection {
  std::vector<FigureGroup> claims;  // compute, interconnect, stability
  std::vector<NotCompared> not_compared;
};

struct Verdict {
  std::string a, b;
  std::vector<ClaimSection> claims;  // compute, interconnect
  StabilitySection stability;
  std::optional<InstanceSection> instances;  // only for the same backends on both sides
};

// One side's stability counts, and as one line.
StabilitySummary stability_summary(const VerdictSide& side);
std::string stability_line(const StabilitySummary& summary);

// "host<->device" for "host-device"; "other" for no link.
std::string link_title(const std::string& link);

// A performance ratio as the verdict prints it (3 significant digits).
std::string ratio_text(double value);

// B against A. Throws a usage error when a --devices device is not in its file.
Verdict make_verdict(const VerdictSide& a, const VerdictSide& b);

// Reads a results file or a soak file; usage error (one line) when it cannot.
nlohmann::ordered_json read_verdict_input(const std::string& path);

void print_verdict(std::ostream& out, const Verdict& verdict, const std::string& format);
nlohmann::ordered_json verdict_json(const Verdict& verdict);

}  // namespace accelbench
