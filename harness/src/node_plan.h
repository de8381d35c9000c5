// How `accelbench run --per-node` spreads one job over its nodes: the ranks
// group into nodes by node name (--node-name, or the host name), the first
// rank of each node runs the node-local suite (phase 1) while the node's
// other ranks wait, and every rank of a node must have selected the same
// node-local benchmarks. Pure functions of what every rank all-gathered, so
// every rank reaches the same plan and the same error.
#pragma once

#include <string>
#include <vector>

namespace accelbench {

// Whether `name` may name a node: 1-64 characters of [A-Za-z0-9._-] (it
// becomes a file name under --out-dir).
bool valid_node_name(const std::string& name);

// Throws a usage error naming `source` ("--node-name", "the host name")
// unless valid_node_name(name).
void check_node_name(const std::string& name, const std::string& source);

struct NodePlan {
  std::vector<std::string> rank_nodes;  // the node of rank 0, rank 1, ...
  std::vector<std::string> nodes;       // sorted, each once
  std::vector<int> first_ranks;         // of each node, in the order of `nodes`

  // Whether `rank` is the first rank of its node (it runs phase 1).
  bool runs_node_suite(int rank) const;
  // The ranks of `node`, in rank order.
  std::vector<int> ranks_of(const std::string& node) const;
};

// The plan for a job whose rank r named its node rank_nodes[r]. Throws a
// failure when rank_nodes is empty.
NodePlan plan_nodes(const std::vector<std::string>& rank_nodes);

// "17 benchmarks, digest 3f2a…": what a rank selected for phase 1, short
// enough to all-gather from thousands of ranks.
std::string selection_digest(const std::vector<std::string>& instance_names);

// Throws a failure naming the node and its ranks when the ranks of one node
// passed different `rank_selections` (one per rank, e.g. selection_digest).
void check_node_agreement(const NodePlan& plan, const std::vector<std::string>& rank_selections);

}  // namespace accelbench
