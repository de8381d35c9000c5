#include "per_node_files.h"

#include <accelbench/error.h>

#include <algorithm>

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

const std::string& node_of(const Json& document) {
  return document.at("suite").at("node").get_ref<const std::string&>();
}

void sort_by_node(std::vector<Json>& nodes) {
  std::sort(nodes.begin(), nodes.end(),
            [](const Json& a, const Json& b) { return node_of(a) < node_of(b); });
}

}  // namespace

Json cross_node_fleet(const std::vector<std::string>& nodes,
                      const std::vector<std::string>& rank_nodes) {
  std::vector<std::string> sorted = nodes;
  std::sort(sorted.begin(), sorted.end());
  return {{"role", "cross-node"}, {"nodes", sorted}, {"rank_nodes", rank_nodes}};
}

Json single_document(std::optional<Json> cross_node, std::vector<Json> nodes) {
  if (!cross_node) {
    if (nodes.size() != 1) {
      throw std::logic_error("a run without a cross-node phase has one node, not " +
                             std::to_string(nodes.size()));
    }
    return std::move(nodes.front());
  }
  sort_by_node(nodes);
  Json out = std::move(*cross_node);
  out["suite"]["nodes"] = std::move(nodes);
  return out;
}

std::vector<std::string> folder_file_names(const std::vector<std::string>& nodes,
                                           bool cross_node_file) {
  std::vector<std::string> names;
  for (const auto& node : nodes) {
    names.push_back(node + ".json");
    if (cross_node_file && names.back() == kCrossNodeFileName) {
      throw usage_error("--out-dir: the node named '" + node +
                        "' would overwrite the cross-node document " + kCrossNodeFileName +
                        " (give the node another --node-name)");
    }
  }
  if (cross_node_file) names.push_back(kCrossNodeFileName);
  return names;
}

bool has_cross_node_results(const Json& cross_node) {
  return !cross_node.at("suite").at("results").empty();
}

std::filesystem::path node_file_path(const std::filesystem::path& folder,
                                     const Json& node_document) {
  return folder / (node_of(node_document) + ".json");
}

}  // namespace accelbench
