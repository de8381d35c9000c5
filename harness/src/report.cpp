#include "report.h"

#include <accelbench/error.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "fleet.h"
#include "fleet_output.h"
#include "report_assets.h"
#include "report_summary.h"
#include "result_samples.h"
#include "units.h"
#include "verdict.h"

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kSizeParams[] = {"array_bytes", "working_set_bytes", "transfer_bytes",
                                       "message_bytes", "matrix_size"};

bool is_soak(const Json& file) { return file.contains("soak"); }

const Json& root(const Json& file) { return is_soak(file) ? file.at("soak") : file.at("suite"); }

std::string join_devices(const Json& devices) {
  std::string out;
  for (const auto& d : devices) {
    out += (out.empty() ? "" : ", ") + d.value("id", "?") + " " + d.value("name", "");
  }
  return out;
}

Json fingerprint(const ReportInput& in) {
  const Json& r = root(in.file);
  const Json& fp = r.at("fingerprint");
  const Json& info = fp.value("info", Json::object());
  const Json& identity = fp.value("identity", Json::object());
  const Json& topology = r.value("topology", Json::object());
  return {{"kind", is_soak(in.file) ? "soak" : "results"},
          {"hostname", info.value("hostname", "")},
          {"cpu", identity.value("cpu_model", "")},
          {"topology", std::to_string(topology.value("cores", 0)) + " cores, " +
                           std::to_string(topology.value("pus", 0)) + " PUs"},
          {"os", info.value("os", "")},
          {"kernel", info.value("kernel", "")},
          {"accelbench", info.contains("build") ? info["build"].value("version", "") + " (" +
                                                      info["build"].value("git_revision", "") + ")"
                                                : std::string()},
          {"devices", join_devices(r.value("devices", Json::array()))},
          {"started_at", r.value("started_at", "")},
          {"status", r.value("status", "")}};
}

double median_of(const Json& result) {
  if (result.contains("statistics") && result["statistics"].is_object()) {
    return result["statistics"].value("median", 0.0);
  }
  return result.contains("metric") ? result["metric"].value("value", 0.0) : 0.0;
}

std::string size_param(const Json& params) {
  for (const char* key : kSizeParams) {
    if (params.contains(key)) return key;
  }
  return "";
}

// How many bytes of working set one unit of the swept size stands for: 1
// for a working set, N where the benchmark's analysis on the device says
// "N arrays x array_bytes"; nothing where the file does not say.
std::optional<double> working_set_factor(const Json& file, const std::string& benchmark,
                                         const std::string& device, const std::string& size) {
  if (size == "working_set_bytes") return 1.0;
  if (size != "array_bytes") return std::nullopt;
  for (const auto& a : root(file).value("analyses", Json::array())) {
    if (!a.is_object() || a.value("benchmark", Json()) != benchmark ||
        a.value("device", Json()) != device || !a.contains("working_set") ||
        !a["working_set"].is_string()) {
      continue;
    }
    const std::string text = a["working_set"].get<std::string>();
    const std::string suffix = " arrays x array_bytes";
    const std::size_t digits = text.find_first_not_of("0123456789");
    if (digits == 0 || digits > 6 || text.substr(digits) != suffix) continue;
    return std::stod(text.substr(0, digits));
  }
  return std::nullopt;
}

// The CPU's data and unified caches from the file's topology, to mark on a
// size sweep of a CPU device: each at the swept size whose working set
// fills it.
void add_cache_marks(const Json& file, const Json& result, const std::string& size, Json& marks) {
  const std::string device = result.value("device", "");
  if (device.rfind("cpu:", 0) != 0) return;
  const auto factor = working_set_factor(file, result.value("benchmark", ""), device, size);
  if (!factor || *factor <= 0) return;
  const Json topology = root(file).value("topology", Json::object());
  if (!topology.is_object() || !topology.contains("caches") || !topology["caches"].is_array()) {
    return;
  }
  for (const auto& cache : topology["caches"]) {
    if (!cache.is_object() || !cache.value("name", Json()).is_string() ||
        !cache.value("size_bytes", Json()).is_number()) {
      continue;
    }
    const std::string name = cache["name"].get<std::string>();
    const double bytes = cache["size_bytes"].get<double>();
    if (name.empty() || name.back() == 'i' || bytes <= 0) continue;  // instruction caches
    Json mark = {{"x", bytes / *factor},
                 {"label", name + " " + format_bytes(bytes) +
                               (*factor > 1 ? " / " + format_number(*factor) + " arrays" : "")}};
    if (std::find(marks.begin(), marks.end(), mark) == marks.end()) marks.push_back(mark);
  }
}

// Bandwidth or latency against size: one chart per benchmark (and unit), one
// series per file, device and the other parameters; the CPU's caches marked.
void add_curves(const ReportInput& in, std::map<std::string, Json>& charts) {
  for (const auto& r : root(in.file).at("results")) {
    if (r.value("status", "") != "ok" || !r.contains("params")) continue;
    const std::string size = size_param(r["params"]);
    if (size.empty()) continue;
    Json others = Json::object();
    for (const auto& [key, value] : r["params"].items()) {
      if (key != size) others[key] = value;
    }
    const std::string unit = r.value("metric", Json::object()).value("unit", "");
    const std::string chart_key = r.value("benchmark", "") + " (" + unit + ")";
    Json& chart = charts[chart_key];
    if (chart.is_null()) {
      chart = {{"title", chart_key},
               {"unit", unit},
               {"x_label", size},
               {"x_bytes", size.size() > 6 && size.substr(size.size() - 6) == "_bytes"},
               {"marks", Json::array()},
               {"series", Json::object()}};
    }
    add_cache_marks(in.file, r, size, chart["marks"]);
    const std::string label =
        in.label + " " + r.value("device", "") + (others.empty() ? "" : " " + params_name(others));
    Json& series = chart["series"][label];
    if (series.is_null()) series = Json::array();
    series.push_back({r["params"][size].get<double>(), median_of(r)});
  }
}

// A heat map of the contract in accelbench/details.h, from a result's details
// or an analysis (untrusted input: anything else is left out), where it has
// several rows.
void add_heatmap(const Json& heatmap, const std::string& where, Json& heatmaps) {
  if (!heatmap.is_object() || !heatmap.contains("values") || !heatmap["values"].is_array()) {
    return;
  }
  const Json& values = heatmap["values"];
  if (values.size() < 2) return;  // a single row is no matrix
  for (const auto& row : values) {
    if (!row.is_array()) return;
    for (const auto& cell : row) {
      if (!cell.is_number() && !cell.is_null()) return;
    }
  }
  Json labels = heatmap.value("labels", Json::array());
  if (!labels.is_array() || labels.size() != values.size()) {
    labels = Json::array();
    for (std::size_t i = 0; i < values.size(); ++i) labels.push_back(std::to_string(i));
  }
  const auto text = [&](const char* key) {
    return heatmap.contains(key) && heatmap[key].is_string() ? heatmap[key].get<std::string>()
                                                             : std::string();
  };
  heatmaps.push_back({{"title", text("title") + ", " + where},
                      {"unit", text("unit")},
                      {"axis", text("axis")},
                      {"labels", labels},
                      {"values", values}});
}

// Matrices: every "heatmap" of a result's details (core to core) or of an
// analysis (NUMA node pairs, rank pairs), whatever the benchmark.
void add_heatmaps(const ReportInput& in, Json& heatmaps) {
  const Json& r = root(in.file);
  for (const auto& result : r.at("results")) {
    if (result.value("status", "") != "ok" || !result.contains("details") ||
        !result["details"].is_object() || !result["details"].contains("heatmap")) {
      continue;
    }
    add_heatmap(result["details"]["heatmap"], in.label + " " + result.value("device", ""),
                heatmaps);
  }
  for (const auto& analysis : r.value("analyses", Json::array())) {
    if (!analysis.is_object() || !analysis.contains("heatmap")) continue;
    add_heatmap(
        analysis["heatmap"],
        analysis.value("benchmark", "") + ", " + in.label + " " + analysis.value("device", ""),
        heatmaps);
  }
}

// Per device, from the runs' Work: the best measured FLOP rate is the compute
// roof; the memory roof is the best bandwidth of a run whose Work declares
// both bytes and FLOP (arithmetic on streamed data) at the largest size such
// runs had; those runs are the points.
void add_rooflines(const ReportInput& in, Json& rooflines) {
  const Json& file = in.file;
  std::map<std::string, Json> work_of;  // instance name -> work
  for (const auto& run : file.at("benchmarks")) {
    if (run.value("run_type", "") == "iteration")
      work_of[run["suite"]["name"]] = run["suite"]["work"];
  }
  struct Device {
    double peak = 0, bandwidth = 0;
    double bandwidth_size = 0;
    Json points = Json::array();
  };
  std::map<std::string, Device> devices;
  for (const auto& r : file.at("suite").at("results")) {
    if (r.value("status", "") != "ok") continue;
    Device& d = devices[r.value("device", "")];
    const std::string unit = r.value("metric", Json::object()).value("unit", "");
    const Json params = r.value("params", Json::object());
    const double median = median_of(r);
    if (unit == "GFLOP/s") d.peak = std::max(d.peak, median);
    const auto work = work_of.find(r.value("name", ""));
    if (work == work_of.end()) continue;
    const double flops = work->second.value("flops_per_iteration", 0.0);
    const double bytes = work->second.value("bytes_per_iteration", 0.0);
    if (flops <= 0 || bytes <= 0) continue;
    const std::string size_key = size_param(params);
    if (unit == "GB/s" && !size_key.empty() && params[size_key].is_number()) {
      const double size = params[size_key].get<double>();
      if (size > d.bandwidth_size || (size == d.bandwidth_size && median > d.bandwidth)) {
        d.bandwidth_size = size;
        d.bandwidth = median;
      }
    }
    const double intensity = flops / bytes;
    const double gflops = unit == "GB/s" ? median * intensity : median;
    d.points.push_back({{"benchmark", r.value("benchmark", "")},
                        {"label", r.value("benchmark", "") + " " + params_name(params)},
                        {"intensity", intensity},
                        {"gflops", gflops}});
  }
  for (auto& [id, d] : devices) {
    if (d.peak <= 0 || d.bandwidth <= 0) continue;
    rooflines.push_back({{"label", in.label + " " + id},
                         {"peak_gflops", d.peak},
                         {"bandwidth_gbytes", d.bandwidth},
                         {"points", d.points}});
  }
}

void add_soak(const ReportInput& in, Json& soaks) {
  const Json& soak = in.file.at("soak");
  for (const auto& b : soak.at("benchmarks")) {
    if (!b.contains("series")) continue;
    Json points = Json::array();
    const auto& t = b["series"]["t_s"];
    const auto& v = b["series"]["value"];
    for (std::size_t i = 0; i < std::min(t.size(), v.size()); ++i) points.push_back({t[i], v[i]});
    soaks.push_back(
        {{"title", b.value("name", "") + ", " + in.label},
         {"unit", b.contains("metric") ? b["metric"].value("unit", "") : ""},
         {"series", Json::array({{{"label", b.value("name", "")}, {"points", points}}})}});
  }
  std::map<std::string, Json> telemetry;
  for (const auto& sample : soak.at("telemetry").value("series", Json::array())) {
    for (const auto& [key, value] : sample.items()) {
      if (key == "t_s" || !value.is_number()) continue;
      Json& points = telemetry[key];
      if (points.is_null()) points = Json::array();
      points.push_back({sample["t_s"], value});
    }
  }
  for (const auto& [key, points] : telemetry) {
    soaks.push_back({{"title", "telemetry " + key + ", " + in.label},
                     {"unit", key},
                     {"series", Json::array({{{"label", key}, {"points", points}}})}});
  }
}

std::string safe_script(std::string text) {
  // A literal "</script" inside the script would end it.
  for (std::size_t at = 0; (at = text.find("</", at)) != std::string::npos; at += 3) {
    text.replace(at, 2, "<\\/");
  }
  return text;
}

}  // namespace

std::string read_chartjs() {
  const char* overridden = std::getenv("ACCELBENCH_CHARTJS");
  const std::string path = overridden ? overridden : ACCELBENCH_CHARTJS_PATH;
  std::ifstream in(path);
  if (!in) {
    throw failure("the report needs Chart.js and " + path +
                  " cannot be read: install it (Debian: apt-get install libjs-chart.js) or set "
                  "ACCELBENCH_CHARTJS to its chart.min.js");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().find("Chart") == std::string::npos) {
    throw failure(path + " does not look like Chart.js");
  }
  return text.str();
}

std::string json_for_script(const Json& value) {
  const std::string text = value.dump();
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else {
      out += c;
    }
  }
  return out;
}

Json report_data(const std::vector<ReportInput>& inputs) {
  Json data = {{"summaries", Json::array()}, {"files", Json::array()},
               {"verdicts", Json::array()},  {"curves", Json::array()},
               {"heatmaps", Json::array()},  {"rooflines", Json::array()},
               {"soaks", Json::array()},     {"stability", Json::array()}};
  std::map<std::string, Json> curves;
  const ReportInput* first_results = nullptr;
  for (const auto& in : inputs) {
    data["files"].push_back({{"label", in.label}, {"fingerprint", fingerprint(in)}});
    data["summaries"].push_back(claims_summary(in.label, in.file));
    const VerdictSide side{in.label, &in.file, std::nullopt};
    data["stability"].push_back(
        {{"label", in.label}, {"summary", stability_line(stability_summary(side))}});
    if (is_soak(in.file)) {
      add_soak(in, data["soaks"]);
      continue;
    }
    add_curves(in, curves);
    add_heatmaps(in, data["heatmaps"]);
    add_rooflines(in, data["rooflines"]);
    if (!first_results) {
      first_results = &in;
    } else {
      data["verdicts"].push_back(verdict_json(
          make_verdict({first_results->label, &first_results->file, std::nullopt}, side)));
    }
  }
  for (auto& [key, chart] : curves) {
    Json series = Json::array();
    for (auto& [label, points] : chart["series"].items()) {
      if (points.size() < 2) continue;  // a single size is no curve
      std::vector<std::pair<double, double>> sorted;
      for (const auto& p : points) sorted.emplace_back(p[0].get<double>(), p[1].get<double>());
      std::sort(sorted.begin(), sorted.end());
      Json ordered = Json::array();
      for (const auto& [x, y] : sorted) ordered.push_back({x, y});
      series.push_back({{"label", label}, {"points", ordered}});
    }
    if (series.empty()) continue;
    chart["series"] = series;
    data["curves"].push_back(chart);
  }
  // Two or more named nodes (node documents, fleet files): the fleet
  // diagnosis with the default rules, as `accelbench fleet --format json`.
  std::vector<DocumentInput> documents;
  documents.reserve(inputs.size());
  for (const auto& in : inputs) documents.push_back({in.label, &in.file});
  if (auto fleet = named_fleet_of(documents)) {
    data["fleet"] = fleet_json(diagnose_fleet(std::move(*fleet), default_fleet_rules(), {}));
  }
  return data;
}

std::string render_report(const std::vector<ReportInput>& inputs, const std::string& chartjs,
                          const std::string& generated_at) {
  const Json data = report_data(inputs);
  std::string page;
  page += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  page +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n";
  page += "<title>accelbench report</title>\n<style>\n";
  page += report_assets::kStyle;
  page += "</style>\n</head>\n<body>\n<h1>accelbench report</h1>\n<p class=\"note\">generated " +
          generated_at + " from " + std::to_string(inputs.size()) +
          " file(s); works offline: everything is in this file</p>\n<main id=\"report\"></main>\n";
  page += "<script>\n" + safe_script(chartjs) + "\n</script>\n";
  page += "<script type=\"application/json\" id=\"accelbench-data\">" + json_for_script(data) +
          "</script>\n";
  page += "<script>\n" + safe_script(report_assets::kPageScript) + "\n</script>\n";
  page += "</body>\n</html>\n";
  return page;
}

}  // namespace accelbench
