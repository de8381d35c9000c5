// A fleet rules file (accelbench fleet --rules), as JSON and as YAML: the
// parser, the YAML-to-JSON conversion with its bounds (depth, aliases), the
// checks of every rule, and the rules written back out.
#include <accelbench/error.h>

#include "fleet_rules.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = accelbench::fuzz::as_text(data, size);
  for (bool yaml : {false, true}) {
    try {
      const accelbench::FleetRules rules = accelbench::parse_fleet_rules(text, yaml, "rules");
      // What parses must print and parse back to the same rules.
      const auto json = accelbench::fleet_rules_json(rules);
      const auto again = accelbench::parse_fleet_rules(json.dump(), false, "again");
      if (accelbench::fleet_rules_json(again) != json) __builtin_trap();
    } catch (const accelbench::Error&) {
    }
  }
  return 0;
}
