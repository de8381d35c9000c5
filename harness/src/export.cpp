#include "export.h"

#include <accelbench/error.h>

#include <map>
#include <vector>

#include "stats.h"

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

// Median seconds per iteration of every instance, over all its repetitions.
std::map<std::string, double> median_seconds(const Json& results) {
  std::map<std::string, std::vector<double>> seconds;
  for (const auto& run : results.at("benchmarks")) {
    if (run.at("run_type") != "iteration") continue;
    auto& all = seconds[run.at("suite").at("name").get<std::string>()];
    for (const auto& s : run.at("suite").at("samples").at("seconds_per_iteration")) {
      all.push_back(s.get<double>());
    }
  }
  std::map<std::string, double> out;
  for (const auto& [name, values] : seconds) {
    if (!values.empty()) out[name] = stats::summarize(values).median;
  }
  return out;
}

Json googlecpp(const Json& results) {
  const auto seconds = median_seconds(results);
  Json runs = Json::array();
  for (const auto& r : results.at("suite").at("results")) {
    if (r.at("status") != "ok") continue;
    const std::string name = r.at("name").get<std::string>();
    const auto found = seconds.find(name);
    if (found == seconds.end()) continue;
    runs.push_back({{"name", name},
                    {"run_name", name},
                    {"run_type", "iteration"},
                    {"repetitions", 1},
                    {"repetition_index", 0},
                    {"threads", 1},
                    {"iterations", r.at("statistics").at("count")},
                    {"real_time", found->second * 1e9},
                    {"cpu_time", found->second * 1e9},
                    {"time_unit", "ns"}});
  }
  return {{"context", results.at("context")}, {"benchmarks", runs}};
}

Json custom(const Json& results, const std::string& direction) {
  Json out = Json::array();
  for (const auto& r : results.at("suite").at("results")) {
    if (r.at("status") != "ok" || r.at("metric").at("direction") != direction) continue;
    const Json& s = r.at("statistics");
    Json entry = {{"name", r.at("name")},
                  {"unit", r.at("metric").at("unit")},
                  {"value", r.at("metric").at("value")}};
    if (s.contains("median_ci95")) {
      entry["range"] = "95% CI " + std::to_string(s["median_ci95"]["low"].get<double>()) + " .. " +
                       std::to_string(s["median_ci95"]["high"].get<double>());
    }
    out.push_back(entry);
  }
  return out;
}

Json bmf(const Json& results) {
  Json out = Json::object();
  for (const auto& r : results.at("suite").at("results")) {
    if (r.at("status") != "ok") continue;
    const Json& s = r.at("statistics");
    Json measure = {{"value", r.at("metric").at("value")}};
    if (s.contains("median_ci95")) {
      measure["lower_value"] = s["median_ci95"]["low"];
      measure["upper_value"] = s["median_ci95"]["high"];
    }
    const std::string slug = r.at("metric").at("name").get<std::string>() + "-" +
                             (r.at("metric").at("unit") == "GB/s"      ? "gb-per-s"
                              : r.at("metric").at("unit") == "GFLOP/s" ? "gflop-per-s"
                                                                       : "ns");
    out[r.at("name").get<std::string>()] = {{slug, measure}};
  }
  return out;
}

}  // namespace

Json export_results(const Json& results, const std::string& format) {
  try {
    if (format == "gab-googlecpp") return googlecpp(results);
    if (format == "gab-bigger") return custom(results, "higher_is_better");
    if (format == "gab-smaller") return custom(results, "lower_is_better");
    if (format == "bmf") return bmf(results);
  } catch (const Json::exception& e) {
    throw usage_error(std::string("the results file lacks what the export needs: ") + e.what());
  }
  throw usage_error("--to '" + format + "': choose gab-googlecpp, gab-bigger, gab-smaller or bmf");
}

}  // namespace accelbench
