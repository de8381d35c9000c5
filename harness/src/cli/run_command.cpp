#include <accelbench/error.h>
#include <accelbench/job.h>
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <iostream>

#include "atomic_file.h"
#include "commands.h"
#include "compare.h"
#include "instance_record.h"
#include "journal.h"
#include "results_file.h"
#include "text_report.h"
#include "topology.h"

namespace accelbench::cli {
namespace {

struct RunOptions {
  std::optional<std::string> filter;
  std::string suite = "quick";
  std::optional<std::string> device;
  std::optional<int> repetitions;
  std::optional<double> min_time_s;
  std::optional<std::string> out;
  std::string format = "console";
  std::vector<std::string> params;
  stats::StabilityLimits limits;
  bool isolate = false;
  std::optional<double> timeout_s;
  std::optional<std::string> inject;
  std::optional<int> inject_rank;
  std::optional<std::string> resume;
  std::optional<std::string> baseline;
};

// The options as the journal keeps them, to finish an interrupted run.
nlohmann::ordered_json to_json(const RunOptions& o) {
  using Json = nlohmann::ordered_json;
  auto optional = [](const auto& v) { return v ? Json(*v) : Json(nullptr); };
  return {{"filter", optional(o.filter)},
          {"suite", o.suite},
          {"device", optional(o.device)},
          {"repetitions", optional(o.repetitions)},
          {"min_time_s", optional(o.min_time_s)},
          {"out", optional(o.out)},
          {"params", o.params},
          {"max_cv", o.limits.max_cv},
          {"max_tail_ratio", o.limits.max_tail_ratio},
          {"isolate", o.isolate},
          {"timeout_s", optional(o.timeout_s)},
          {"inject", optional(o.inject)},
          {"inject_rank", optional(o.inject_rank)},
          {"baseline", optional(o.baseline)}};
}

RunOptions options_from_json(const nlohmann::ordered_json& j) {
  RunOptions o;
  auto optional = [&](const char* key, auto& target) {
    using T = typename std::decay_t<decltype(target)>::value_type;
    if (!j.at(key).is_null()) target = j.at(key).get<T>();
  };
  optional("filter", o.filter);
  o.suite = j.at("suite").get<std::string>();
  optional("device", o.device);
  optional("repetitions", o.repetitions);
  optional("min_time_s", o.min_time_s);
  optional("out", o.out);
  o.params = j.at("params").get<std::vector<std::string>>();
  o.limits.max_cv = j.at("max_cv").get<double>();
  o.limits.max_tail_ratio = j.at("max_tail_ratio").get<double>();
  o.isolate = j.at("isolate").get<bool>();
  optional("timeout_s", o.timeout_s);
  optional("inject", o.inject);
  if (j.contains("inject_rank")) optional("inject_rank", o.inject_rank);
  optional("baseline", o.baseline);
  return o;
}

// The watchdog's default: generous against what the measurement should take
// (Google Benchmark runs each repetition for min-time, after a short
// iteration-count estimate; set-up and verification come on top).
double default_timeout(const RunConfig& config) {
  return 60.0 + 10.0 * config.repetitions * config.min_time_s;
}

// Telemetry every half second, and at the start and end of every benchmark.
constexpr double kTelemetryIntervalSeconds = 0.5;

// Suite defaults: quick is one repetition of a short measurement; full asks
// for enough repetitions to see run-to-run variance.
constexpr int kQuickRepetitions = 1;
constexpr double kQuickMinTime = 0.25;
constexpr int kFullRepetitions = 5;
constexpr double kFullMinTime = 1.0;

std::vector<std::pair<std::string, std::string>> parse_param_overrides(
    const std::vector<std::string>& texts) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& text : texts) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
      throw usage_error("--param '" + text + "' is not of the form NAME=VALUE");
    }
    out.emplace_back(text.substr(0, eq), text.substr(eq + 1));
  }
  return out;
}

// Google Benchmark takes the measurement settings as its own flags, so that
// run names stay free of them ("…/real_time", not "…/min_time:0.250/…") and
// results with different settings still compare by name. It keeps pointers
// into argv for the whole run, hence the static storage.
void initialize_google_benchmark(const std::string& executable, const RunConfig& config) {
  static std::vector<std::string> arguments;
  static std::vector<char*> pointers;
  arguments = {executable, "--benchmark_min_time=" + std::to_string(config.min_time_s),
               "--benchmark_repetitions=" + std::to_string(config.repetitions)};
  pointers.clear();
  for (auto& argument : arguments) pointers.push_back(argument.data());
  pointers.push_back(nullptr);
  int argc = static_cast<int>(arguments.size());
  benchmark::Initialize(&argc, pointers.data());
}

// `resumed`: the journal of an interrupted run, whose finished instances are
// taken as they are.
// --suite comm: the communication benchmarks (group comm/) at quick sizes.
std::optional<std::string> suite_filter(const RunOptions& options) {
  if (options.suite == "comm") return std::string("^comm/");
  return std::nullopt;
}

// Ends the MPI job (MPI_Finalize) however run() returns.
struct JobScope {
  Job& job = start_job();
  ~JobScope() { end_job(); }
};

bool spans_ranks(const std::string& backend) {
  for (const auto& b : BackendRegistry::instance().all()) {
    if (b.name == backend) return b.spans_ranks;
  }
  return false;
}

// Under a multi-rank job only the benchmarks of backends that span ranks run
// (mpi, nccl; the others would run on every rank at once, disturbing each
// other); every rank must have selected the same ones.
std::vector<Instance> instances_for_job(Job& job, std::vector<Instance> instances) {
  if (job.size() > 1) {
    std::vector<Instance> kept;
    std::size_t dropped = 0;
    for (auto& instance : instances) {
      if (spans_ranks(instance.definition->backend)) {
        kept.push_back(std::move(instance));
      } else {
        ++dropped;
      }
    }
    if (dropped > 0 && job.rank() == 0) {
      std::cerr << "accelbench: under MPI only the comm benchmarks run; " << dropped
                << " other benchmark(s) left out (run them without mpirun)\n";
    }
    if (kept.empty()) throw usage_error("no comm benchmark selected (try --suite comm)");
    instances = std::move(kept);
  }
  std::string names;
  for (const auto& instance : instances) names += instance.name + "\n";
  if (!job.all_equal(names)) {
    std::string counts;
    const auto per_rank = job.gather(std::to_string(instances.size()));
    for (std::size_t r = 0; r < per_rank.size(); ++r) {
      counts += (r ? ", " : "") + std::string("rank ") + std::to_string(r) + ": " + per_rank[r];
    }
    throw failure(
        "the ranks of this job selected different benchmarks (different builds, "
        "devices or options per rank?)" +
        (counts.empty() ? std::string() : " -- benchmarks per rank: " + counts));
  }
  return instances;
}

int run(const RunOptions& options, const std::vector<std::string>& argv,
        const JournalContents* resumed) {
  JobScope job_scope;
  Job& job = job_scope.job;
  const bool parallel = launcher_variable().has_value();
  const bool writer = job.rank() == 0;
  const Suite suite = options.suite == "full" ? Suite::kFull : Suite::kQuick;
  RunConfig config;
  config.argv = argv;
  config.suite = options.suite;
  config.filter = options.filter;
  config.device = options.device;
  config.repetitions =
      options.repetitions.value_or(suite == Suite::kFull ? kFullRepetitions : kQuickRepetitions);
  config.min_time_s =
      options.min_time_s.value_or(suite == Suite::kFull ? kFullMinTime : kQuickMinTime);
  config.param_overrides = parse_param_overrides(options.params);
  config.limits = options.limits;
  config.isolate = options.isolate;
  config.timeout_s = options.timeout_s.value_or(default_timeout(config));
  config.inject = options.inject;
  Injection injection = options.inject ? parse_injection(*options.inject) : Injection{};
  if (options.inject_rank) {
    if (!options.inject) throw usage_error("--inject-rank needs --inject");
    if (*options.inject_rank >= job.size()) {
      throw usage_error("--inject-rank " + std::to_string(*options.inject_rank) + ": the job has " +
                        std::to_string(job.size()) + " rank(s)");
    }
    injection.rank = options.inject_rank;
  }
  if (parallel) {
    // Forked children cannot use MPI; the job's own watchdog ends a stalled
    // job, and mpirun ends it when a rank dies.
    if (config.isolate) {
      throw usage_error(
          "--isolate cannot be used under MPI (a forked child cannot use MPI); "
          "the MPI watchdog (--timeout) ends a job whose ranks stall");
    }
  } else {
    if (injection.needs_isolation() && !config.isolate) {
      throw usage_error("--inject " + *options.inject +
                        " needs --isolate (it would take the "
                        "whole suite down)");
    }
    if (options.timeout_s && !config.isolate) {
      throw usage_error("--timeout needs --isolate (the watchdog watches a child process)");
    }
  }

  if (options.out && writer) {
    // Neither the results file nor its journal may replace an input.
    std::vector<std::string> baseline_input;
    if (options.baseline) baseline_input.push_back(*options.baseline);
    std::vector<std::string> inputs = baseline_input;
    if (options.resume) inputs.push_back(*options.resume);
    check_writable(*options.out, inputs);
    check_writable(journal_path_for(*options.out), baseline_input, "--out's journal");
  }
  // Read the baseline first: a bad one is a usage error before anything runs.
  const auto baseline =
      options.baseline ? std::optional(read_results_file(*options.baseline)) : std::nullopt;
  const DeviceCatalog catalog = enumerate_devices();
  auto instances = instances_for_job(
      job, select_instances(catalog, {options.filter, options.device, suite, config.param_overrides,
                                      suite_filter(options)}));

  SuiteRecord record;
  record.run_id = resumed ? resumed->header.at("run_id").get<std::string>() : new_run_id();
  record.started_at =
      resumed ? resumed->header.at("started_at").get<std::string>() : utc_timestamp();
  record.config = config;
  record.catalog = catalog;
  record.fingerprint = make_fingerprint(catalog.devices);
  record.topology = host_topology().to_json();
  if (resumed && resumed->header.at("fingerprint_hash") != record.fingerprint.hash) {
    throw usage_error("--resume: the journal was written on another machine (fingerprint " +
                      resumed->header.at("fingerprint_hash").get<std::string>() + ", here " +
                      record.fingerprint.hash + ")");
  }
  std::optional<JournalWriter> journal;
  if (options.out && writer) {
    journal.emplace(journal_path_for(*options.out),
                    nlohmann::ordered_json{{"journal_version", 1},
                                           {"run_id", record.run_id},
                                           {"started_at", record.started_at},
                                           {"argv", argv},
                                           {"options", to_json(options)},
                                           {"fingerprint_hash", record.fingerprint.hash}});
    if (resumed) {
      for (const auto& [name, finished] : resumed->records) journal->append(finished);
    }
  }

  initialize_google_benchmark(argv.empty() ? "accelbench" : argv.front(), config);
  const bool progress = writer && isatty(STDERR_FILENO) != 0;
  const std::size_t total = instances.size();
  RunSettings settings;
  settings.limits = config.limits;
  settings.injection = injection;
  settings.isolate = config.isolate;
  settings.timeout_s = config.timeout_s;
  if (resumed) settings.recorded = resumed->records;
  if (progress) {
    settings.on_start = [total](std::size_t i, const Instance& instance) {
      std::cerr << "[" << i + 1 << "/" << total << "] " << instance.name << " ..." << std::flush;
    };
  }
  settings.on_finish = [&](std::size_t, const InstanceResult& result) {
    if (progress) std::cerr << " " << status_name(result.status) << '\n';
    if (journal && !settings.recorded.contains(result.instance.name)) {
      journal->append(to_record(result));
    }
  };
  TelemetrySampler telemetry(kTelemetryIntervalSeconds);
  settings.telemetry = &telemetry;
  const SuiteResult result = run_instances(std::move(instances), settings);
  record.finished_at = utc_timestamp();
  record.telemetry = telemetry.describe();
  const int exit_code = overall_status(result) == Status::kOk ? 0 : 1;
  if (!writer) return exit_code;  // rank 0 reports for the job

  // The tables first: should the results file fail, what was measured is shown.
  if (options.format == "csv") print_csv_report(std::cout, result);
  if (options.format == "console") print_console_report(std::cout, result, record);
  std::cout.flush();
  const auto json = build_results(result, record);
  if (options.format == "json") std::cout << json.dump(2) << '\n';
  if (options.out) {
    write_file_atomically(*options.out, json.dump(2) + "\n");
    journal->remove();
    if (options.format == "console") std::cout << "# results written to " << *options.out << '\n';
  }
  if (baseline) {
    const CompareResult comparison = compare_results(*baseline, json, CompareOptions{});
    std::cout << "\n# compared with the baseline " << *options.baseline << '\n';
    print_comparison(std::cout, comparison, options.format == "console" ? "text" : "json");
    return std::max(exit_code, comparison.exit_code());
  }
  return exit_code;
}

}  // namespace

Command add_run_command(CLI::App& app, const std::vector<std::string>& argv) {
  auto options = std::make_shared<RunOptions>();
  app.add_option("--filter", options->filter,
                 "run only benchmarks whose name matches this regex (ECMAScript), e.g. "
                 "'stream_(copy|triad)'");
  app.add_option("--suite", options->suite,
                 "quick (default), full, or comm (the communication benchmarks, for "
                 "mpirun -np N accelbench run --suite comm)")
      ->check(CLI::IsMember({"quick", "full", "comm"}));
  app.add_option("--device", options->device, "run only on this device, e.g. cpu:0");
  app.add_option("--repetitions", options->repetitions,
                 "repetitions of each benchmark (default: quick 1, full 5)")
      ->check(CLI::Range(1, 1000));
  app.add_option("--min-time", options->min_time_s,
                 "minimum measured seconds per repetition (default: quick 0.25, full 1)")
      ->check(CLI::Range(1e-6, 3600.0));
  app.add_option("--out", options->out, "write the results file (JSON) here");
  app.add_option("--format", options->format, "standard output: console (default), json, csv")
      ->check(CLI::IsMember({"console", "json", "csv"}));
  app.add_option("--max-cv", options->limits.max_cv,
                 "flag a benchmark unstable when the CV of its metric exceeds this (default 0.10)")
      ->check(CLI::Range(0.0, 100.0));
  app.add_option("--max-tail-ratio", options->limits.max_tail_ratio,
                 "flag a benchmark unstable when p99/p50 of its iteration times exceeds this "
                 "(default 2)")
      ->check(CLI::Range(1.0, 1e6));
  app.add_flag("--isolate", options->isolate,
               "run each benchmark in a child process: a crash or hang becomes its status");
  app.add_option("--timeout", options->timeout_s,
                 "watchdog seconds per benchmark with --isolate (default 60 + 10 x repetitions "
                 "x min-time)")
      ->check(CLI::Range(0.1, 86400.0));
  app.add_option("--inject", options->inject,
                 "test control, off by default: bitflip:RATE, delay:MS:EVERY, hang or crash, "
                 "optionally @REGEX (hang and crash need --isolate)");
  app.add_option("--inject-rank", options->inject_rank,
                 "under MPI: inject on this rank only (test control)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--param", options->params,
                 "override a benchmark parameter, e.g. --param array_bytes=64MiB "
                 "(repeatable)");
  app.add_option("--baseline", options->baseline,
                 "compare with this results file after the run (accelbench compare's gate, "
                 "default thresholds)");
  app.add_option("--resume", options->resume,
                 "finish an interrupted run from its journal (F.journal next to --out F)");
  return [options, argv, &app] {
    if (!options->resume) return run(*options, argv, nullptr);
    for (const CLI::Option* option : app.get_options()) {
      const std::string name = option->get_name();
      if (option->count() > 0 && name != "--resume" && name != "--format") {
        throw usage_error("--resume takes its options from the journal; " + name +
                          " cannot be given with it");
      }
    }
    const JournalContents contents = read_journal(*options->resume);
    RunOptions resumed;
    try {
      resumed = options_from_json(contents.header.at("options"));
    } catch (const nlohmann::ordered_json::exception& e) {
      throw usage_error("--resume " + *options->resume +
                        ": the journal header's options are not run's options (" +
                        std::string(e.what()).substr(0, 120) + ")");
    }
    resumed.format = options->format;
    resumed.resume = options->resume;  // an input: --out must not replace it
    return run(resumed, contents.header.at("argv").get<std::vector<std::string>>(), &contents);
  };
}

}  // namespace accelbench::cli
