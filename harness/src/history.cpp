#include "history.h"

#include <accelbench/error.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "compare.h"
#include "display_text.h"
#include "json_input.h"
#include "stats.h"
#include "table.h"
#include "units.h"

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

struct Run {
  std::string started_at, revision, path;
  std::string machine;          // the fingerprint's hash: the series key with the name
  std::string host, cpu_model;  // labels for the machine, from its info and identity
  Json results;
};

// The machine of a results file: its fingerprint hash (identity only, see
// fingerprint.h), "unknown" without one.
void read_machine(const Json& suite, Run& run) {
  run.machine = "unknown";
  if (!suite.contains("fingerprint") || !suite["fingerprint"].is_object()) return;
  const Json& fingerprint = suite["fingerprint"];
  if (fingerprint.contains("hash") && fingerprint["hash"].is_string()) {
    run.machine = fingerprint["hash"].get<std::string>();
  }
  if (fingerprint.contains("info") && fingerprint["info"].is_object()) {
    run.host = fingerprint["info"].value("hostname", "");
  }
  if (fingerprint.contains("identity") && fingerprint["identity"].is_object()) {
    run.cpu_model = fingerprint["identity"].value("cpu_model", "");
  }
}

std::vector<Run> read_runs(const std::vector<std::string>& paths) {
  std::vector<Run> runs;
  // In a folder, empty files (history's own output, say) and other JSON files
  // (soak files, exports) are skipped; a file that is not JSON or a broken
  // results file is an error.
  auto add = [&](const std::string& path, bool in_folder) {
    std::error_code ignored;
    if (in_folder && std::filesystem::file_size(path, ignored) == 0) return;  // being written
    try {
      Json file = read_json_file(path);
      if (in_folder && file_kind(file) != FileKind::kResults) return;
      check_accelbench_file(path, file, {FileKind::kResults});
      const Json& suite = file.at("suite");
      Run run;
      run.path = path;
      run.started_at = suite.at("started_at").get<std::string>();
      run.revision =
          suite.at("fingerprint").at("info").at("build").value("git_revision", "unknown");
      run.results = suite.at("results");
      read_machine(suite, run);
      runs.push_back(std::move(run));
    } catch (const Json::exception& e) {
      throw usage_error(path + ": not a complete results file: " + e.what());
    }
  };
  for (const auto& path : paths) {
    if (std::filesystem::is_directory(path)) {
      std::vector<std::string> files;
      std::error_code error;
      for (const auto& entry : std::filesystem::directory_iterator(path, error)) {
        if (entry.path().extension() == ".json") files.push_back(entry.path().string());
      }
      if (error) throw usage_error(path + ": cannot list the folder: " + error.message());
      std::sort(files.begin(), files.end());
      for (const auto& file : files) add(file, true);
    } else {
      add(path, false);
    }
  }
  if (runs.size() < 2) throw usage_error("history needs at least two results files");
  std::stable_sort(runs.begin(), runs.end(),
                   [](const Run& a, const Run& b) { return a.started_at < b.started_at; });
  return runs;
}

// One entry per machine, in the order of its first run: hash, labels, runs.
Json machines_json(const std::vector<Run>& runs) {
  Json machines = Json::array();
  std::map<std::string, std::size_t> index;
  for (const Run& run : runs) {
    const auto [found, added] = index.emplace(run.machine, machines.size());
    if (added) {
      machines.push_back(
          {{"hash", run.machine}, {"host", run.host}, {"cpu_model", run.cpu_model}, {"runs", 0}});
    }
    Json& machine = machines[found->second];
    machine["runs"] = machine["runs"].get<std::size_t>() + 1;
  }
  return machines;
}

}  // namespace

// A benchmark's runs on different machines are different series: a change of
// host must never read as a change point. Splitting (rather than refusing) keeps
// a folder that holds several machines' results useful.
Json history(const std::vector<std::string>& files, const HistoryOptions& options) {
  const std::vector<Run> runs = read_runs(files);
  struct Point {
    std::size_t run;
    double value;
  };
  // (name, machine) -> (metric, points)
  std::map<std::pair<std::string, std::string>, std::pair<Json, std::vector<Point>>> series;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    for (const auto& r : runs[i].results) {
      if (r.value("status", "") != "ok" || !r.contains("metric") ||
          !r["metric"].contains("value")) {
        continue;
      }
      auto& [metric, points] = series[{r.at("name").get<std::string>(), runs[i].machine}];
      metric = {{"unit", r["metric"].value("unit", "")},
                {"direction", r["metric"].value("direction", "")}};
      points.push_back({i, r["metric"]["value"].get<double>()});
    }
  }
  Json benchmarks = Json::array();
  for (const auto& [key, entry] : series) {
    const auto& [name, machine] = key;
    const auto& [metric, points] = entry;
    std::vector<double> values;
    for (const auto& p : points) values.push_back(p.value);
    Json changes = Json::array();
    for (const auto& cp : stats::change_points(values, options.min_t, options.min_segment)) {
      const Run& first_after = runs[points[cp.index].run];
      changes.push_back(
          {{"change_percent", 100 * (cp.mean_after - cp.mean_before) / cp.mean_before},
           {"mean_before", cp.mean_before},
           {"mean_after", cp.mean_after},
           {"first_run_after", first_after.started_at},
           {"revision", first_after.revision},
           {"file", first_after.path}});
    }
    Json timeline = Json::array();
    for (const auto& p : points) {
      timeline.push_back({{"started_at", runs[p.run].started_at},
                          {"revision", runs[p.run].revision},
                          {"value", p.value}});
    }
    benchmarks.push_back({{"name", name},
                          {"machine", machine},
                          {"unit", metric["unit"]},
                          {"direction", metric["direction"]},
                          {"points", timeline},
                          {"change_points", changes}});
  }
  const std::string method =
      "binary segmentation, Welch t >= " + format_number(options.min_t, number_format::kFull) +
      ", segments of at least " + std::to_string(options.min_segment) + " runs";
  return {{"runs", runs.size()},
          {"method", method},
          {"machines", machines_json(runs)},
          {"series_note", "one series per benchmark and machine (fingerprint hash)"},
          {"benchmarks", benchmarks}};
}

void print_history(std::ostream& out, const Json& h) {
  out << "# " << h["runs"] << " runs on " << h["machines"].size()
      << " machine(s); change points by " << h["method"].get<std::string>() << '\n';
  for (const auto& m : h["machines"]) {
    const auto label = [&](const char* key) {
      const std::string text = m[key].get<std::string>();
      return text.empty() ? std::string("?") : terminal_text(text);
    };
    out << "# machine " << terminal_text(m["hash"].get<std::string>()) << ": " << label("host")
        << ", " << label("cpu_model") << ", " << m["runs"] << " run(s)\n";
  }
  // One line per change point: the renderer's leaders carry the prose.
  Table changes{{{"", {}, 0, ""},
                 {"", {}, 0, "  "},
                 {"", {}, 0, " ("},
                 {"", {}, 0, ", "},
                 {"", {}, 0, ") from "},
                 {"", {}, 0, " at revision "},
                 {"", {}, 0, " on machine "}},
                {}};
  for (const auto& b : h["benchmarks"]) {
    for (const auto& c : b["change_points"]) {
      changes.rows.push_back(
          {b["name"].get<std::string>(),
           format_quantity(c["change_percent"].get<double>(), "%", number_format::kSignedChange),
           b["unit"].get<std::string>(), b["direction"].get<std::string>(),
           c["first_run_after"].get<std::string>(), c["revision"].get<std::string>(),
           b["machine"].get<std::string>()});
    }
  }
  render_text(out, changes, {.header = false});
  const std::size_t found = changes.rows.size();
  out << "# " << found << " change point(s) in " << h["benchmarks"].size()
      << " series (one per benchmark and machine)\n";
}

}  // namespace accelbench
