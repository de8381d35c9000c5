#include "result_samples.h"

#include <accelbench/work.h>

#include "stats.h"

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

MetricKind kind_of(const std::string& metric_name) {
  if (metric_name == "bandwidth") return MetricKind::kBandwidth;
  if (metric_name == "throughput") return MetricKind::kFlops;
  if (metric_name == "rate") return MetricKind::kRate;
  return MetricKind::kLatency;
}

}  // namespace

std::string params_name(const Json& params) {
  std::string out;
  for (const auto& [key, value] : params.items()) {
    if (!out.empty()) out += '/';
    out += key + ":" + (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return out;
}

std::map<std::string, RunSamples> runs_of(const Json& file) {
  std::map<std::string, RunSamples> out;
  for (const auto& r : file.at("suite").at("results")) {
    RunSamples& s = out[r.at("name").get<std::string>()];
    s.name = r.at("name").get<std::string>();
    s.benchmark = r.at("benchmark").get<std::string>();
    s.claim = r.value("claim", "");
    s.compare_class = r.value("compare_class", "");
    s.device = r.value("device", "");
    s.status = r.at("status").get<std::string>();
    s.reason = r.value("reason", "");
    s.params = r.value("params", Json::object());
    if (r.contains("metric")) {
      s.unit = r["metric"].value("unit", "");
      s.direction = r["metric"].value("direction", "");
    }
    if (r.contains("statistics") && r["statistics"].is_object()) {
      const auto& st = r["statistics"];
      s.cv = st.value("cv", 0.0);
      s.tail_ratio = st.value("tail_ratio_p99_p50", 0.0);
      s.unstable = st.value("unstable", false);
    }
    if (r.contains("verification") && r["verification"].is_object()) {
      s.mismatches = r["verification"].value("mismatches", std::uint64_t{0});
      s.verification = r["verification"].value("outcome", "none");
    }
  }
  for (const auto& run : file.at("benchmarks")) {
    if (run.at("run_type") != "iteration") continue;
    const Json& suite = run.at("suite");
    const auto found = out.find(suite.at("name").get<std::string>());
    if (found == out.end()) continue;
    RunSamples& s = found->second;
    s.unit = suite.at("metric").at("unit").get<std::string>();
    s.direction = suite.at("metric").at("direction").get<std::string>();
    Work work;
    work.bytes = suite.at("work").at("bytes_per_iteration").get<double>();
    work.flops = suite.at("work").at("flops_per_iteration").get<double>();
    work.operations = suite.at("work").at("operations_per_iteration").get<double>();
    const MetricKind kind = kind_of(suite.at("metric").at("name").get<std::string>());
    std::vector<double> repetition;
    for (const auto& seconds : suite.at("samples").at("seconds_per_iteration")) {
      repetition.push_back(metric_value(kind, work, seconds.get<double>()));
    }
    s.values.insert(s.values.end(), repetition.begin(), repetition.end());
    if (!repetition.empty()) s.repetition_medians.push_back(stats::summarize(repetition).median);
  }
  return out;
}

}  // namespace accelbench
