#include <accelbench/error.h>
#include <accelbench/topology.h>
#include <unistd.h>

#include <csignal>
#include <iostream>

#include "atomic_file.h"
#include "commands.h"
#include "instance_record.h"
#include "number_options.h"
#include "progress_options.h"
#include "results_file.h"
#include "soak.h"
#include "soak_file.h"
#include "table.h"
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
  ProgressMode progress = ProgressMode::kAuto;
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

int soak(const SoakOptions& options, const std::vector<std::string>& argv) {
  const double duration_s = parse_duration(options.duration, "--duration");
  const double interval_s = parse_duration(options.interval, "--interval");
  const Injection injection = options.inject ? parse_injection(*options.inject) : Injection{};
  if (injection.needs_isolation() && options.in_process) {
    throw usage_error("--inject " + *options.inject + " cannot be used with --in-process");
  }
  const auto overrides = parse_param_overrides(options.params);
  if (options.out) check_writable(*options.out);
  // From here on, Ctrl-C stops the soak cleanly, even while the devices are
  // enumerated (a shell starts background jobs with SIGINT ignored, and a
  // signal before this point would otherwise be lost).
  g_stop.store(false);
  StopOnSignal stop_on_signal;
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

  TelemetrySampler telemetry(interval_s / 2);
  SoakSettings settings;
  settings.duration_s = duration_s;
  settings.interval_s = interval_s;
  settings.stop = &g_stop;
  settings.isolate = !options.in_process;
  settings.timeout_s = options.timeout_s;
  settings.origin = telemetry.start();
  settings.injection = injection;
  SoakProgress progress(std::cerr, duration_s);
  if (progress_wanted(options.progress, isatty(STDERR_FILENO) != 0)) {
    settings.on_turn = [&progress](const SoakSeries& series, std::size_t first, double elapsed_s) {
      progress.turn_finished(series, first, elapsed_s);
    };
  }
  const SoakResult result = run_soak(std::move(instances), settings);

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

  SoakRecord record;
  record.run_id = run_id;
  record.started_at = started_at;
  record.finished_at = utc_timestamp();
  record.duration_requested_s = duration_s;
  record.interval_s = interval_s;
  record.isolated = settings.isolate;
  record.timeout_s = settings.timeout_s;
  record.inject = options.inject;
  record.fingerprint = fingerprint;
  record.topology = host_topology().to_json();
  record.catalog = catalog;
  record.argv = argv;
  record.filter = options.filter;
  record.device = options.device;
  record.param_overrides = overrides;
  record.telemetry = telemetry_json;
  const Json document = build_soak_file(result, record);
  const Status status = overall_status(result);
  if (options.format == "console") print_soak_table(std::cout, document["soak"]);
  if (options.format == "json") render_json(std::cout, document);
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
  add_progress_flags(app, options->progress, "turn");
  return [options, argv] { return soak(*options, argv); };
}

}  // namespace accelbench::cli
