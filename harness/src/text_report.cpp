#include "text_report.h"

#include <accelbench/details.h>

#include <algorithm>
#include <array>
#include <map>

#include "display_text.h"
#include "stats.h"
#include "table.h"
#include "units.h"

namespace accelbench {
namespace {

// What a benchmark notes for a console column (details.notes), after it.
std::string note_cell(const InstanceResult& r, NoteColumn column) {
  const std::string note = note_of(r.details, column);
  return note.empty() ? "" : "; " + terminal_text(note);
}

// Reasons, notes and details of a resumed run come from its journal.
std::string verification_text(const InstanceResult& r) {
  switch (r.status) {
    case Status::kOk:
      if (r.verification.outcome == Verification::Outcome::kUnverified) {
        return "unverified: " + r.verification.note;
      }
      return "passed (" + std::to_string(r.verification.elements_checked) + " values)" +
             note_cell(r, NoteColumn::kVerification);
    case Status::kInvalid:
      return "INVALID: " + r.reason;
    case Status::kSkipped:
      return "skipped: " + r.reason;
    case Status::kFailed:
      return "FAILED: " + r.reason;
    case Status::kTimeout:
      return "TIMEOUT: " + r.reason;
    case Status::kCrashed:
      return "CRASHED: " + r.reason;
  }
  return "";
}

std::string stability_cell(const InstanceResult& r) {
  const auto& reasons = r.statistics->unstable_reasons;
  if (reasons.empty()) return "stable" + note_cell(r, NoteColumn::kStability);
  std::string cell = "UNSTABLE:";
  for (const auto& reason : reasons) cell += " " + reason + ";";
  cell.pop_back();
  return cell + note_cell(r, NoteColumn::kStability);
}

// Latency tables show the mean beside the median: the field's latency tools
// (OSU, clpeak, nccl-tests at small sizes) publish the mean over all
// iterations, and users hold accelbench's figure against theirs. The mean of
// per-iteration rates is no published convention, so rate tables show the
// median alone. The column headers name each figure.
bool shows_mean(MetricKind metric) { return metric == MetricKind::kLatency; }

std::string cache_summary(const nlohmann::ordered_json& topology) {
  std::string out;
  for (const auto& cache : topology["caches"]) {
    const std::string name = cache["name"].get<std::string>();
    if (name.find('i') != std::string::npos) continue;  // instruction caches
    out += ", " + name + " " + format_bytes(cache["size_bytes"].get<double>());
  }
  return out;
}

}  // namespace

void print_device_lines(std::ostream& out, const DeviceCatalog& catalog) {
  for (const auto& d : catalog.devices) out << "# device " << d.id << ": " << d.name << '\n';
  for (const auto& u : catalog.unavailable) {
    out << "# not available: " << u.backend << " (" << u.reason << ")\n";
  }
}

void print_console_report(std::ostream& out, const SuiteResult& result, const SuiteRecord& record) {
  const auto& config = record.config;
  const auto& topo = record.topology;
  out << "# accelbench " << record.fingerprint.info["build"]["version"].get<std::string>() << " ("
      << record.fingerprint.info["build"]["git_revision"].get<std::string>() << "), run "
      << record.run_id << " at " << record.started_at << '\n';
  out << "# suite " << config.suite << ", repetitions " << config.repetitions << ", min-time "
      << config.min_time_s << " s, filter " << config.filter.value_or("(none)") << ", device "
      << config.device.value_or("(all)");
  for (const auto& [key, value] : config.param_overrides) out << ", " << key << "=" << value;
  out << '\n';
  out << "# host " << record.fingerprint.info["hostname"].get<std::string>() << ": "
      << record.fingerprint.identity["cpu_model"].get<std::string>() << ", " << topo["packages"]
      << " package(s), " << topo["cores"] << " cores, " << topo["pus"] << " PUs, "
      << topo["numa_nodes"].size() << " NUMA node(s)" << cache_summary(topo) << '\n';
  print_device_lines(out, record.catalog);

  // Group by claim, then by metric (each table has one unit).
  std::map<std::pair<Claim, MetricKind>, std::vector<const InstanceResult*>> groups;
  for (const auto& r : result.instances) {
    groups[{r.instance.definition->claim, r.instance.definition->metric}].push_back(&r);
  }
  for (const auto& [key, members] : groups) {
    const auto [claim, metric] = key;
    const std::string unit(metric_unit(metric));
    out << "\n" << claim_name(claim) << " (" << metric_name(metric) << ")\n";
    // Names left-aligned, numbers right-aligned.
    const auto right = Column::Align::kRight;
    const bool mean = shows_mean(metric);
    Table table{{{"benchmark"}, {"device"}, {"params"}, {"median " + unit, right}}, {}};
    if (mean) table.columns.push_back({"mean " + unit, right});
    table.columns.insert(table.columns.end(), {{"p5 " + unit, right},
                                               {"p95 " + unit, right},
                                               {"CV %", right},
                                               {"n", right},
                                               {"stability"},
                                               {"verification"}});
    for (const auto* r : members) {
      auto& row = table.rows.emplace_back(std::vector<std::string>{
          r->instance.definition->id, r->instance.device.id, r->instance.params.name()});
      if (!r->statistics) {
        // Dashes for the figures (median, mean, p5, p95, CV), no samples, no stability.
        row.insert(row.end(), mean ? 5 : 4, "-");
        row.insert(row.end(), {"0", "-"});
      } else {
        const auto& s = r->statistics->metric;
        row.push_back(format_number(s.median));
        if (mean) row.push_back(format_number(s.mean));
        row.insert(row.end(), {format_number(s.p5), format_number(s.p95),
                               format_number(100 * s.cv, number_format::kOneDecimal),
                               std::to_string(s.count), stability_cell(*r)});
      }
      row.push_back(verification_text(*r));
    }
    render_text(out, table, {.header = true, .align_columns = true});
  }

  if (!result.analyses.empty()) out << '\n';
  for (const auto& a : result.analyses) {
    const auto& r = a.result;
    out << "# " << a.definition->id << " on " << a.device << ": "
        << (r.contains("summary") ? r["summary"].get<std::string>()
                                  : "analysis failed: " + r.value("error", std::string("?")))
        << '\n';
  }

  std::map<Status, int> counts;
  for (const auto& r : result.instances) ++counts[r.status];
  const Status overall = overall_status(result);
  out << "\n# verdict: "
      << (overall == Status::kOk       ? "OK"
          : overall == Status::kFailed ? "FAILED"
                                       : "INVALID")
      << ": " << counts[Status::kOk] << " ok, " << counts[Status::kSkipped] << " skipped, "
      << counts[Status::kFailed] << " failed, " << counts[Status::kInvalid] << " invalid";
  if (counts[Status::kTimeout] + counts[Status::kCrashed] > 0) {
    out << ", " << counts[Status::kTimeout] << " timeout, " << counts[Status::kCrashed]
        << " crashed";
  }
  out << '\n';
}

void print_csv_report(std::ostream& out, const SuiteResult& result) {
  Table table;
  for (const char* name :
       {"benchmark", "device", "params", "claim", "status", "metric", "unit", "median", "mean",
        "min", "max", "p5", "p95", "cv", "samples", "unstable", "verification", "reason"}) {
    table.columns.push_back({name});
  }
  for (const auto& r : result.instances) {
    const Definition& d = *r.instance.definition;
    std::vector<std::string> fields{d.id,
                                    r.instance.device.id,
                                    r.instance.params.name(),
                                    std::string(claim_name(d.claim)),
                                    std::string(status_name(r.status)),
                                    std::string(metric_name(d.metric)),
                                    std::string(metric_unit(d.metric))};
    if (!r.statistics) {
      fields.insert(fields.end(), {"", "", "", "", "", "", "", "0", ""});
    } else {
      const auto& s = r.statistics->metric;
      for (double v : {s.median, s.mean, s.min, s.max, s.p5, s.p95, s.cv}) {
        fields.push_back(format_number(v, number_format::kFull));
      }
      fields.push_back(std::to_string(s.count));
      fields.push_back(r.statistics->unstable_reasons.empty() ? "no" : "yes");
    }
    const bool verified = r.status == Status::kOk || r.status == Status::kInvalid;
    fields.push_back(verified ? std::string(outcome_name(r.verification.outcome)) : "");
    fields.push_back(r.reason);
    table.rows.push_back(std::move(fields));
  }
  render_csv(out, table);
}

}  // namespace accelbench
