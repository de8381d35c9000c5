#include "verdict.h"

#include <accelbench/error.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "display_text.h"
#include "result_samples.h"
#include "results_file.h"
#include "stats.h"
#include "table.h"
#include "units.h"

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kClaims[] = {"compute", "interconnect", "stability"};

bool is_soak(const Json& file) { return file.contains("soak"); }

std::string ratio(double value) { return format_number(value, number_format::kRatio); }

// The runs of one side, keyed by benchmark and parameters (and the device,
// when the side is not narrowed to one).
std::map<std::string, RunSamples> side_runs(const VerdictSide& side) {
  std::map<std::string, RunSamples> out;
  if (is_soak(*side.file)) return out;
  bool device_seen = !side.device;
  for (auto& [name, run] : runs_of(*side.file)) {
    if (side.device && run.device != *side.device) continue;
    device_seen = true;
    const std::string key = run.benchmark + "|" + params_name(run.params) + "|" +
                            (side.device ? std::string() : run.device);
    out.emplace(key, std::move(run));
  }
  if (!device_seen) {
    throw usage_error(side.label + ": no results for device " + *side.device);
  }
  return out;
}

std::string status_reason(const std::string& side, const RunSamples& run) {
  return run.status + " on " + side + (run.reason.empty() ? "" : ": " + run.reason);
}

std::string claim_line(const std::string& claim, const std::vector<VerdictRow>& rows,
                       const std::string& b) {
  if (rows.empty()) return "no " + claim + " measurement both sides made";
  double log_sum = 0;
  for (const auto& r : rows) log_sum += std::log(r.performance);
  const double mean = std::exp(log_sum / static_cast<double>(rows.size()));
  const auto lowest = std::min_element(rows.begin(), rows.end(), [](const auto& x, const auto& y) {
    return x.performance < y.performance;
  });
  std::string line = b + " reaches " + ratio(mean) + "x A's " + claim + " (geometric mean over " +
                     std::to_string(rows.size()) + " measurement(s), > 1: B better)";
  line += "; lowest: " + ratio(lowest->performance) + "x on " + lowest->benchmark +
          (lowest->params.empty() ? "" : " " + lowest->params) + " [" + ratio(lowest->ci_low) +
          ", " + ratio(lowest->ci_high) + "]";
  return line;
}

}  // namespace

StabilitySummary stability_summary(const VerdictSide& side) {
  StabilitySummary s;
  s.label = side.label;
  if (is_soak(*side.file)) {
    for (const auto& b : side.file->at("soak").at("benchmarks")) {
      if (side.device && b.value("device", "") != *side.device) continue;
      ++s.soaked;
      if (!b.contains("analysis")) continue;
      const auto& a = b["analysis"];
      if (a.value("verdict", "") == "unstable") ++s.soak_unstable;
      s.mismatches += a.value("mismatches", std::uint64_t{0});
      if (a.contains("drift_percent_per_hour")) {
        const double drift = a["drift_percent_per_hour"].value("theil_sen", 0.0);
        if (std::fabs(drift) > std::fabs(s.worst_drift_percent_per_hour)) {
          s.worst_drift_percent_per_hour = drift;
        }
      }
      s.worst_throttle_share = std::max(s.worst_throttle_share, a.value("throttle_share", 0.0));
    }
    return s;
  }
  std::vector<double> cvs;
  for (const auto& [name, run] : runs_of(*side.file)) {
    if (side.device && run.device != *side.device) continue;
    ++s.runs;
    if (run.status == "ok") ++s.ok;
    if (run.status == "skipped") ++s.skipped;
    if (run.status == "failed") ++s.failed;
    if (run.status == "invalid") ++s.invalid;
    if (run.status == "timeout") ++s.timeout;
    if (run.status == "crashed") ++s.crashed;
    s.mismatches += run.mismatches;
    if (run.status != "ok") continue;
    if (run.unstable) ++s.unstable;
    cvs.push_back(run.cv);
    s.max_tail_ratio = std::max(s.max_tail_ratio, run.tail_ratio);
  }
  if (!cvs.empty()) s.median_cv = stats::summarize(cvs).median;
  return s;
}

std::string stability_line(const StabilitySummary& s) {
  if (s.soaked > 0) {
    return s.label + ": soak of " + std::to_string(s.soaked) + " benchmark(s), " +
           std::to_string(s.soak_unstable) + " unstable, worst drift " +
           format_quantity(s.worst_drift_percent_per_hour, "%/h", number_format::kRatio) +
           ", worst throttle share " +
           format_quantity(100 * s.worst_throttle_share, "%", number_format::kRatio) + ", " +
           std::to_string(s.mismatches) + " mismatches";
  }
  return s.label + ": " + std::to_string(s.unstable) + " of " + std::to_string(s.ok) +
         " runs unstable, median CV " +
         format_quantity(100 * s.median_cv, "%", number_format::kRatio) + ", worst tail ratio " +
         ratio(s.max_tail_ratio) + ", " + std::to_string(s.mismatches) + " mismatches, " +
         std::to_string(s.failed + s.invalid) + " failed/invalid, " +
         std::to_string(s.timeout + s.crashed) + " timeouts/crashes";
}

Json read_verdict_input(const std::string& path) {
  return read_accelbench_file(path, {FileKind::kResults, FileKind::kSoak});
}

Verdict make_verdict(const VerdictSide& a, const VerdictSide& b) {
  Verdict v;
  v.a = a.label;
  v.b = b.label;
  std::map<std::string, RunSamples> runs_a, runs_b;
  try {
    runs_a = side_runs(a);
    runs_b = side_runs(b);
  } catch (const Json::exception& e) {
    throw usage_error(std::string("a results file lacks a field: ") + e.what());
  }
  std::map<std::string, std::vector<VerdictRow>> rows;
  std::set<std::string> benchmarks_a, benchmarks_b;
  for (const auto& [key, run] : runs_a) benchmarks_a.insert(run.benchmark);
  for (const auto& [key, run] : runs_b) benchmarks_b.insert(run.benchmark);

  for (const auto& [key, ra] : runs_a) {
    const auto found = runs_b.find(key);
    const std::string params = params_name(ra.params);
    if (found == runs_b.end()) {
      v.not_compared.push_back({ra.claim, ra.benchmark, params,
                                benchmarks_b.contains(ra.benchmark)
                                    ? "B measured it with other parameters"
                                    : "not measured on B"});
      continue;
    }
    const RunSamples& rb = found->second;
    if (ra.status != "ok" || rb.status != "ok") {
      v.not_compared.push_back(
          {ra.claim, ra.benchmark, params,
           ra.status != "ok" ? status_reason("A", ra) : status_reason("B", rb)});
      continue;
    }
    if (ra.values.empty() || rb.values.empty()) {
      v.not_compared.push_back({ra.claim, ra.benchmark, params, "no samples"});
      continue;
    }
    VerdictRow r;
    r.claim = ra.claim;
    r.benchmark = ra.benchmark;
    r.params = params;
    r.unit = ra.unit;
    r.direction = ra.direction;
    r.a_device = ra.device;
    r.b_device = rb.device;
    r.a_median = stats::summarize(ra.values).median;
    r.b_median = stats::summarize(rb.values).median;
    r.n_a = ra.values.size();
    r.n_b = rb.values.size();
    r.ratio = r.b_median / r.a_median;
    const stats::Interval ci = stats::bootstrap_ratio_of_medians_ci(ra.values, rb.values);
    if (ra.direction == "lower_is_better") {
      r.performance = 1 / r.ratio;
      r.ci_low = 1 / ci.high;
      r.ci_high = 1 / ci.low;
    } else {
      r.performance = r.ratio;
      r.ci_low = ci.low;
      r.ci_high = ci.high;
    }
    rows[r.claim].push_back(r);
  }
  for (const auto& [key, rb] : runs_b) {
    if (runs_a.contains(key)) continue;
    v.not_compared.push_back({rb.claim, rb.benchmark, params_name(rb.params),
                              benchmarks_a.contains(rb.benchmark)
                                  ? "A measured it with other parameters"
                                  : "not measured on A"});
  }
  for (const char* claim : kClaims) {
    ClaimSummary c;
    c.claim = claim;
    c.rows = rows[claim];
    c.summary = claim_line(claim, c.rows, "B");
    v.claims.push_back(std::move(c));
  }
  v.stability_a = stability_summary(a);
  v.stability_b = stability_summary(b);
  const std::size_t pa = v.stability_a.problems();
  const std::size_t pb = v.stability_b.problems();
  v.stability_summary =
      pb > pa
          ? "B is less stable: " + std::to_string(pb) + " problem(s) against " + std::to_string(pa)
      : pb < pa
          ? "B is more stable: " + std::to_string(pb) + " problem(s) against " + std::to_string(pa)
          : "no stability difference in counts (" + std::to_string(pa) + " problem(s) each)";
  v.stability_summary +=
      " (unstable runs, failed/invalid/timeout/crashed runs, runs with "
      "mismatches, unstable soaks)";
  return v;
}

Json verdict_json(const Verdict& v) {
  Json claims = Json::array();
  for (const auto& c : v.claims) {
    Json rows = Json::array();
    for (const auto& r : c.rows) {
      rows.push_back({{"benchmark", r.benchmark},
                      {"params", r.params},
                      {"a_device", r.a_device},
                      {"b_device", r.b_device},
                      {"unit", r.unit},
                      {"direction", r.direction},
                      {"a_median", r.a_median},
                      {"b_median", r.b_median},
                      {"ratio_b_over_a", r.ratio},
                      {"performance_b_vs_a", r.performance},
                      {"performance_ci95", {r.ci_low, r.ci_high}},
                      {"n_a", r.n_a},
                      {"n_b", r.n_b}});
    }
    claims.push_back({{"claim", c.claim}, {"summary", c.summary}, {"rows", rows}});
  }
  const auto stability = [](const StabilitySummary& s) {
    return Json{{"label", s.label},
                {"runs", s.runs},
                {"ok", s.ok},
                {"unstable", s.unstable},
                {"skipped", s.skipped},
                {"failed", s.failed},
                {"invalid", s.invalid},
                {"timeout", s.timeout},
                {"crashed", s.crashed},
                {"mismatches", s.mismatches},
                {"median_cv", s.median_cv},
                {"max_tail_ratio", s.max_tail_ratio},
                {"soaked", s.soaked},
                {"soak_unstable", s.soak_unstable},
                {"worst_drift_percent_per_hour", s.worst_drift_percent_per_hour},
                {"worst_throttle_share", s.worst_throttle_share},
                {"problems", s.problems()},
                {"summary", stability_line(s)}};
  };
  Json not_compared = Json::array();
  for (const auto& n : v.not_compared) {
    not_compared.push_back({{"claim", n.claim},
                            {"benchmark", n.benchmark},
                            {"params", n.params},
                            {"reason", n.reason}});
  }
  return {{"a", v.a},
          {"b", v.b},
          {"claims", claims},
          {"stability",
           {{"summary", v.stability_summary},
            {"a", stability(v.stability_a)},
            {"b", stability(v.stability_b)}}},
          {"not_compared", not_compared}};
}

void print_verdict(std::ostream& out, const Verdict& v, const std::string& format) {
  if (format == "json") {
    render_json(out, verdict_json(v));
    return;
  }
  const bool md = format == "markdown";
  const auto shown = [md](const std::string& text) {
    return md ? markdown_text(text) : terminal_text(text);
  };
  out << (md ? "## " : "# ") << "verdict: A = " << shown(v.a) << ", B = " << shown(v.b) << "\n";
  for (const auto& c : v.claims) {
    out << '\n' << (md ? "### " : "") << c.claim << ": " << shown(c.summary) << '\n';
    if (c.rows.empty()) continue;
    Table table;
    if (md) {
      table.columns = {
          {"benchmark"}, {"device"}, {"params"}, {"A"}, {"B"}, {"unit"}, {"B vs A (> 1: B better)"},
          {"95% CI"}};
    } else {
      // Fixed widths, so that the claims' tables line up with each other.
      const auto right = Column::Align::kRight;
      table.columns = {{"", {}, 28, "  "},      {"", {}, 9, " "},        {"", {}, 44, " "},
                       {"", right, 10, " A "},  {"", right, 10, "  B "}, {"", {}, 7, " "},
                       {"", right, 6, " B/A "}, {"", {}, 0, "x "}};
    }
    for (const auto& r : c.rows) {
      const std::string ci = "[" + ratio(r.ci_low) + ", " + ratio(r.ci_high) + "]";
      table.rows.push_back(
          {r.benchmark, r.a_device == r.b_device ? r.a_device : r.a_device + " vs " + r.b_device,
           r.params, format_number(r.a_median), format_number(r.b_median), r.unit,
           ratio(r.performance), ci});
    }
    if (md) {
      out << '\n';
      render_markdown(out, table);
    } else {
      render_text(out, table, {.header = false});
    }
  }
  out << '\n' << (md ? "### " : "") << "stability: " << v.stability_summary << '\n';
  out << (md ? "- " : "  A ") << shown(stability_line(v.stability_a)) << '\n';
  out << (md ? "- " : "  B ") << shown(stability_line(v.stability_b)) << '\n';
  if (!v.not_compared.empty()) {
    out << '\n' << (md ? "### " : "") << "not compared (" << v.not_compared.size() << ")\n";
    for (const auto& n : v.not_compared) {
      out << (md ? "- " : "  ") << shown(n.benchmark)
          << (n.params.empty() ? "" : " " + shown(n.params)) << ": " << shown(n.reason) << '\n';
    }
  }
}

}  // namespace accelbench
