// The rules `accelbench fleet` judges each node by, and the rules file that
// replaces the default set (JSON or YAML; README.md "Fleet", and
// results/examples/fleet-rules.example.json, which is the default set).
//
//   {"rules": [{"rule": "below_fleet_median", "severity": "defective",
//               "percent": 25, "min_robust_z": 3.5, "min_nodes": 3}, ...]}
//
// Each entry names its kind (`rule`), its `severity` (suspect or defective),
// optionally a `name` to show, and the thresholds its kind takes. Unknown
// keys, wrong types and numbers out of range are usage errors naming the key.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace accelbench {

enum class Severity { kSuspect, kDefective };
std::string_view severity_name(Severity severity);

enum class RuleKind {
  kBelowFleetMedian,  // worse than the fleet median by percent, and by min_robust_z
  kBelowBaseline,     // worse than the baseline file's value by percent
  kUnstable,          // flagged unstable where most of the fleet is stable
  kVerification,      // mismatches, invalid
  kStatus,            // failed, crashed, timeout (statuses)
  kCounterDelta,      // a telemetry error counter moved during a run
  kThrottleShare,     // share of telemetry samples with a slowdown reason
  kStragglers,        // a rank of this node last in a collective's iterations
};
std::string_view rule_kind_name(RuleKind kind);

struct FleetRule {
  RuleKind kind = RuleKind::kBelowFleetMedian;
  std::string name;  // shown; the kind's name unless the file gives one (1-64 of [A-Za-z0-9_.-])
  Severity severity = Severity::kSuspect;
  double percent = 25;                // below_fleet_median, below_baseline
  double min_robust_z = 3.5;          // below_fleet_median: |robust z| at least this too
  std::size_t min_nodes = 3;          // below_fleet_median: nodes that ran the instance
  double max_fleet_share = 0.5;       // unstable: only where at most this share of nodes is
  std::size_t min_results = 1;        // unstable, verification, status, stragglers: results needed
  std::vector<std::string> statuses;  // status
  std::vector<std::string> counters;  // counter_delta (fleet_inputs.h known_counters)
  double min_delta = 1;               // counter_delta: summed over the node's runs
  double max_share = 0.25;            // throttle_share: above this share
  double min_last_fraction = 0.5;     // stragglers: last in at least this share of iterations
};

struct FleetRules {
  std::vector<FleetRule> rules;
  std::string source = "default";  // the rules file, or "default"
};

// The documented default set (README.md, results/examples/fleet-rules.example.json).
FleetRules default_fleet_rules();

// Parses a rules document (JSON text, or YAML when `yaml`). `source` names
// it in errors. Throws a usage error.
FleetRules parse_fleet_rules(std::string_view text, bool yaml, const std::string& source);

// Reads a rules file: YAML when it ends in .yaml or .yml, else JSON.
FleetRules read_fleet_rules(const std::string& path);

// The rules as a rules document (what --format json shows, and a file
// parse_fleet_rules reads back).
nlohmann::ordered_json fleet_rules_json(const FleetRules& rules);

}  // namespace accelbench
