// `accelbench fleet`: each node's results against the fleet's, by rules.
//
// Per benchmark instance (the run name, so like is compared with like) over
// the nodes that ran it ok: the fleet median of the metric, the MAD (median
// absolute deviation), and per node the deviation in percent and the robust
// z = (x - median) / (1.4826 MAD), both signed so that negative is worse
// (for a lower-is-better metric such as ns the sign is turned). Then each
// rule (fleet_rules.h) is applied to each node; a node is defective when it
// broke a defective rule, suspect when it broke only suspect rules, healthy
// otherwise.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fleet_inputs.h"
#include "fleet_rules.h"

namespace accelbench {

// One benchmark instance across the fleet.
struct FleetInstance {
  std::string name;
  std::string benchmark;
  std::string unit;
  bool higher_is_better = true;
  std::size_t nodes = 0;  // nodes with an ok value
  double median = 0;
  double mad = 0;
  std::size_t unstable_nodes = 0;
};

// A node's value of an instance, against the fleet and the baseline.
struct NodeDeviation {
  double value = 0;
  std::optional<double> percent;   // vs the fleet median; negative = worse
  std::optional<double> robust_z;  // negative = worse; absent when MAD = 0 and x = median
  bool beyond_spread = false;      // MAD = 0 and x != median: any difference is far
  std::optional<double> baseline;  // the baseline's value
  std::optional<double> baseline_percent;
};

// Why a rule was broken: one piece of evidence (a benchmark run, a counter).
struct Evidence {
  std::string instance;  // run name, or empty for a node-wide figure
  std::string text;      // what was seen, in words with the numbers
  // The numbers, for --format json (absent when they do not apply).
  std::optional<double> value, fleet_median, deviation_percent, robust_z, baseline, counter_delta,
      share;
  std::string unit, counter;
};

struct Finding {
  std::string rule;  // the rule's name
  std::string kind;  // its kind
  Severity severity = Severity::kSuspect;
  std::vector<Evidence> evidence;
};

enum class NodeHealth { kHealthy, kSuspect, kDefective };
std::string_view health_name(NodeHealth health);

struct NodeDiagnosis {
  std::string name;
  std::string source;
  NodeHealth health = NodeHealth::kHealthy;
  std::vector<Finding> findings;
  std::size_t results = 0;  // instances the node reported
  std::size_t ok = 0;
  // Deviation per FleetDiagnosis::instances entry (absent: not run ok here).
  std::vector<std::optional<NodeDeviation>> deviations;
};

struct FleetDiagnosis {
  std::vector<FleetInstance> instances;  // by name
  std::vector<NodeDiagnosis> nodes;      // defective, then suspect, then healthy; by name
  FleetRules rules;
  std::optional<std::string> baseline;  // its file
  std::vector<std::string> cross_node_sources;
  std::vector<std::string> notes;  // evidence that could not be attributed
  std::size_t count(NodeHealth health) const;
  int exit_code() const { return count(NodeHealth::kDefective) > 0 ? 1 : 0; }
};

// A baseline: the reference value of each instance (a results document).
struct Baseline {
  std::string source;
  std::map<std::string, InstanceFacts> instances;  // by run name, ok ones with a value
};
Baseline read_baseline(const std::string& path);

FleetDiagnosis diagnose_fleet(FleetInputs inputs, const FleetRules& rules,
                              const std::optional<Baseline>& baseline);

}  // namespace accelbench
