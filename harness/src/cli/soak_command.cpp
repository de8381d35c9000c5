#include <accelbench/error.h>
#include <accelbench/topology.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iostream>

#include "atomic_file.h"
#include "commands.h"
#include "instance_record.h"
#include "number_options.h"
#include "results_file.h"
#include "soak.h"
#include "telemetry_sampler.h"
#include "text_report.h"
#include "units.h"

namespace accelbench::cli {
namespace {

using Json = nlohmann::ordered_json;

struct SoakOptions {
  std::string duration;
  std::string interval = "1";
  std::optional<std::string> filter;
  std::optional<std::string> device;
  std::vector<std::string> params;
  std::optional<std::string> out;
  std::string format = "console";
  bool in_process = false;
  double timeout_s = 60;
  std::optional<std::string> inject;
};

// Ctrl-C (or SIGTERM) asks the soak to stop; what was measured is written.
std::atomic<bool> g_stop{false};
extern "C" void request_stop(int) { g_stop.store(true); }

class StopOnSignal {
 public:
  StopOnSignal() {
    struct sigaction action {};
    action.sa_handler = request_stop;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
  }
  ~StopOnSignal() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

std::string number(double value, const char* format = "%.4g") {
  char text[32];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

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

void print_table(const std::vector<Json>& benchmarks, const Json& header) {
  std::cout << "# accelbench soak: " << number(header["elapsed_s"].get<double>(), "%.1f")
            << " s of " << number(header["duration_requested_s"].get<double>(), "%.1f")
            << " s (stopped by " << header["stopped_by"].get<std::string>() << "), turns of "
            << number(header["interval_s"].get<double>()) << " s, every iteration verified\n";
  std::cout << "# drift: %/hour, negative = getting worse; sustain: last 10% / first 10%; "
               "throttle: samples worse than 90% of the median\n";
  std::cout << "benchmark  samples  median  unit  drift OLS  drift Theil-Sen  sustain  "
               "throttle %  first error  shifts  verdict\n";
  for (const auto& b : benchmarks) {
    std::cout << b["name"].get<std::string>();
    if (!b.contains("analysis")) {
      std::cout << "  " << b["status"].get<std::string>() << ": " << b.value("reason", "") << '\n';
      continue;
    }
    const Json& a = b["analysis"];
    std::cout << "  " << a["samples"];
    if (a.contains("median")) {
      std::cout << "  " << number(a["median"].get<double>()) << "  "
                << b["metric"]["unit"].get<std::string>() << "  "
                << number(a["drift_percent_per_hour"]["ols"].get<double>(), "%+.3g") << "  "
                << number(a["drift_percent_per_hour"]["theil_sen"].get<double>(), "%+.3g") << "  "
                << number(a["sustain_ratio"].get<double>(), "%.3f") << "  "
                << number(100 * a["throttle_share"].get<double>(), "%.1f") << "  ";
    } else {
      std::cout << "  -  -  -  -  -  -  ";
    }
    std::cout << (a["time_to_first_error_s"].is_null()
                      ? "none"
                      : number(a["time_to_first_error_s"].get<double>(), "%.1f s"))
              << "  " << (a.contains("change_points") ? a["change_points"].size() : 0) << "  "
              << a["verdict"].get<std::string>();
    for (const auto& reason : a["reasons"]) std::cout << "; " << reason.get<std::string>();
    std::cout << '\n';
  }
}

int soak(const SoakOptions& options, const std::vector<std::string>& argv) {
  const double duration_s = parse_duration(options.duration, "--duration");
  const double interval_s = parse_duration(options.interval, "--interval");
  const Injection injection = options.inject ? parse_injection(*options.inject) : Injection{};
  if (injection.needs_isolation() && options.in_process) {
    throw usage_error("--inject " + *options.inject + " cannot be used with --in-process");
  }
  const auto overrides = parse_param_overrides(options.params);
  if (options.out) check_writable(*options.out);
  const DeviceCatalog catalog = enumerate_devices();
  std::vector<Instance> instances;
  for (auto& instance :
       select_instances(catalog, {options.filter, options.device, Suite::kQuick, overrides, {}})) {
    if (instance.unavailable.empty()) {
      instances.push_back(std::move(instance));
    } else {
      std::cerr << "accelbench soak: skipping " << instance.name << ": " << instance.unavailable
                << '\n';
    }
  }
  if (instances.empty()) throw usage_error("nothing to soak: no selected benchmark has a device");

  const std::string run_id = new_run_id();
  const std::string started_at = utc_timestamp();
  const Fingerprint fingerprint = make_fingerprint(catalog.devices);
  const bool progress = isatty(STDERR_FILENO) != 0;

  g_stop.store(false);
  StopOnSignal stop_on_signal;
  TelemetrySampler telemetry(interval_s / 2);
  SoakSettings settings;
  settings.duration_s = duration_s;
  settings.interval_s = interval_s;
  settings.stop = &g_stop;
  settings.isolate = !options.in_process;
  settings.timeout_s = options.timeout_s;
  settings.origin = telemetry.start();
  settings.injection = injection;
  if (progress) {
    settings.progress = [](const std::string& name) {
      std::cerr << "\r\x1b[K" << name << std::flush;
    };
  }
  const SoakResult result = run_soak(std::move(instances), settings);
  if (progress) std::cerr << "\r\x1b[K";

  Json series = Json::array();
  for (const auto& sample : telemetry.series()) {
    Json entry = {{"t_s", sample.t_s}};
    for (const auto& [name, value] : sample.values) entry[name] = value;
    series.push_back(entry);
  }
  Json telemetry_json = telemetry.describe();
  telemetry_json["series"] = series;
  // Min, max and before/after of every reading over the whole soak: a
  // counter's change (ECC errors, replays) without reading the series.
  telemetry_json["whole_soak"] = telemetry.window(0, series.empty() ? 0 : series.size() - 1);

  // As for run: invalid when any series saw a mismatch; failed when any
  // failed, crashed or timed out. Either exits 1.
  std::vector<Json> benchmarks;
  Status status = Status::kOk;
  for (const auto& s : result.series) {
    benchmarks.push_back(series_json(s, result.elapsed_s));
    if (s.status == Status::kInvalid) status = Status::kInvalid;
    const bool broke =
        s.status == Status::kFailed || s.status == Status::kCrashed || s.status == Status::kTimeout;
    if (broke && status == Status::kOk) status = Status::kFailed;
  }
  Json overrides_json = Json::object();
  for (const auto& [key, value] : overrides) overrides_json[key] = value;
  Json header = {{"schema_version", 1},
                 {"tool", "accelbench"},
                 {"kind", "soak"},
                 {"run_id", run_id},
                 {"started_at", started_at},
                 {"finished_at", utc_timestamp()},
                 {"status", status_name(status)},
                 {"duration_requested_s", duration_s},
                 {"elapsed_s", result.elapsed_s},
                 {"stopped_by", result.stopped_by_signal ? "signal" : "duration"},
                 {"interval_s", interval_s},
                 {"isolated", settings.isolate},
                 {"timeout_s", settings.timeout_s},
                 {"inject", options.inject ? Json(*options.inject) : Json(nullptr)},
                 {"time_origin", "t_s of the series and of telemetry count from one start"},
                 {"fingerprint", fingerprint.to_json()},
                 {"topology", host_topology().to_json()},
                 {"devices", devices_json(catalog)},
                 {"config",
                  {{"argv", argv},
                   {"filter", options.filter ? Json(*options.filter) : Json(nullptr)},
                   {"device", options.device ? Json(*options.device) : Json(nullptr)},
                   {"param_overrides", overrides_json},
                   {"environment", relevant_environment()}}},
                 {"telemetry", telemetry_json}};
  if (options.format == "console") print_table(benchmarks, header);
  header["benchmarks"] = benchmarks;
  const Json document = {{"soak", header}};
  if (options.format == "json") std::cout << document.dump(2) << '\n';
  if (options.out) {
    write_file_atomically(*options.out, document.dump(2) + "\n");
    if (options.format == "console") std::cout << "# soak written to " << *options.out << '\n';
  }
  return status == Status::kOk ? 0 : 1;
}

}  // namespace

Command add_soak_command(CLI::App& app, const std::vector<std::string>& argv) {
  auto options = std::make_shared<SoakOptions>();
  app.add_option("--duration", options->duration, "how long: 90, 90s, 30m, 2h")->required();
  app.add_option("--interval", options->interval,
                 "each benchmark's turn in the round robin (default 1 s)");
  app.add_option("--filter", options->filter,
                 "soak only benchmarks matching this regex (RE2 syntax)");
  app.add_option("--device", options->device, "soak only on this device, e.g. cpu:0");
  app.add_option("--param", options->params, "override a benchmark parameter (repeatable)");
  app.add_option("--out", options->out, "write the soak file (JSON) here");
  app.add_flag("--in-process", options->in_process,
               "run every benchmark in this process (default: each in a child process, so a "
               "crash or hang ends only its own series)");
  app.add_option("--timeout", options->timeout_s,
                 "watchdog seconds on set-up and beyond each turn (default 60)")
      ->check(number_in({0.1, 86400.0}));
  app.add_option("--inject", options->inject,
                 "test control, off by default: bitflip:RATE (per iteration), delay:MS:EVERY, "
                 "hang, crash, optionally @REGEX");
  app.add_option("--format", options->format, "standard output: console (default) or json")
      ->check(CLI::IsMember({"console", "json"}));
  return [options, argv] { return soak(*options, argv); };
}

}  // namespace accelbench::cli
