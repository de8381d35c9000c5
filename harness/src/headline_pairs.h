// Two sides' figures set side by side, for the verdict. A figure is what a
// side measured of one thing: a headline (suite.headlines), one memory level
// of a "levels" headline, or a "largest_common" headline at the largest size
// both sides measured. Figures pair by benchmark and what-parameters (and
// device, when neither side is narrowed to one), whatever the
// how-parameters: that is what lets a CPU's FMA peak (over ISA and threads) meet an
// OpenCL device's (over vector widths). What one side has and the other lacks is
// listed with the reason, never dropped.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "result_samples.h"

namespace accelbench {

// One side's evidence: its headlines (of its device, when narrowed) and its
// runs by instance name (the samples behind each headline's instance).
struct SideEvidence {
  nlohmann::ordered_json headlines = nlohmann::ordered_json::array();
  std::map<std::string, RunSamples> runs;
};

// A and B measured the same thing. `ratio` is B / A of the medians of the
// two instances' samples (of the headline values when an instance has no
// samples in its file); `performance` is oriented so that > 1 means B is
// better; its bootstrap 95% CI is absent without samples on both sides.
struct VerdictRow {
  std::string claim, link, benchmark, unit, direction;
  std::string figure;  // "dtype:fp32", "direction:h2d/host_memory:pinned, peak", "level L2"
  std::string kind;    // the headline's kind, or "instance" for exact matching
  std::string a_device, b_device, a_instance, b_instance;
  double a_median = 0, b_median = 0;
  double ratio = 0, performance = 0;
  std::optional<std::pair<double, double>> ci;
  std::size_t n_a = 0, n_b = 0;
};

// A figure only one side has: `lacking` is "A" or "B".
struct MissingFigure {
  std::string claim, link, benchmark, figure, unit, lacking, reason;
  std::string instance;  // the side that has it: its instance and value
  double value = 0;
};

struct FigurePairs {
  std::vector<VerdictRow> rows;
  std::vector<MissingFigure> missing;
};

// `by_device`: pair figures of the same device id only (neither side narrowed).
FigurePairs pair_headlines(const SideEvidence& a, const SideEvidence& b, bool by_device);

// One row from two sets of samples of the same metric (bootstrap CI of the
// ratio of medians).
void fill_ratio(VerdictRow& row, const std::vector<double>& a, const std::vector<double>& b);

}  // namespace accelbench
