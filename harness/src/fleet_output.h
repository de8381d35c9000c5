// The fleet diagnosis in three forms: text for a terminal, markdown for an
// issue or a CI summary, JSON for tools (and the HTML report's fleet
// section). The same content in each: every node with its health, each rule
// it broke with the evidence; defective nodes first.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "fleet.h"

namespace accelbench {

// {"summary", "rules", "baseline", "nodes": [{"node", "source", "health",
// "findings": [{"rule", "kind", "severity", "evidence": [...]}],
// "deviation_percent": [per instance, null where not run]}], "instances": [...]}
nlohmann::ordered_json fleet_json(const FleetDiagnosis& diagnosis);

// `format`: text, markdown or json.
void print_fleet(std::ostream& out, const FleetDiagnosis& diagnosis, const std::string& format);

// "fleet: 2 defective, 1 suspect, 7 healthy of 10 nodes".
std::string fleet_summary(const FleetDiagnosis& diagnosis);

}  // namespace accelbench
