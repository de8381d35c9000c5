#include "instance_record.h"

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

Verification verification_from_json(const Json& j) {
  Verification v;
  const std::string outcome = j.at("outcome").get<std::string>();
  v.outcome = outcome == "passed"   ? Verification::Outcome::kPassed
              : outcome == "failed" ? Verification::Outcome::kFailed
                                    : Verification::Outcome::kUnverified;
  v.method = j.at("method").get<std::string>();
  v.elements_checked = j.at("elements_checked").get<std::uint64_t>();
  v.bytes_checked = j.at("bytes_checked").get<std::uint64_t>();
  v.mismatches = j.at("mismatches").get<std::uint64_t>();
  v.non_finite = j.at("non_finite").get<std::uint64_t>();
  v.tolerance = j.at("tolerance_relative").get<double>();
  v.max_relative_error = j.at("max_relative_error").get<double>();
  for (const auto& m : j.at("first_mismatches")) {
    // A non-finite actual value is written as null.
    v.first_mismatches.push_back(
        {m.at("index").get<std::uint64_t>(), m.at("expected").get<double>(),
         m.at("actual").is_null() ? std::nan("") : m.at("actual").get<double>()});
  }
  v.note = j.value("note", std::string());
  return v;
}

}  // namespace

Json to_json(const Verification& v) {
  Json mismatches = Json::array();
  for (const auto& m : v.first_mismatches) {
    mismatches.push_back({{"index", m.index}, {"expected", m.expected}, {"actual", m.actual}});
  }
  Json out = {{"outcome", outcome_name(v.outcome)},
              {"method", v.method},
              {"elements_checked", v.elements_checked},
              {"bytes_checked", v.bytes_checked},
              {"mismatches", v.mismatches},
              {"mismatches_per_1e12_bytes",
               v.bytes_checked > 0
                   ? static_cast<double>(v.mismatches) * 1e12 / static_cast<double>(v.bytes_checked)
                   : 0.0},
              {"non_finite", v.non_finite},
              {"tolerance_relative", v.tolerance},
              {"max_relative_error", v.max_relative_error},
              {"first_mismatches", mismatches}};
  if (!v.note.empty()) out["note"] = v.note;
  return out;
}

Work work_from_json(const Json& j) {
  Work w;
  w.bytes = j.at("bytes_per_iteration").get<double>();
  w.flops = j.at("flops_per_iteration").get<double>();
  w.operations = j.at("operations_per_iteration").get<double>();
  w.convention = j.at("convention").get<std::string>();
  return w;
}

Json to_json(const Work& w) {
  return {{"bytes_per_iteration", w.bytes},
          {"flops_per_iteration", w.flops},
          {"operations_per_iteration", w.operations},
          {"convention", w.convention}};
}

Json to_record(const InstanceResult& r) {
  Json repetitions_of_runs = Json::array();
  for (const auto& repetition : r.run_repetitions) {
    repetitions_of_runs.push_back(repetition ? Json(*repetition) : Json(nullptr));
  }
  return {{"name", r.instance.name},
          {"status", status_name(r.status)},
          {"reason", r.reason},
          {"work", to_json(r.work)},
          {"verification", to_json(r.verification)},
          {"placement", r.placement},
          {"details", r.details},
          {"repetitions", r.repetitions},
          {"warmup_samples", r.warmup_samples},
          {"google_benchmark_runs", r.google_benchmark_runs},
          {"run_repetitions", repetitions_of_runs},
          {"injected", r.injected},
          {"telemetry", r.telemetry}};
}

void apply_record(const Json& record, InstanceResult& r) {
  r.status = status_from_name(record.at("status").get<std::string>());
  r.reason = record.at("reason").get<std::string>();
  r.work = work_from_json(record.at("work"));
  r.verification = verification_from_json(record.at("verification"));
  r.placement = record.at("placement");
  r.details = record.at("details");
  r.repetitions = record.at("repetitions").get<std::vector<std::vector<double>>>();
  r.warmup_samples = record.at("warmup_samples").get<std::size_t>();
  r.google_benchmark_runs = record.at("google_benchmark_runs");
  r.run_repetitions.clear();
  for (const auto& repetition : record.at("run_repetitions")) {
    r.run_repetitions.push_back(
        repetition.is_null() ? std::nullopt : std::optional(repetition.get<std::size_t>()));
  }
  r.injected = record.at("injected");
  r.telemetry = record.value("telemetry", nlohmann::ordered_json::object());
}

}  // namespace accelbench
