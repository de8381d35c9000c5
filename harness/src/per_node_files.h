// The files of `accelbench run --per-node` (the fleet interface, README "One
// job, every node"): each node's results as a node document (an ordinary
// results document with suite.node), and the cross-node phase as the
// cross-node document (suite.fleet: role, nodes, rank_nodes), written by
// rank 0 either as one file (--out F: the cross-node document holding the
// node documents in suite.nodes) or as a folder (--out-dir D: D/<node>.json
// and D/cross-node.json).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace accelbench {

inline constexpr const char* kCrossNodeFileName = "cross-node.json";

// suite.fleet of the cross-node document: the nodes sorted, the node of each rank.
nlohmann::ordered_json cross_node_fleet(const std::vector<std::string>& nodes,
                                        const std::vector<std::string>& rank_nodes);

// What --out F and --format json hold: the cross-node document with
// suite.nodes (the node documents, sorted by node), or, when the run had no
// cross-node phase (no MPI job), the one node document itself.
nlohmann::ordered_json single_document(std::optional<nlohmann::ordered_json> cross_node,
                                       std::vector<nlohmann::ordered_json> nodes);

// The names --out-dir writes: <node>.json for each node, and cross-node.json
// when `cross_node_file`. Throws a usage error when a node is named so that
// its file would be the cross-node document's.
std::vector<std::string> folder_file_names(const std::vector<std::string>& nodes,
                                           bool cross_node_file);

// Where --out-dir FOLDER keeps a node document: FOLDER/<suite.node>.json.
std::filesystem::path node_file_path(const std::filesystem::path& folder,
                                     const nlohmann::ordered_json& node_document);

// Whether the cross-node document holds anything worth a file of its own
// (FOLDER/cross-node.json).
bool has_cross_node_results(const nlohmann::ordered_json& cross_node);

}  // namespace accelbench
