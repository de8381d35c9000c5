// The inputs of `accelbench fleet`: node documents, cross-node documents and
// fleet files (suite.nodes), given as files or folders of *.json files
// (docs: README.md, "Fleet"). Each file is read through the strict loader
// (json_input.h: bounded parsing, the results shape, sample times) and only
// what the diagnosis needs is kept of it: a node's per-instance facts, its
// telemetry counters and throttling, the straggler ranks of its collectives.
// The document itself is dropped as soon as it is summarized, so a fleet of
// a thousand nodes costs a few summaries in memory, not a thousand DOMs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace accelbench {

// One benchmark instance as one node ran it.
struct InstanceFacts {
  std::string name;       // the run name: benchmark/device/params, compared like with like
  std::string benchmark;  // the benchmark id (group/name)
  std::string status;     // ok, skipped, failed, invalid, timeout, crashed
  std::string reason;     // why, when not ok
  std::string unit;
  bool higher_is_better = true;
  std::optional<double> value;  // the metric: median of the instance's samples (ok runs)
  bool unstable = false;
  std::string unstable_reasons;  // joined by "; "
  std::uint64_t mismatches = 0;
  bool verification_failed = false;  // outcome "failed" or mismatches > 0
};

// A telemetry counter (ECC, remapped rows, PCIe and NVLink errors) over a
// node's benchmark runs: the sum of after - before of each run.
struct CounterDelta {
  std::string reading;  // "nvml.gpu0.ecc_corrected"
  std::string counter;  // its kind: "ecc_corrected"
  double delta = 0;
  std::size_t runs = 0;          // runs in which it moved
  std::string largest_instance;  // the run in which it moved most
  double largest_delta = 0;
};

// The counter kinds `fleet` knows (the last part of a reading's name).
const std::vector<std::string>& known_counters();

// The clock-event (throttle) reason bits that mean a slowdown: NVML's SW power
// cap 0x4, HW slowdown 0x8, SW thermal 0x20, HW thermal 0x40, power brake 0x80
// (not idle 0x1, application clocks 0x2, sync boost 0x10, display 0x100).
inline constexpr std::uint64_t kThrottleReasonBits = 0x4 | 0x8 | 0x20 | 0x40 | 0x80;

struct NodeRecord {
  std::string name;
  std::string source;  // the file, or "FILE suite.nodes[2]"
  std::vector<InstanceFacts> instances;
  std::vector<CounterDelta> counters;  // readings that moved, by reading name
  // Telemetry samples of the node's runs, and those taken in runs whose
  // clock-event reasons had a slowdown bit.
  std::size_t telemetry_samples = 0;
  std::size_t throttled_samples = 0;
  std::string throttled_example;  // a run that throttled, and its reasons
};

// A rank of a collective in a cross-node document, attributed to a node.
struct StragglerFact {
  std::string source;    // the cross-node document
  std::string instance;  // the collective's run name
  int rank = 0;
  std::string node;          // from suite.fleet.rank_nodes, else the rank's host
  double last_fraction = 0;  // share of iterations it was last by more than 10%
  bool persistent = false;   // the run named it its persistent straggler
};

struct FleetInputs {
  std::vector<NodeRecord> nodes;  // in the order given (folders: by file name)
  std::vector<StragglerFact> stragglers;
  std::vector<std::string> cross_node_sources;
};

// Reads files and folders (a folder: its *.json files, not recursive).
// Throws a usage error for an unreadable or malformed input, a folder without
// *.json files, a node name given twice (naming both files), or no node at all.
FleetInputs read_fleet_inputs(const std::vector<std::string>& paths);

// A document already read and checked (the report's inputs).
struct DocumentInput {
  std::string source;
  const nlohmann::ordered_json* document;
};

// The fleet among documents already read: its node documents (those with
// suite.node), fleet files and cross-node documents; nothing when they name
// fewer than two nodes. Throws a usage error like read_fleet_inputs.
std::optional<FleetInputs> named_fleet_of(const std::vector<DocumentInput>& documents);

// The summary of one node document already parsed and checked.
NodeRecord summarize_node(const nlohmann::ordered_json& document, const std::string& source,
                          const std::string& name);

// The node name of a document: suite.node when present (checked: 1-64 of
// [A-Za-z0-9._-]), else `fallback`.
std::string node_name_of(const nlohmann::ordered_json& document, const std::string& source,
                         const std::string& fallback);

}  // namespace accelbench
