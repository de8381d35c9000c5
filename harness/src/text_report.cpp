#include "text_report.h"

#include <accelbench/details.h>

#include <algorithm>
#include <array>
#include <map>
#include <sstream>

#include "console_table.h"
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

// "134217728/2" for "array_bytes:134217728/threads:2", and the keys
// "array_bytes/threads".
std::string param_values(const Params& params) {
  std::string out;
  for (const auto& e : params.entries()) {
    if (!out.empty()) out += '/';
    const auto* integer = std::get_if<std::int64_t>(&e.value);
    out += integer ? std::to_string(*integer) : std::get<std::string>(e.value);
  }
  return out;
}

std::string param_keys(const Params& params) {
  std::string out;
  for (const auto& e : params.entries()) out += (out.empty() ? "" : "/") + e.key;
  return out;
}

// One group's console table: a block per benchmark, device and parameter
// names, in the order of the run.
ConsoleTable console_table(const std::vector<const InstanceResult*>& members, MetricKind metric) {
  const std::string unit(metric_unit(metric));
  const auto right = Column::Align::kRight;
  const bool mean = shows_mean(metric);
  ConsoleTable t;
  t.figure_columns.push_back({"median " + unit, right});
  if (mean) t.figure_columns.push_back({"mean " + unit, right});
  t.figure_columns.insert(
      t.figure_columns.end(),
      {{"p5 " + unit, right}, {"p95 " + unit, right}, {"CV %", right}, {"n", right}});
  std::map<std::string, std::size_t> block_of;
  for (const auto* r : members) {
    const std::string keys = param_keys(r->instance.params);
    const std::string title = r->instance.definition->id + " on " + r->instance.device.id;
    const auto [at, added] = block_of.try_emplace(title + "\n" + keys, t.blocks.size());
    if (added) t.blocks.push_back({title, keys});
    ConsoleRow row{at->second, r->instance.params.name(), param_values(r->instance.params), {},
                   "-",        verification_text(*r)};
    if (!r->statistics) {
      // Dashes for the figures (median, mean, p5, p95, CV), no samples.
      row.figures.assign(mean ? 5 : 4, "-");
      row.figures.push_back("0");
    } else {
      const auto& s = r->statistics->metric;
      row.figures.push_back(format_number(s.median));
      if (mean) row.figures.push_back(format_number(s.mean));
      row.figures.insert(row.figures.end(), {format_number(s.p5), format_number(s.p95),
                                             format_number(100 * s.cv, number_format::kOneDecimal),
                                             std::to_string(s.count)});
      row.stability = stability_cell(*r);
    }
    t.rows.push_back(std::move(row));
  }
  std::stable_sort(t.rows.begin(), t.rows.end(),
                   [](const ConsoleRow& a, const ConsoleRow& b) { return a.block < b.block; });
  return t;
}

}  // namespace

void print_device_lines(std::ostream& out, const DeviceCatalog& catalog) {
  for (const auto& d : catalog.devices) out << "# device " << d.id << ": " << d.name << '\n';
  for (const auto& u : catalog.unavailable) {
    out << "# not available: " << u.backend << " (" << u.reason << ")\n";
  }
}

void print_console_report(std::ostream& out, const SuiteResult& result, const SuiteRecord& record,
                          const ConsoleOptions& options) {
  const auto& config = record.config;
  const auto& topo = record.topology;
  std::ostringstream header;
  header << "# accelbench " << record.fingerprint.info["build"]["version"].get<std::string>()
         << " (" << record.fingerprint.info["build"]["git_revision"].get<std::string>() << "), run "
         << record.run_id << " at " << record.started_at << '\n';
  header << "# suite " << config.suite << ", repetitions " << config.repetitions << ", min-time "
         << config.min_time_s << " s, filter " << config.filter.value_or("(none)") << ", device "
         << config.device.value_or("(all)");
  for (const auto& [key, value] : config.param_overrides) header << ", " << key << "=" << value;
  header << '\n';
  header << "# host " << record.fingerprint.info["hostname"].get<std::string>() << ": "
         << record.fingerprint.identity["cpu_model"].get<std::string>() << ", " << topo["packages"]
         << " package(s), " << topo["cores"] << " cores, " << topo["pus"] << " PUs, "
         << topo["numa_nodes"].size() << " NUMA node(s)" << cache_summary(topo) << '\n';
  print_device_lines(header, record.catalog);

  // Group by claim, then by metric (each table has one unit). A backend that
  // is not available here is its "# not available" line, unless asked.
  std::map<std::pair<Claim, MetricKind>, std::vector<const InstanceResult*>> groups;
  std::size_t hidden = 0;
  for (const auto& r : result.instances) {
    if (!options.show_skipped && of_unavailable_backend(record.catalog, r.instance)) {
      ++hidden;
      continue;
    }
    groups[{r.instance.definition->claim, r.instance.definition->metric}].push_back(&r);
  }
  if (hidden > 0) {
    header << "# " << hidden
           << " skipped benchmark(s) of the backends not available here are not shown "
              "(--show-skipped shows them)\n";
  }
  print_wrapped(out, header.str(), options.width);

  int next_note = 1;
  for (const auto& [key, members] : groups) {
    const auto [claim, metric] = key;
    out << "\n" << claim_name(claim) << " (" << metric_name(metric) << ")\n";
    print_console_table(out, console_table(members, metric), options.width, next_note);
  }

  std::ostringstream footer;
  if (!result.analyses.empty()) footer << '\n';
  for (const auto& a : result.analyses) {
    const auto& r = a.result;
    footer << "# " << a.definition->id << " on " << a.device << ": "
           << (r.contains("summary") ? r["summary"].get<std::string>()
                                     : "analysis failed: " + r.value("error", std::string("?")))
           << '\n';
  }

  std::map<Status, int> counts;
  for (const auto& r : result.instances) ++counts[r.status];
  const Status overall = overall_status(result);
  footer << "\n# verdict: "
         << (overall == Status::kOk       ? "OK"
             : overall == Status::kFailed ? "FAILED"
                                          : "INVALID")
         << ": " << counts[Status::kOk] << " ok, " << counts[Status::kSkipped] << " skipped, "
         << counts[Status::kFailed] << " failed, " << counts[Status::kInvalid] << " invalid";
  if (counts[Status::kTimeout] + counts[Status::kCrashed] > 0) {
    footer << ", " << counts[Status::kTimeout] << " timeout, " << counts[Status::kCrashed]
           << " crashed";
  }
  footer << '\n';
  print_wrapped(out, footer.str(), options.width);
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
