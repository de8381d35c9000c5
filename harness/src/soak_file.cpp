#include "soak_file.h"

#include "instance_record.h"
#include "results_file.h"
#include "table.h"
#include "units.h"

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

Json series_json(const SoakSeries& s, double elapsed_s) {
  const Definition& d = *s.instance.definition;
  Json out = {{"name", s.instance.name},
              {"benchmark", d.id},
              {"claim", claim_name(d.claim)},
              {"backend", d.backend},
              {"device", s.instance.device.id},
              {"params", s.instance.params.to_json()},
              {"status", status_name(s.status)},
              {"metric",
               {{"name", metric_name(d.metric)},
                {"unit", metric_unit(d.metric)},
                {"direction", direction_name(metric_direction(d.metric))}}},
              {"work", to_json(s.work)}};
  if (!s.reason.empty()) out["reason"] = s.reason;
  out["series"] = {{"t_s", s.t_s}, {"value", s.value}, {"mismatches", s.mismatches}};
  if (s.injected_flips > 0) out["injected_flips"] = s.injected_flips;
  if (!s.value.empty()) out["analysis"] = analyze_series(s, elapsed_s);
  return out;
}

}  // namespace

Status overall_status(const SoakResult& result) {
  Status status = Status::kOk;
  for (const auto& s : result.series) {
    if (s.status == Status::kInvalid) status = Status::kInvalid;
    const bool broke =
        s.status == Status::kFailed || s.status == Status::kCrashed || s.status == Status::kTimeout;
    if (broke && status == Status::kOk) status = Status::kFailed;
  }
  return status;
}

Json build_soak_file(const SoakResult& result, const SoakRecord& record) {
  Json benchmarks = Json::array();
  for (const auto& s : result.series) benchmarks.push_back(series_json(s, result.elapsed_s));
  Json overrides = Json::object();
  for (const auto& [key, value] : record.param_overrides) overrides[key] = value;
  const auto optional_text = [](const std::optional<std::string>& text) {
    return text ? Json(*text) : Json(nullptr);
  };
  Json soak = {{"schema_version", kSoakSchemaVersion},
               {"tool", "accelbench"},
               {"kind", "soak"},
               {"run_id", record.run_id},
               {"started_at", record.started_at},
               {"finished_at", record.finished_at},
               {"status", status_name(overall_status(result))},
               {"duration_requested_s", record.duration_requested_s},
               {"elapsed_s", result.elapsed_s},
               {"stopped_by", result.stopped_by_signal ? "signal" : "duration"},
               {"interval_s", record.interval_s},
               {"isolated", record.isolated},
               {"timeout_s", record.timeout_s},
               {"inject", optional_text(record.inject)},
               {"time_origin", "t_s of the series and of telemetry count from one start"},
               {"fingerprint", record.fingerprint.to_json()},
               {"topology", record.topology},
               {"devices", devices_json(record.catalog)},
               {"config",
                {{"argv", record.argv},
                 {"filter", optional_text(record.filter)},
                 {"device", optional_text(record.device)},
                 {"param_overrides", overrides},
                 {"environment", relevant_environment()}}},
               {"telemetry", record.telemetry},
               {"benchmarks", benchmarks}};
  return {{"soak", soak}};
}

void print_soak_table(std::ostream& out, const Json& soak) {
  using namespace number_format;
  out << "# accelbench soak: " << format_number(soak["elapsed_s"].get<double>(), kOneDecimal)
      << " s of " << format_number(soak["duration_requested_s"].get<double>(), kOneDecimal)
      << " s (stopped by " << soak["stopped_by"].get<std::string>() << "), turns of "
      << format_number(soak["interval_s"].get<double>()) << " s, every iteration verified\n";
  out << "# drift: %/hour, negative = getting worse; sustain: last 10% / first 10%; "
         "throttle: samples worse than 90% of the median\n";
  Table table{{{"benchmark", {}, 0, ""},
               {"samples"},
               {"median"},
               {"unit"},
               {"drift OLS"},
               {"drift Theil-Sen"},
               {"sustain"},
               {"throttle %"},
               {"first error"},
               {"shifts"},
               {"verdict"}},
              {}};
  for (const auto& b : soak["benchmarks"]) {
    auto& row = table.rows.emplace_back(std::vector<std::string>{b["name"].get<std::string>()});
    if (!b.contains("analysis")) {
      row.push_back(b["status"].get<std::string>() + ": " + b.value("reason", ""));
      continue;
    }
    const Json& a = b["analysis"];
    row.push_back(a["samples"].dump());
    if (a.contains("median")) {
      row.insert(
          row.end(),
          {format_number(a["median"].get<double>()), b["metric"]["unit"].get<std::string>(),
           format_number(a["drift_percent_per_hour"]["ols"].get<double>(), kSignedRatio),
           format_number(a["drift_percent_per_hour"]["theil_sen"].get<double>(), kSignedRatio),
           format_number(a["sustain_ratio"].get<double>(), kRatioColumn),
           format_number(100 * a["throttle_share"].get<double>(), kOneDecimal)});
    } else {
      row.insert(row.end(), 6, "-");
    }
    row.push_back(
        a["time_to_first_error_s"].is_null()
            ? "none"
            : format_quantity(a["time_to_first_error_s"].get<double>(), "s", kOneDecimal));
    row.push_back(std::to_string(a.contains("change_points") ? a["change_points"].size() : 0));
    std::string verdict = a["verdict"].get<std::string>();
    for (const auto& reason : a["reasons"]) verdict += "; " + reason.get<std::string>();
    row.push_back(verdict);
  }
  render_text(out, table);
}

}  // namespace accelbench
