#include "per_node_run.h"

#include <accelbench/error.h>
#include <accelbench/json_parse.h>
#include <accelbench/thread_affinity.h>
#include <accelbench/topology.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <sstream>

#include "atomic_file.h"
#include "console_table.h"
#include "job_agreement.h"
#include "node_plan.h"
#include "per_node_files.h"
#include "suite_phase.h"
#include "table.h"
#include "text_report.h"

namespace accelbench::cli {
namespace {

using Json = nlohmann::ordered_json;

std::vector<std::string> names_of(const std::vector<Instance>& instances) {
  std::vector<std::string> names;
  for (const auto& instance : instances) names.push_back(instance.name);
  return names;
}

std::string rank_list(const std::vector<int>& ranks) {
  std::string out;
  for (int r : ranks) out += (out.empty() ? "" : ", ") + std::to_string(r);
  return out;
}

// --out-dir: created when missing; every file the run will write must be
// writable there (checked before anything runs).
void check_folder(const std::string& folder, const std::vector<std::string>& names) {
  namespace fs = std::filesystem;
  if (folder.empty()) throw usage_error("--out-dir: empty path");
  std::error_code error;
  if (fs::exists(folder, error) && !fs::is_directory(folder, error)) {
    throw usage_error("--out-dir " + folder + ": is not a folder");
  }
  fs::create_directories(folder, error);
  if (!fs::is_directory(folder)) {
    throw usage_error("--out-dir " + folder + ": cannot create the folder (" +
                      (error ? error.message() : std::string("unknown reason")) + ")");
  }
  for (const auto& name : names) check_writable(fs::path(folder) / name, {}, "--out-dir");
}

struct Measured {
  SuiteResult result;
  SuiteRecord record;
};

Measured run_part(const PerNodeRun& run, std::vector<Instance> instances, SuiteRecord record,
                  bool progress) {
  PhaseOptions phase;
  phase.settings.limits = run.config.limits;
  phase.settings.injection = run.injection;
  phase.settings.isolate = run.config.isolate;
  phase.settings.timeout_s = run.config.timeout_s;
  phase.catalog = &record.catalog;
  phase.show_skipped = run.show_skipped;
  phase.progress = progress;
  record.run_id = new_run_id();
  record.started_at = utc_timestamp();
  PhaseResult measured = run_phase(std::move(instances), std::move(phase));
  record.finished_at = utc_timestamp();
  record.telemetry = std::move(measured.telemetry);
  return {std::move(measured.result), std::move(record)};
}

// The console tables of one phase; a phase that selected nothing says so.
std::string console_text(const PerNodeRun& run, const Measured& m, const char* part) {
  if (run.format != "console") return {};
  if (m.result.instances.empty()) return std::string("# nothing ") + part + " was selected\n";
  std::ostringstream text;
  print_console_report(text, m.result, m.record, {.show_skipped = run.show_skipped});
  return text.str();
}

}  // namespace

int run_per_node(Job& job, const PerNodeRun& run) {
  const bool parallel = launcher_variable().has_value();
  const bool writer = job.rank() == 0;
  const bool progress = writer && progress_wanted(run.progress, isatty(STDERR_FILENO) != 0);

  std::string own_node;
  on_every_rank_or_none(job, [&] {
    own_node = run.node_name.value_or(hostname());
    check_node_name(own_node, run.node_name ? "--node-name" : "the host name");
  });
  const NodePlan plan = plan_nodes(job.all_gather(own_node));

  const DeviceCatalog catalog = enumerate_devices();  // collective under MPI (mpi:0)
  std::vector<Instance> node_local;
  std::vector<Instance> cross_node;
  on_every_rank_or_none(job, [&] {
    for (auto& instance : select_instances(catalog, run.selection)) {
      auto& part = backend_spans_ranks(instance.definition->backend) ? cross_node : node_local;
      part.push_back(std::move(instance));
    }
    if (!parallel && !cross_node.empty()) {
      if (node_local.empty()) {
        throw usage_error(
            "--per-node without mpirun is one node: only node-local benchmarks run, and "
            "none is selected");
      }
      std::cerr << "accelbench: --per-node without mpirun is one node: " << cross_node.size()
                << " cross-node benchmark(s) left out (run under mpirun for them)\n";
      cross_node.clear();
    }
  });
  // Phase 2 runs on every rank together: the same benchmarks everywhere.
  if (!job.all_equal(selection_digest(names_of(cross_node)))) {
    throw failure(
        "the ranks of this job selected different cross-node benchmarks (different builds, "
        "devices or options per rank?)");
  }
  check_node_agreement(plan, job.all_gather(selection_digest(names_of(node_local))));

  on_every_rank_or_none(job, [&] {
    if (!writer) return;
    if (run.out) check_writable(*run.out);
    if (run.out_dir) {
      check_folder(*run.out_dir, folder_file_names(plan.nodes, parallel && !cross_node.empty()));
    }
  });

  SuiteRecord base;
  base.config = run.config;
  base.topology = host_topology().to_json();

  // Phase 1: the node-local suite, on each node's first rank, all nodes at once.
  int exit_code = 0;
  std::string node_payload;
  if (plan.runs_node_suite(job.rank())) {
    if (progress) {
      std::cerr << "# phase 1: the node-local suite on " << plan.nodes.size()
                << " node(s) at once; progress of node " << own_node << '\n';
    }
    SuiteRecord record = base;
    record.catalog = node_local_part(catalog);
    record.fingerprint = make_fingerprint(record.catalog.devices);
    record.node = own_node;
    // The node-local benchmarks bind the calling thread (and OpenMP's) to
    // cores of their choice and leave it there; the cross-node phase must run
    // where the launcher put the rank (two ranks of one host left on the same
    // core made an 0.5 us barrier take 5 ms).
    const ThreadAffinityRestore affinity;
    const Measured m = run_part(run, std::move(node_local), std::move(record), progress);
    if (overall_status(m.result) != Status::kOk) exit_code = 1;
    node_payload = Json{{"document", build_results(m.result, m.record)},
                        {"console", console_text(run, m, "node-local")}}
                       .dump();
  }
  // The nodes finish phase 1 at different times: wait without a watchdog
  // (nothing is measured while waiting) and without spinning.
  job.wait_for_all();
  // Rank 0 takes the node documents one at a time: under --out-dir each is
  // written as it arrives and dropped (a fleet's documents need not fit in
  // rank 0's memory together), and what phase 1 measured is kept should
  // phase 2 fail. A failure here is every rank's, after the gathering.
  const bool keep_documents = run.out || run.format == "json";
  std::vector<Json> node_documents;
  std::size_t files_written = 0;
  std::optional<Error> gathering_error;
  job.gather_each(node_payload, [&](int rank, std::string text) {
    if (text.empty() || gathering_error) return;
    try {
      Json payload = parse_json(text, "rank " + std::to_string(rank) + "'s node results");
      text.clear();
      const std::string& node = plan.rank_nodes[static_cast<std::size_t>(rank)];
      if (payload["document"]["suite"]["status"] != "ok") exit_code = 1;
      if (run.format == "console") {
        std::cout << "\n=== node " << node << " (rank(s) " << rank_list(plan.ranks_of(node))
                  << "; its node-local suite ran on rank " << rank << ") ===\n"
                  << payload["console"].get<std::string>();
      }
      if (run.out_dir) {
        write_file_atomically(node_file_path(*run.out_dir, payload["document"]),
                              payload["document"].dump(2) + "\n");
        ++files_written;
      }
      if (keep_documents) node_documents.push_back(std::move(payload["document"]));
    } catch (const Error& e) {
      gathering_error = e;
    }
  });
  on_every_rank_or_none(job, [&] {
    if (gathering_error) throw *gathering_error;
  });
  std::cout.flush();

  // Phase 2: the cross-node suite, on every rank together.
  std::optional<Json> cross_document;
  if (parallel) {
    if (progress) {
      std::cerr << "# phase 2: the cross-node suite on " << job.size() << " rank(s) of "
                << plan.nodes.size() << " node(s)\n";
    }
    SuiteRecord record = base;
    record.catalog = catalog;
    record.fingerprint = make_fingerprint(catalog.devices);
    record.fleet = cross_node_fleet(plan.nodes, plan.rank_nodes);
    const Measured m = run_part(run, std::move(cross_node), std::move(record), progress);
    if (overall_status(m.result) != Status::kOk) exit_code = 1;
    if (writer) {
      if (run.format == "console") {
        std::cout << "\n=== cross-node: " << job.size() << " rank(s) on " << plan.nodes.size()
                  << " node(s) ===\n"
                  << console_text(run, m, "cross-node");
      }
      cross_document = build_results(m.result, m.record);
    }
  }
  if (!writer) return exit_code;  // rank 0 reports for the job
  std::cout.flush();

  if (run.format == "json") render_json(std::cout, single_document(cross_document, node_documents));
  if (run.out) {
    write_file_atomically(
        *run.out,
        single_document(std::move(cross_document), std::move(node_documents)).dump(2) + "\n");
    if (run.format == "console") std::cout << "# results written to " << *run.out << '\n';
  }
  if (run.out_dir) {
    if (cross_document && has_cross_node_results(*cross_document)) {
      write_file_atomically(std::filesystem::path(*run.out_dir) / kCrossNodeFileName,
                            cross_document->dump(2) + "\n");
      ++files_written;
    }
    if (run.format == "console") {
      std::cout << "# " << files_written << " results file(s) written to " << *run.out_dir << '\n';
    }
  }
  return exit_code;
}

}  // namespace accelbench::cli
