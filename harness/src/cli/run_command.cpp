#include <accelbench/error.h>
#include <accelbench/job.h>
#include <accelbench/topology.h>
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <iostream>

#include "atomic_file.h"
#include "commands.h"
#include "compare.h"
#include "instance_record.h"
#include "job_agreement.h"
#include "journal.h"
#include "name_pattern.h"
#include "node_plan.h"
#include "number_options.h"
#include "per_node_run.h"
#include "progress_options.h"
#include "results_file.h"
#include "suite_phase.h"
#include "table.h"
#include "text_report.h"

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
  std::optional<std::string> node_name;
  // run --per-node: one job, every node (per_node_run.h); writes no journal.
  bool per_node = false;
  std::optional<std::string> out_dir;
  // How the run is shown, not what it measures: not kept in the journal.
  ProgressMode progress = ProgressMode::kAuto;
  bool show_skipped = false;
};

using Json = nlohmann::ordered_json;

// The options as the journal keeps them, to finish an interrupted run.
Json to_json(const RunOptions& o) {
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
          {"baseline", optional(o.baseline)},
          {"node_name", optional(o.node_name)}};
}

// A journal's options, read strictly: a missing key, a null where a value is
// required or a value of the wrong type is a usage error naming the key (the
// caller names the journal).
class JournalOptionsReader {
 public:
  explicit JournalOptionsReader(const Json& options) : options_(options) {
    if (!options_.is_object()) throw usage_error("\"options\" is " + kind(options_));
  }

  const Json& value(const char* key) const {
    if (!options_.contains(key)) throw usage_error(quoted(key) + " is missing");
    return options_[key];
  }
  std::string text(const char* key) const {
    const Json& v = value(key);
    if (!v.is_string()) throw wrong(key, "a string", v);
    return v.get<std::string>();
  }
  double number(const char* key) const {
    const Json& v = value(key);
    if (!v.is_number()) throw wrong(key, "a number", v);
    return v.get<double>();
  }
  int integer(const char* key) const {
    const Json& v = value(key);
    const bool fits = v.is_number_integer() && v.get<std::int64_t>() >= INT_MIN &&
                      v.get<std::int64_t>() <= INT_MAX;
    if (!fits) throw wrong(key, "an integer", v);
    return static_cast<int>(v.get<std::int64_t>());
  }
  bool boolean(const char* key) const {
    const Json& v = value(key);
    if (!v.is_boolean()) throw wrong(key, "true or false", v);
    return v.get<bool>();
  }
  std::vector<std::string> texts(const char* key) const {
    const Json& v = value(key);
    if (!v.is_array()) throw wrong(key, "a list of strings", v);
    std::vector<std::string> out;
    for (const Json& item : v) {
      if (!item.is_string()) throw wrong(key, "a list of strings", item);
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  // null: the option was not given.
  template <class T, class Read>
  std::optional<T> optional(const char* key, Read read) const {
    if (value(key).is_null()) return std::nullopt;
    return (this->*read)(key);
  }

 private:
  static std::string quoted(const char* key) { return std::string("\"") + key + "\""; }
  static std::string kind(const Json& v) {
    return v.is_number() ? "a number " + v.dump() : std::string(v.type_name());
  }
  static Error wrong(const char* key, const char* expected, const Json& v) {
    return usage_error(quoted(key) + " must be " + expected + ", not " + kind(v));
  }
  const Json& options_;
};

RunOptions options_from_json(const Json& j) {
  const JournalOptionsReader r(j);
  using R = JournalOptionsReader;
  RunOptions o;
  o.filter = r.optional<std::string>("filter", &R::text);
  o.suite = r.text("suite");
  o.device = r.optional<std::string>("device", &R::text);
  o.repetitions = r.optional<int>("repetitions", &R::integer);
  o.min_time_s = r.optional<double>("min_time_s", &R::number);
  o.out = r.optional<std::string>("out", &R::text);
  o.params = r.texts("params");
  o.limits.max_cv = r.number("max_cv");
  o.limits.max_tail_ratio = r.number("max_tail_ratio");
  o.isolate = r.boolean("isolate");
  o.timeout_s = r.optional<double>("timeout_s", &R::number);
  o.inject = r.optional<std::string>("inject", &R::text);
  if (j.contains("inject_rank")) o.inject_rank = r.optional<int>("inject_rank", &R::integer);
  o.baseline = r.optional<std::string>("baseline", &R::text);
  // Journals written before --node-name existed have no "node_name".
  if (j.contains("node_name")) o.node_name = r.optional<std::string>("node_name", &R::text);
  return o;
}

// The watchdog's default: generous against what the measurement should take
// (Google Benchmark runs each repetition for min-time, after a short
// iteration-count estimate; set-up and verification come on top).
double default_timeout(const RunConfig& config) {
  return 60.0 + 10.0 * config.repetitions * config.min_time_s;
}

// Suite defaults: quick is one repetition of a short measurement; full asks
// for enough repetitions to see run-to-run variance.
constexpr int kQuickRepetitions = 1;
constexpr double kQuickMinTime = 0.25;
constexpr int kFullRepetitions = 5;
constexpr double kFullMinTime = 1.0;

// The ranges of the run options, for the command line and a journal alike.
constexpr int kMostRepetitions = 1000;
constexpr Bounds kMinTimeBounds{1e-6, 3600.0};
constexpr Bounds kMaxCvBounds{0.0, 100.0};
constexpr Bounds kTailRatioBounds{1.0, 1e6};
constexpr Bounds kTimeoutBounds{0.1, 86400.0};

// Every check of the options that needs neither the machine nor the job, in
// one place: the command line's options and a journal's (--resume) pass
// through here alike. Throws a usage error naming the option.
void validate(const RunOptions& o) {
  if (o.suite != "quick" && o.suite != "full" && o.suite != "comm") {
    throw usage_error("--suite must be quick, full or comm, not '" + o.suite + "'");
  }
  if (o.repetitions) checked_integer(*o.repetitions, 1, kMostRepetitions, "--repetitions");
  if (o.min_time_s) checked_number(*o.min_time_s, kMinTimeBounds, "--min-time");
  checked_number(o.limits.max_cv, kMaxCvBounds, "--max-cv");
  checked_number(o.limits.max_tail_ratio, kTailRatioBounds, "--max-tail-ratio");
  if (o.timeout_s) checked_number(*o.timeout_s, kTimeoutBounds, "--timeout");
  if (o.inject_rank) {
    checked_integer(*o.inject_rank, 0, INT_MAX, "--inject-rank");
    if (!o.inject) throw usage_error("--inject-rank needs --inject");
  }
  if (o.inject) parse_injection(*o.inject);
  if (o.filter) NamePattern::filter(*o.filter, "--filter");
  parse_param_overrides(o.params);
  if (o.node_name) check_node_name(*o.node_name, "--node-name");
  if (o.out && o.out_dir) {
    throw usage_error(
        "--out and --out-dir cannot be given together (--out F: one file holding every node; "
        "--out-dir D: a file per node)");
  }
  if (o.out_dir && !o.per_node) throw usage_error("--out-dir needs --per-node");
  if (o.per_node) {
    if (o.format == "csv") {
      throw usage_error(
          "--format csv cannot show a --per-node run (one table per node): use --out and "
          "`accelbench export`");
    }
    if (o.baseline) {
      throw usage_error(
          "--baseline cannot be used with --per-node (which node?): compare a node's file "
          "with `accelbench compare`");
    }
  }
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
// Ends the MPI job (MPI_Finalize) however run() returns.
struct JobScope {
  Job& job = start_job();
  ~JobScope() { end_job(); }
};

// --suite comm: the benchmarks of the backends that span ranks, at quick sizes.
std::function<bool(const Definition&)> suite_filter(const RunOptions& options) {
  if (options.suite != "comm") return {};
  return [](const Definition& definition) { return backend_spans_ranks(definition.backend); };
}

// Under a multi-rank job only the benchmarks of backends that span ranks run
// (mpi, nccl; the others would run on every rank at once, disturbing each
// other); every rank must have selected the same ones.
std::vector<Instance> instances_for_job(Job& job, std::vector<Instance> instances) {
  if (job.size() > 1) {
    std::vector<Instance> kept;
    std::size_t dropped = 0;
    for (auto& instance : instances) {
      if (backend_spans_ranks(instance.definition->backend)) {
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

  if (options.node_name && parallel && !options.per_node) {
    throw usage_error(
        "--node-name under mpirun needs --per-node (a run across ranks is not one node's)");
  }
  if (options.per_node) {
    initialize_google_benchmark(argv.empty() ? "accelbench" : argv.front(), config);
    return run_per_node(job, {.config = config,
                              .injection = injection,
                              .selection = {options.filter, options.device, suite,
                                            config.param_overrides, suite_filter(options)},
                              .node_name = options.node_name,
                              .out = options.out,
                              .out_dir = options.out_dir,
                              .format = options.format,
                              .progress = options.progress,
                              .show_skipped = options.show_skipped});
  }
  // Checked on rank 0, failed on every rank: the others would otherwise wait
  // forever in the next collective call for a rank 0 that left.
  on_every_rank_or_none(job, [&] {
    if (!options.out || !writer) return;
    // Neither the results file nor its journal may replace an input.
    std::vector<std::string> baseline_input;
    if (options.baseline) baseline_input.push_back(*options.baseline);
    std::vector<std::string> inputs = baseline_input;
    if (options.resume) inputs.push_back(*options.resume);
    check_writable(*options.out, inputs);
    check_writable(journal_path_for(*options.out), baseline_input, "--out's journal");
  });
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
  record.node = options.node_name;
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
  PhaseOptions phase;
  phase.settings.limits = config.limits;
  phase.settings.injection = injection;
  phase.settings.isolate = config.isolate;
  phase.settings.timeout_s = config.timeout_s;
  if (resumed) phase.settings.recorded = resumed->records;
  phase.catalog = &catalog;
  phase.show_skipped = options.show_skipped;
  phase.progress = writer && progress_wanted(options.progress, isatty(STDERR_FILENO) != 0);
  phase.on_finish = [&](const InstanceResult& result) {
    if (journal && !(resumed && resumed->records.contains(result.instance.name))) {
      journal->append(to_record(result));
    }
  };
  PhaseResult measured = run_phase(std::move(instances), std::move(phase));
  const SuiteResult& result = measured.result;
  record.finished_at = utc_timestamp();
  record.telemetry = std::move(measured.telemetry);
  const int exit_code = overall_status(result) == Status::kOk ? 0 : 1;
  if (!writer) return exit_code;  // rank 0 reports for the job

  // The tables first: should the results file fail, what was measured is shown.
  if (options.format == "csv") print_csv_report(std::cout, result);
  if (options.format == "console") {
    print_console_report(std::cout, result, record, {.show_skipped = options.show_skipped});
  }
  std::cout.flush();
  const auto json = build_results(result, record);
  if (options.format == "json") render_json(std::cout, json);
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
                 "run only benchmarks whose name matches this regex (RE2 syntax: no "
                 "backreferences or lookaround), e.g. 'stream_(copy|triad)'");
  app.add_option("--suite", options->suite,
                 "quick (default), full, or comm (the communication benchmarks, for "
                 "mpirun -np N accelbench run --suite comm)")
      ->check(CLI::IsMember({"quick", "full", "comm"}));
  app.add_option("--device", options->device, "run only on this device, e.g. cpu:0");
  app.add_option("--repetitions", options->repetitions,
                 "repetitions of each benchmark (default: quick 1, full 5)")
      ->transform(integer_in(1, kMostRepetitions));
  app.add_option("--min-time", options->min_time_s,
                 "minimum measured seconds per repetition (default: quick 0.25, full 1)")
      ->check(number_in(kMinTimeBounds));
  app.add_option("--out", options->out, "write the results file (JSON) here");
  app.add_option("--format", options->format, "standard output: console (default), json, csv")
      ->check(CLI::IsMember({"console", "json", "csv"}));
  app.add_option("--max-cv", options->limits.max_cv,
                 "flag a benchmark unstable when the CV of its metric exceeds this (default 0.10)")
      ->check(number_in(kMaxCvBounds));
  app.add_option("--max-tail-ratio", options->limits.max_tail_ratio,
                 "flag a benchmark unstable when p99/p50 of its iteration times exceeds this "
                 "(default 2)")
      ->check(number_in(kTailRatioBounds));
  app.add_flag("--isolate", options->isolate,
               "run each benchmark in a child process: a crash or hang becomes its status");
  app.add_option("--timeout", options->timeout_s,
                 "watchdog seconds per benchmark with --isolate (default 60 + 10 x repetitions "
                 "x min-time)")
      ->check(number_in(kTimeoutBounds));
  app.add_option("--inject", options->inject,
                 "test control, off by default: bitflip:RATE, delay:MS:EVERY, hang or crash, "
                 "optionally @REGEX (hang and crash need --isolate)");
  app.add_option("--inject-rank", options->inject_rank,
                 "under MPI: inject on this rank only (test control)")
      ->transform(integer_in(0, INT_MAX));
  app.add_option("--param", options->params,
                 "override a benchmark parameter, e.g. --param array_bytes=64MiB "
                 "(repeatable)");
  app.add_option("--baseline", options->baseline,
                 "compare with this results file after the run (accelbench compare's gate, "
                 "default thresholds)");
  app.add_option("--resume", options->resume,
                 "finish an interrupted run from its journal (F.journal next to --out F)");
  app.add_flag("--per-node", options->per_node,
               "one job, every node: under mpirun or srun, the node-local suite on one rank of "
               "each node at once, then the cross-node (comm) suite on every rank; rank 0 "
               "writes every node's results (--out F or --out-dir D)");
  app.add_option("--node-name", options->node_name,
                 "name this node in the results (suite.node; default with --per-node: the host "
                 "name); 1-64 characters of A-Z a-z 0-9 . _ -");
  app.add_option("--out-dir", options->out_dir,
                 "with --per-node: write DIR/<node>.json for each node and DIR/cross-node.json "
                 "(the folder is created when missing)");
  add_progress_flags(app, options->progress, "benchmark");
  app.add_flag("--show-skipped", options->show_skipped,
               "console: also a row for each benchmark of a backend that is not available here "
               "(the results file always has them)");
  return [options, argv, &app] {
    if (!options->resume) {
      validate(*options);
      return run(*options, argv, nullptr);
    }
    for (const CLI::Option* option : app.get_options()) {
      const std::string name = option->get_name();
      const bool display = name == "--format" || name == "--progress" || name == "--quiet" ||
                           name == "--show-skipped";
      if (option->count() > 0 && name != "--resume" && !display) {
        throw usage_error("--resume takes its options from the journal; " + name +
                          " cannot be given with it");
      }
    }
    const JournalContents contents = read_journal(*options->resume);
    RunOptions resumed;
    std::vector<std::string> resumed_argv;
    try {
      if (!contents.header.contains("options")) throw usage_error("\"options\" is missing");
      resumed = options_from_json(contents.header["options"]);
      resumed_argv = JournalOptionsReader(contents.header).texts("argv");
      validate(resumed);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kUsage) throw;
      throw usage_error("--resume " + *options->resume +
                        ": the journal's options are invalid: " + e.what());
    } catch (const nlohmann::ordered_json::exception& e) {
      throw usage_error("--resume " + *options->resume + ": the journal's options are invalid: " +
                        std::string(e.what()).substr(0, 120));
    }
    resumed.format = options->format;
    resumed.progress = options->progress;
    resumed.show_skipped = options->show_skipped;
    resumed.resume = options->resume;  // an input: --out must not replace it
    return run(resumed, resumed_argv, &contents);
  };
}

}  // namespace accelbench::cli
