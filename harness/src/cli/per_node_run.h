// `accelbench run --per-node`: one job, every node. Under an MPI job the
// ranks group into nodes by node name; phase 1 runs the node-local suite
// (the benchmarks of the backends that do not span ranks) on the first rank
// of every node at once, the node's other ranks waiting; phase 2 runs the
// cross-node suite (comm: the backends that span ranks) on every rank.
// Rank 0 gathers every node's results document and writes them
// (per_node_files.h). Without MPI the run is one node.
#pragma once

#include <accelbench/job.h>

#include <optional>
#include <string>

#include "fault_injection.h"
#include "progress.h"
#include "results_file.h"
#include "selection.h"

namespace accelbench::cli {

struct PerNodeRun {
  RunConfig config;
  Injection injection;
  SelectionRequest selection;
  std::optional<std::string> node_name;  // default: the host name
  std::optional<std::string> out;        // one file
  std::optional<std::string> out_dir;    // a file per node
  std::string format = "console";        // console or json
  ProgressMode progress = ProgressMode::kAuto;
  bool show_skipped = false;
};

// The exit code: 0, or 1 when any node or the cross-node phase has a failed
// or invalid result. Throws a usage error for bad input, on every rank.
int run_per_node(Job& job, const PerNodeRun& run);

}  // namespace accelbench::cli
