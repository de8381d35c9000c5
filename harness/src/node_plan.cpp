#include "node_plan.h"

#include <accelbench/error.h>

#include <algorithm>

#include "fingerprint.h"

namespace accelbench {
namespace {

constexpr std::size_t kMostNodeNameChars = 64;

std::string rank_list(const std::vector<int>& ranks) {
  std::string out;
  for (int r : ranks) out += (out.empty() ? "" : ", ") + std::to_string(r);
  return out;
}

}  // namespace

bool valid_node_name(const std::string& name) {
  if (name.empty() || name.size() > kMostNodeNameChars) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

void check_node_name(const std::string& name, const std::string& source) {
  if (valid_node_name(name)) return;
  throw usage_error(source + " '" + name.substr(0, 100) +
                    "' cannot name a node: use 1-64 characters of A-Z, a-z, 0-9, '.', '_' "
                    "and '-'" +
                    (source == "--node-name" ? "" : " (give --node-name)"));
}

bool NodePlan::runs_node_suite(int rank) const {
  return std::find(first_ranks.begin(), first_ranks.end(), rank) != first_ranks.end();
}

std::vector<int> NodePlan::ranks_of(const std::string& node) const {
  std::vector<int> ranks;
  for (std::size_t r = 0; r < rank_nodes.size(); ++r) {
    if (rank_nodes[r] == node) ranks.push_back(static_cast<int>(r));
  }
  return ranks;
}

NodePlan plan_nodes(const std::vector<std::string>& rank_nodes) {
  if (rank_nodes.empty()) throw failure("a job of no ranks has no nodes");
  NodePlan plan;
  plan.rank_nodes = rank_nodes;
  plan.nodes = rank_nodes;
  std::sort(plan.nodes.begin(), plan.nodes.end());
  plan.nodes.erase(std::unique(plan.nodes.begin(), plan.nodes.end()), plan.nodes.end());
  for (const auto& node : plan.nodes) {
    const auto first = std::find(rank_nodes.begin(), rank_nodes.end(), node);
    plan.first_ranks.push_back(static_cast<int>(first - rank_nodes.begin()));
  }
  return plan;
}

std::string selection_digest(const std::vector<std::string>& instance_names) {
  std::string all;
  for (const auto& name : instance_names) all += name + "\n";
  return std::to_string(instance_names.size()) + " benchmark(s), digest " + fnv1a64_hex(all);
}

void check_node_agreement(const NodePlan& plan, const std::vector<std::string>& rank_selections) {
  if (rank_selections.size() != plan.rank_nodes.size()) {
    throw failure("node agreement: " + std::to_string(rank_selections.size()) + " selections for " +
                  std::to_string(plan.rank_nodes.size()) + " ranks");
  }
  for (std::size_t n = 0; n < plan.nodes.size(); ++n) {
    const auto first = static_cast<std::size_t>(plan.first_ranks[n]);
    std::vector<int> differing;
    for (int r : plan.ranks_of(plan.nodes[n])) {
      if (rank_selections[static_cast<std::size_t>(r)] != rank_selections[first]) {
        differing.push_back(r);
      }
    }
    if (differing.empty()) continue;
    const auto shown = static_cast<std::size_t>(differing.front());
    throw failure("the ranks of node " + plan.nodes[n] +
                  " selected different node-local benchmarks (different devices, builds or "
                  "options per rank?): its first rank " +
                  std::to_string(first) + " selected " + rank_selections[first] + ", rank(s) " +
                  rank_list(differing) + " differ (rank " + std::to_string(shown) + ": " +
                  rank_selections[shown] + ")");
  }
}

}  // namespace accelbench
