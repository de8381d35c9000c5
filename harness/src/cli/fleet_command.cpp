#include <accelbench/error.h>

#include <iostream>
#include <sstream>

#include "atomic_file.h"
#include "commands.h"
#include "fleet.h"
#include "fleet_output.h"

namespace accelbench::cli {
namespace {

struct FleetArgs {
  std::vector<std::string> inputs;
  std::optional<std::string> rules;
  std::optional<std::string> baseline;
  std::string format = "text";
  std::optional<std::string> out;
};

// "fleet: 2 defective node(s): node03, node07".
std::string defective_line(const FleetDiagnosis& d) {
  std::string names;
  for (const auto& node : d.nodes) {
    if (node.health == NodeHealth::kDefective) names += (names.empty() ? "" : ", ") + node.name;
  }
  return "fleet: " + std::to_string(d.count(NodeHealth::kDefective)) +
         " defective node(s): " + names;
}

}  // namespace

Command add_fleet_command(CLI::App& app) {
  auto args = std::make_shared<FleetArgs>();
  app.add_option("INPUTS", args->inputs,
                 "node documents, cross-node documents, fleet files, or folders of them")
      ->required();
  app.add_option("--rules", args->rules,
                 "rules file (JSON, or YAML ending in .yaml/.yml) replacing the default rules");
  app.add_option("--baseline", args->baseline,
                 "a results file whose values are the reference of the below_baseline rules");
  app.add_option("--format", args->format, "text (default), markdown or json")
      ->check(CLI::IsMember({"text", "markdown", "json"}));
  app.add_option("--out", args->out, "also write the diagnosis here (in --format)");
  return [args] {
    if (args->out) {
      std::vector<std::string> inputs = args->inputs;
      if (args->rules) inputs.push_back(*args->rules);
      if (args->baseline) inputs.push_back(*args->baseline);
      check_writable(*args->out, inputs);
    }
    const FleetRules rules = args->rules ? read_fleet_rules(*args->rules) : default_fleet_rules();
    std::optional<Baseline> baseline;
    if (args->baseline) baseline = read_baseline(*args->baseline);
    const FleetDiagnosis diagnosis =
        diagnose_fleet(read_fleet_inputs(args->inputs), rules, baseline);
    std::ostringstream text;
    print_fleet(text, diagnosis, args->format);
    std::cout << text.str();
    if (args->out) write_file_atomically(*args->out, text.str());
    // The diagnosis is out; the reason for exit 1 goes to stderr as one line.
    if (diagnosis.exit_code() != 0) throw failure(defective_line(diagnosis));
    return 0;
  };
}

}  // namespace accelbench::cli
