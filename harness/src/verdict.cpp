#include "verdict.h"

#include <accelbench/benchmark.h>
#include <accelbench/error.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "headlines.h"
#include "results_file.h"
#include "stats.h"
#include "units.h"

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

// The link classes in the order the verdict shows them.
constexpr Link kLinks[] = {Link::kMemory,     Link::kNuma,       Link::kHostDevice, Link::kPeer,
                           Link::kCoreToCore, Link::kNodeToNode, Link::kCollective};

bool is_soak(const Json& file) { return file.contains("soak"); }

std::string backend_of(const std::string& device) { return device.substr(0, device.find(':')); }

// The runs of one side by instance name (of its device, when narrowed).
std::map<std::string, RunSamples> side_runs(const VerdictSide& side) {
  std::map<std::string, RunSamples> out;
  if (is_soak(*side.file)) return out;
  bool device_seen = !side.device;
  for (auto& [name, run] : runs_of(*side.file)) {
    if (side.device && run.device != *side.device) continue;
    device_seen = true;
    out.emplace(name, std::move(run));
  }
  if (!device_seen) {
    throw usage_error(side.label + ": no results for device " + *side.device);
  }
  return out;
}

// Whether `entry` (a headline, a level, a size) names an instance of the file
// that measured something: a headline left from an edited file does not count.
bool evidenced(const Json& entry, const std::map<std::string, RunSamples>& runs) {
  const auto instance = entry.find("instance");
  if (instance == entry.end() || !instance->is_string()) return false;
  const auto run = runs.find(instance->get<std::string>());
  return run != runs.end() && run->second.status == "ok";
}

// The entries of a headline's "levels" or "sizes" that a measured instance backs.
void keep_evidenced(Json& headline, const char* key,
                    const std::map<std::string, RunSamples>& runs) {
  const auto list = headline.find(key);
  if (list == headline.end() || !list->is_array()) return;
  Json kept = Json::array();
  for (const auto& entry : *list) {
    const bool measured = entry.is_object() && entry.contains("value") && !entry["value"].is_null();
    if (!measured || evidenced(entry, runs)) kept.push_back(entry);
  }
  *list = std::move(kept);
}

// The side's headlines as its file has them (suite.headlines), each backed
// by an ok instance of the file; recomputed from its results for a file
// written before headlines existed.
Json side_headlines(const VerdictSide& side, const std::map<std::string, RunSamples>& runs) {
  Json out = Json::array();
  if (is_soak(*side.file)) return out;
  for (const auto& h : file_headlines(*side.file, Registry::instance())) {
    if (side.device && h.value("device", "") != *side.device) continue;
    if (!evidenced(h, runs)) continue;
    out.push_back(h);
    keep_evidenced(out.back(), "levels", runs);
    keep_evidenced(out.back(), "sizes", runs);
  }
  return out;
}

std::set<std::string> backends_of(const std::map<std::string, RunSamples>& runs) {
  std::set<std::string> out;
  for (const auto& [name, run] : runs) out.insert(backend_of(run.device));
  return out;
}

std::string figure_name(const VerdictRow& r) {
  return r.benchmark + (r.figure.empty() ? "" : " " + r.figure);
}

// One line: the geometric mean of B's performance over the rows, the lowest
// row with its CI, and how many figures only one side has.
std::string group_line(const std::string& name, const std::vector<VerdictRow>& rows,
                       const std::vector<MissingFigure>& missing) {
  std::size_t only_a = 0, only_b = 0;
  for (const auto& m : missing) (m.lacking == "B" ? only_a : only_b) += 1;
  const std::string lacking =
      (only_a ? std::to_string(only_a) + " figure(s) only A has" : std::string()) +
      (only_a && only_b ? ", " : "") +
      (only_b ? std::to_string(only_b) + " figure(s) only B has" : std::string());
  if (rows.empty()) {
    return "no " + name + " figure both sides have" + (lacking.empty() ? "" : ": " + lacking);
  }
  double log_sum = 0;
  for (const auto& r : rows) log_sum += std::log(r.performance);
  const double mean = std::exp(log_sum / static_cast<double>(rows.size()));
  const auto lowest = std::min_element(rows.begin(), rows.end(), [](const auto& x, const auto& y) {
    return x.performance < y.performance;
  });
  std::string line = "B reaches " + ratio_text(mean) + "x A's " + name + " (geometric mean over " +
                     std::to_string(rows.size()) +
                     " figure(s), > 1: B better); lowest: " + ratio_text(lowest->performance) +
                     "x on " + figure_name(*lowest);
  if (lowest->ci)
    line += " [" + ratio_text(lowest->ci->first) + ", " + ratio_text(lowest->ci->second) + "]";
  return line + (lacking.empty() ? "" : "; " + lacking);
}

FigureGroup group(std::string name, const std::string& title, std::vector<VerdictRow> rows,
                  std::vector<MissingFigure> missing) {
  FigureGroup g{std::move(name), group_line(title, rows, missing), std::move(rows),
                std::move(missing)};
  return g;
}

// The claim a figure counts for: compute and stability by name, every other
// (interconnect, or a claim this build does not know) as a link.
std::string section_of(const std::string& claim) {
  return claim == "compute" || claim == "stability" ? claim : "interconnect";
}

ClaimSection claim_section(const std::string& claim, const FigurePairs& pairs) {
  std::vector<VerdictRow> rows;
  std::vector<MissingFigure> missing;
  for (const auto& r : pairs.rows) {
    if (section_of(r.claim) == claim) rows.push_back(r);
  }
  for (const auto& m : pairs.missing) {
    if (section_of(m.claim) == claim) missing.push_back(m);
  }
  ClaimSection section;
  if (claim == "interconnect") {
    std::vector<std::string> names;
    for (Link link : kLinks) names.emplace_back(link_name(link));
    for (const auto& r : rows) {
      if (std::find(names.begin(), names.end(), r.link) == names.end()) names.push_back(r.link);
    }
    for (const auto& m : missing) {
      if (std::find(names.begin(), names.end(), m.link) == names.end()) names.push_back(m.link);
    }
    for (const auto& name : names) {
      std::vector<VerdictRow> link_rows;
      std::vector<MissingFigure> link_missing;
      for (const auto& r : rows) {
        if (r.link == name) link_rows.push_back(r);
      }
      for (const auto& m : missing) {
        if (m.link == name) link_missing.push_back(m);
      }
      if (link_rows.empty() && link_missing.empty()) continue;
      section.links.push_back(group(name, link_title(name), link_rows, link_missing));
    }
  }
  section.figures = group(claim, claim, std::move(rows), std::move(missing));
  return section;
}

std::string status_reason(const std::string& side, const RunSamples& run) {
  return run.status + " on " + side + (run.reason.empty() ? "" : ": " + run.reason);
}

// Exact matching: the same benchmark, parameters and device on both sides.
InstanceSection instance_section(const std::map<std::string, RunSamples>& runs_a,
                                 const std::map<std::string, RunSamples>& runs_b, bool by_device) {
  const auto key = [by_device](const RunSamples& run) {
    return run.benchmark + "|" + params_name(run.params) + "|" + (by_device ? run.device : "");
  };
  std::map<std::string, const RunSamples*> keyed_a, keyed_b;
  for (const auto& [name, run] : runs_a) keyed_a.emplace(key(run), &run);
  for (const auto& [name, run] : runs_b) keyed_b.emplace(key(run), &run);
  std::set<std::string> benchmarks_a, benchmarks_b;
  for (const auto& [k, run] : keyed_a) benchmarks_a.insert(run->benchmark);
  for (const auto& [k, run] : keyed_b) benchmarks_b.insert(run->benchmark);
  InstanceSection out;
  std::map<std::string, std::vector<VerdictRow>> rows;
  for (const auto& [k, ra] : keyed_a) {
    const std::string params = params_name(ra->params);
    const auto found = keyed_b.find(k);
    if (found == keyed_b.end()) {
      out.not_compared.push_back({ra->claim, ra->benchmark, params,
                                  benchmarks_b.contains(ra->benchmark)
                                      ? "B measured it with other parameters"
                                      : "not measured on B"});
      continue;
    }
    const RunSamples& rb = *found->second;
    if (ra->status != "ok" || rb.status != "ok") {
      out.not_compared.push_back(
          {ra->claim, ra->benchmark, params,
           ra->status != "ok" ? status_reason("A", *ra) : status_reason("B", rb)});
      continue;
    }
    if (ra->values.empty() || rb.values.empty()) {
      out.not_compared.push_back({ra->claim, ra->benchmark, params, "no samples"});
      continue;
    }
    VerdictRow r;
    r.claim = ra->claim;
    r.benchmark = ra->benchmark;
    r.figure = params;
    r.kind = "instance";
    r.unit = ra->unit;
    r.direction = ra->direction;
    r.a_device = ra->device;
    r.b_device = rb.device;
    r.a_instance = ra->name;
    r.b_instance = rb.name;
    fill_ratio(r, ra->values, rb.values);
    rows[section_of(r.claim)].push_back(std::move(r));
  }
  for (const auto& [k, rb] : keyed_b) {
    if (keyed_a.contains(k)) continue;
    out.not_compared.push_back({rb->claim, rb->benchmark, params_name(rb->params),
                                benchmarks_a.contains(rb->benchmark)
                                    ? "A measured it with other parameters"
                                    : "not measured on A"});
  }
  for (const char* claim : {"compute", "interconnect", "stability"}) {
    out.claims.push_back(group(claim, claim, rows[claim], {}));
  }
  return out;
}

}  // namespace

std::string link_title(const std::string& link) {
  static const std::map<std::string, std::string> kTitles = {
      {"memory", "memory"},
      {"numa", "NUMA"},
      {"host-device", "host<->device"},
      {"device-device", "device<->device (peer)"},
      {"core-core", "core<->core"},
      {"node-node", "node<->node (point to point)"},
      {"collective", "collectives"}};
  const auto found = kTitles.find(link);
  return found != kTitles.end() ? found->second : link.empty() ? "other" : link;
}

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
         ratio_text(s.max_tail_ratio) + ", " + std::to_string(s.mismatches) + " mismatches, " +
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
  SideEvidence evidence_a, evidence_b;
  try {
    evidence_a.runs = side_runs(a);
    evidence_b.runs = side_runs(b);
    evidence_a.headlines = side_headlines(a, evidence_a.runs);
    evidence_b.headlines = side_headlines(b, evidence_b.runs);
  } catch (const Json::exception& e) {
    throw usage_error(std::string("a results file lacks a field: ") + e.what());
  }
  // Whole files pair figures device by device, unless each holds one device:
  // then those two meet, whatever their ids (a GPU's file against an NPU's).
  const auto devices = [](const std::map<std::string, RunSamples>& runs) {
    std::set<std::string> out;
    for (const auto& [name, run] : runs) out.insert(run.device);
    return out;
  };
  const bool by_device =
      !a.device && !b.device &&
      !(devices(evidence_a.runs).size() == 1 && devices(evidence_b.runs).size() == 1);
  const FigurePairs pairs = pair_headlines(evidence_a, evidence_b, by_device);
  for (const char* claim : {"compute", "interconnect"}) {
    v.claims.push_back(claim_section(claim, pairs));
  }
  v.stability.figures = claim_section("stability", pairs).figures;
  v.stability.a = stability_summary(a);
  v.stability.b = stability_summary(b);
  const std::size_t pa = v.stability.a.problems();
  const std::size_t pb = v.stability.b.problems();
  v.stability.summary =
      pb > pa
          ? "B is less stable: " + std::to_string(pb) + " problem(s) against " + std::to_string(pa)
      : pb < pa
          ? "B is more stable: " + std::to_string(pb) + " problem(s) against " + std::to_string(pa)
          : "no stability difference in counts (" + std::to_string(pa) + " problem(s) each)";
  v.stability.summary +=
      " (unstable runs, failed/invalid/timeout/crashed runs, runs with "
      "mismatches, unstable soaks)";
  const auto backends_a = backends_of(evidence_a.runs);
  if (!backends_a.empty() && backends_a == backends_of(evidence_b.runs)) {
    v.instances = instance_section(evidence_a.runs, evidence_b.runs, by_device);
  }
  return v;
}

std::string ratio_text(double value) { return format_number(value, number_format::kRatio); }

}  // namespace accelbench
