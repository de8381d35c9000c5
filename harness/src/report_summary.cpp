#include "report_summary.h"

#include <accelbench/benchmark.h>

#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "headlines.h"
#include "result_samples.h"
#include "units.h"
#include "verdict.h"

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

// The link classes in the order the summary shows them (as the verdict).
constexpr Link kLinks[] = {Link::kMemory,     Link::kNuma,       Link::kHostDevice, Link::kPeer,
                           Link::kCoreToCore, Link::kNodeToNode, Link::kCollective};

// Instances of the file's problems listed as evidence, at most.
constexpr std::size_t kMaxEvidence = 20;

std::string text(const Json& object, const char* key) {
  const auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::optional<double> number(const Json& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end() || !found->is_number()) return {};
  const double value = found->get<double>();
  return std::isfinite(value) ? std::optional(value) : std::nullopt;
}

// A unit's factor to its base (B/s, s): comparable figures of one kind.
std::optional<double> bandwidth_scale(const std::string& unit) {
  static const std::map<std::string, double> kScales = {
      {"B/s", 1}, {"KB/s", 1e3}, {"MB/s", 1e6}, {"GB/s", 1e9}, {"TB/s", 1e12}};
  const auto found = kScales.find(unit);
  return found == kScales.end() ? std::nullopt : std::optional(found->second);
}

std::optional<double> latency_scale(const std::string& unit) {
  static const std::map<std::string, double> kScales = {
      {"s", 1}, {"ms", 1e-3}, {"us", 1e-6}, {"ns", 1e-9}};
  const auto found = kScales.find(unit);
  return found == kScales.end() ? std::nullopt : std::optional(found->second);
}

// The names of the file's ok results: a headline must name one of them.
std::set<std::string> ok_instances(const Json& suite) {
  std::set<std::string> out;
  for (const auto& r : suite.value("results", Json::array())) {
    if (r.is_object() && text(r, "status") == "ok") out.insert(text(r, "name"));
  }
  return out;
}

std::vector<Json> evidenced_headlines(const Json& file) {
  std::vector<Json> out;
  const std::set<std::string> ok = ok_instances(file.at("suite"));
  for (const auto& h : file_headlines(file, Registry::instance())) {
    if (h.is_object() && number(h, "value") && ok.count(text(h, "instance"))) out.push_back(h);
  }
  return out;
}

// A headline as the summary shows it: the figure and its evidence.
Json figure(const Json& h) {
  Json out = {{"benchmark", text(h, "benchmark")},
              {"device", text(h, "device")},
              {"value", *number(h, "value")},
              {"unit", text(h, "unit")},
              {"kind", text(h, "kind")},
              {"instance", text(h, "instance")},
              {"what", h.contains("what") && h["what"].is_object() && !h["what"].empty()
                           ? params_name(h["what"])
                           : std::string()}};
  if (const auto size = number(h, "size")) out["size"] = *size;
  if (h.contains("swept") && h["swept"].is_string()) out["swept"] = h["swept"];
  if (h.contains("levels") && h["levels"].is_array()) {
    Json levels = Json::array();
    for (const auto& level : h["levels"]) {
      if (!level.is_object() || !number(level, "value")) continue;
      levels.push_back({{"level", text(level, "level")},
                        {"value", *number(level, "value")},
                        {"instance", text(level, "instance")}});
    }
    if (!levels.empty()) out["levels"] = levels;
  }
  return out;
}

// The theoretical peak per data type of a device, as the file's analyses
// state it: the points of an analysis of the device that carry a "dtype" and
// a "theoretical_gflops" (the highest over their ISAs and thread counts).
struct Theoretical {
  double gflops = 0;
  std::string basis;
};

std::map<std::string, Theoretical> theoretical_peaks(const Json& suite, const std::string& device) {
  std::map<std::string, Theoretical> out;
  for (const auto& a : suite.value("analyses", Json::array())) {
    if (!a.is_object() || text(a, "device") != device || !a.contains("points") ||
        !a["points"].is_array()) {
      continue;
    }
    for (const auto& p : a["points"]) {
      if (!p.is_object()) continue;
      const auto gflops = number(p, "theoretical_gflops");
      const std::string dtype = text(p, "dtype");
      if (!gflops || *gflops <= 0 || dtype.empty()) continue;
      Theoretical& t = out[dtype];
      if (*gflops > t.gflops) t = {*gflops, text(p, "theoretical_basis")};
    }
  }
  return out;
}

// Per device and data type, each compute benchmark's best headline in FLOP/s.
Json compute_rows(const Json& suite, const std::vector<Json>& headlines) {
  std::map<std::string, std::map<std::string, Json>> by_type;  // device+dtype -> benchmark -> fig
  std::vector<std::string> order;
  for (const auto& h : headlines) {
    if (text(h, "claim") != "compute" || text(h, "unit") != "GFLOP/s" ||
        text(h, "direction") != direction_name(Direction::kHigherIsBetter)) {
      continue;
    }
    const Json what = h.value("what", Json::object());
    const std::string dtype = what.is_object() ? text(what, "dtype") : std::string();
    const std::string key = text(h, "device") + '\n' + dtype;
    if (!by_type.count(key)) order.push_back(key);
    Json& best = by_type[key][text(h, "benchmark")];
    if (best.is_null() || *number(h, "value") > best["value"].get<double>()) {
      best = figure(h);
      best["dtype"] = dtype;
    }
  }
  Json out = Json::array();
  std::map<std::string, std::map<std::string, Theoretical>> peaks;  // by device
  for (const auto& key : order) {
    const std::string device = key.substr(0, key.find('\n'));
    if (!peaks.count(device)) peaks[device] = theoretical_peaks(suite, device);
    double best_value = 0;
    for (const auto& [benchmark, f] : by_type[key]) {
      best_value = std::max(best_value, f["value"].get<double>());
    }
    for (auto& [benchmark, f] : by_type[key]) {
      f["best_of_type"] = f["value"].get<double>() == best_value;
      const auto peak = peaks[device].find(f["dtype"].get<std::string>());
      if (peak != peaks[device].end()) {
        f["percent_of_theoretical"] = 100 * f["value"].get<double>() / peak->second.gflops;
        f["theoretical_gflops"] = peak->second.gflops;
        f["theoretical_basis"] = peak->second.basis;
      }
      out.push_back(f);
    }
  }
  return out;
}

// Per link class and device: the best bandwidth and the lowest latency.
Json link_rows(const std::vector<Json>& headlines) {
  Json out = Json::array();
  for (const Link link : kLinks) {
    const std::string name(link_name(link));
    std::map<std::string, std::pair<Json, Json>> by_device;  // bandwidth, latency
    std::vector<std::string> devices;
    for (const auto& h : headlines) {
      if (text(h, "link") != name) continue;
      const std::string unit = text(h, "unit");
      const bool higher = text(h, "direction") == direction_name(Direction::kHigherIsBetter);
      const auto scale = higher ? bandwidth_scale(unit) : latency_scale(unit);
      if (!scale) continue;  // neither a bandwidth nor a latency (messages/s, ...)
      const std::string device = text(h, "device");
      if (!by_device.count(device)) devices.push_back(device);
      Json& best = higher ? by_device[device].first : by_device[device].second;
      const double value = *number(h, "value") * *scale;
      if (best.is_null() ||
          (higher ? value > best["base"].get<double>() : value < best["base"].get<double>())) {
        best = figure(h);
        best["base"] = value;
      }
    }
    for (const auto& device : devices) {
      auto [bandwidth, latency] = by_device[device];
      if (!bandwidth.is_null()) bandwidth.erase("base");
      if (!latency.is_null()) latency.erase("base");
      out.push_back({{"link", name},
                     {"title", link_title(name)},
                     {"device", device},
                     {"bandwidth", bandwidth},
                     {"latency", latency}});
    }
  }
  return out;
}

// The instances behind a results file's stability counts.
Json results_problems(const Json& file) {
  Json out = Json::array();
  for (const auto& [name, run] : runs_of(file)) {
    std::string problem;
    if (run.status == "ok" && run.unstable) {
      problem = "unstable: CV " + format_quantity(100 * run.cv, "%", number_format::kRatio) +
                ", tail ratio " + format_number(run.tail_ratio, number_format::kRatio);
    } else if (run.status != "ok" && run.status != "skipped") {
      problem = run.status + (run.reason.empty() ? "" : ": " + run.reason);
    }
    if (run.mismatches > 0) {
      problem += (problem.empty() ? "" : "; ") + std::to_string(run.mismatches) + " mismatches";
    }
    if (!problem.empty()) out.push_back({{"instance", name}, {"problem", problem}});
  }
  return out;
}

// A soak's benchmarks: the unstable ones, and those with the worst drift
// and throttle share.
Json soak_problems(const Json& soak, Json& worst) {
  Json out = Json::array();
  double drift = 0, throttle = 0;
  for (const auto& b : soak.value("benchmarks", Json::array())) {
    if (!b.is_object() || !b.contains("analysis") || !b["analysis"].is_object()) continue;
    const Json& a = b["analysis"];
    const std::string name = text(b, "name");
    if (text(a, "verdict") == "unstable")
      out.push_back({{"instance", name}, {"problem", "unstable"}});
    if (const auto mismatches = number(a, "mismatches"); mismatches && *mismatches > 0) {
      out.push_back(
          {{"instance", name},
           {"problem", format_number(*mismatches, number_format::kFull) + " mismatches"}});
    }
    const Json d = a.value("drift_percent_per_hour", Json::object());
    const auto theil_sen = d.is_object() ? number(d, "theil_sen") : std::nullopt;
    if (theil_sen && std::fabs(*theil_sen) >= std::fabs(drift) && *theil_sen != 0) {
      drift = *theil_sen;
      worst["drift"] = {{"instance", name}, {"percent_per_hour", drift}};
    }
    const auto share = number(a, "throttle_share");
    if (share && *share > throttle) {
      throttle = *share;
      worst["throttle"] = {{"instance", name}, {"share", throttle}};
    }
  }
  return out;
}

Json stability_of(const std::string& label, const Json& file, const std::vector<Json>& headlines) {
  const StabilitySummary s = stability_summary({label, &file, std::nullopt});
  Json out = {{"line", stability_line(s)},
              {"counts",
               {{"runs", s.runs},
                {"ok", s.ok},
                {"unstable", s.unstable + s.soak_unstable},
                {"mismatches", s.mismatches},
                {"failed", s.failed},
                {"invalid", s.invalid},
                {"timeout", s.timeout},
                {"crashed", s.crashed},
                {"skipped", s.skipped}}}};
  Json problems;
  if (file.contains("soak")) {
    Json worst = Json::object();
    problems = soak_problems(file["soak"], worst);
    out["soak"] = {{"soaked", s.soaked},
                   {"worst_drift_percent_per_hour", s.worst_drift_percent_per_hour},
                   {"worst_throttle_share", s.worst_throttle_share}};
    for (const auto& [key, value] : worst.items()) out["soak"][key] = value;
  } else {
    problems = results_problems(file);
  }
  out["problems_total"] = problems.size();
  if (problems.size() > kMaxEvidence)
    problems.erase(problems.begin() + kMaxEvidence, problems.end());
  out["problems"] = problems;
  Json figures = Json::array();
  for (const auto& h : headlines) {
    if (text(h, "claim") == "stability") figures.push_back(figure(h));
  }
  out["figures"] = figures;
  return out;
}

}  // namespace

Json claims_summary(const std::string& label, const Json& file) {
  const bool soak = file.contains("soak");
  const std::vector<Json> headlines = soak ? std::vector<Json>() : evidenced_headlines(file);
  return {{"label", label},
          {"kind", soak ? "soak" : "results"},
          {"compute", soak ? Json::array() : compute_rows(file.at("suite"), headlines)},
          {"links", link_rows(headlines)},
          {"stability", stability_of(label, file, headlines)}};
}

}  // namespace accelbench
