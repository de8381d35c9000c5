#include <accelbench/benchmark.h>
#include <accelbench/error.h>

#include <iostream>

#include "commands.h"
#include "name_pattern.h"
#include "selection.h"
#include "table.h"
#include "text_report.h"

namespace accelbench::cli {
namespace {

struct ListOptions {
  std::optional<std::string> filter;
  std::string suite = "quick";
  bool json = false;
};

// What the benchmark's spec adds for `list --json`: compare class, counting
// convention and the sweep's parameters.
void add_spec(nlohmann::ordered_json& entry, const Definition& definition) {
  entry["compare_class"] = compare_class_name(definition.spec->compare_class);
  entry["convention"] = definition.spec->convention;
  entry["parameters"] = definition.spec->parameters;
}

int list(const ListOptions& options) {
  const Suite suite = options.suite == "full" ? Suite::kFull : Suite::kQuick;
  const DeviceCatalog catalog = enumerate_devices();
  std::optional<NamePattern> filter;
  if (options.filter) filter = NamePattern::filter(*options.filter, "--filter");

  nlohmann::ordered_json entries = nlohmann::ordered_json::array();
  for (const auto& definition : Registry::instance().all()) {
    bool has_device = false;
    for (const auto& device : catalog.devices) {
      if (device.backend != definition.backend) continue;
      has_device = true;
      for (const auto& params : definition.instances(device, suite)) {
        const std::string name = instance_name(definition, device, params);
        if (filter && !filter->found_in(name)) continue;
        entries.push_back({{"name", name},
                           {"benchmark", definition.id},
                           {"device", device.id},
                           {"claim", claim_name(definition.claim)},
                           {"metric", metric_unit(definition.metric)},
                           {"available", true},
                           {"summary", definition.summary},
                           {"source", Registry::instance().source(definition)}});
        add_spec(entries.back(), definition);
      }
    }
    if (!has_device && (!filter || filter->found_in(definition.id))) {
      std::string reason = "no " + definition.backend + " device here";
      for (const auto& u : catalog.unavailable) {
        if (u.backend == definition.backend) reason = u.reason;
      }
      entries.push_back({{"name", definition.id},
                         {"benchmark", definition.id},
                         {"device", definition.backend},
                         {"claim", claim_name(definition.claim)},
                         {"metric", metric_unit(definition.metric)},
                         {"available", false},
                         {"reason", reason},
                         {"source", Registry::instance().source(definition)}});
      add_spec(entries.back(), definition);
    }
  }
  // As for run: a filter that matches nothing is a mistake, not an empty list.
  if (options.filter && entries.empty()) {
    throw usage_error("no benchmark matches --filter '" + *options.filter +
                      "' (see accelbench list)");
  }

  if (options.json) {
    render_json(std::cout,
                nlohmann::ordered_json{{"benchmarks", entries},
                                       {"unavailable_backends", unavailable_json(catalog)}});
    return 0;
  }
  print_device_lines(std::cout, catalog);
  Table table{{{"name", {}, 0, ""}, {"kind"}, {"summary"}}, {}};
  for (const auto& e : entries) {
    table.rows.push_back(
        {e["name"].get<std::string>(),
         "[" + e["claim"].get<std::string>() + ", " + e["metric"].get<std::string>() + "]",
         e["available"].get<bool>() ? e["summary"].get<std::string>()
                                    : "unavailable: " + e["reason"].get<std::string>()});
  }
  render_text(std::cout, table, {.header = false});
  return 0;
}

}  // namespace

Command add_list_command(CLI::App& app) {
  auto options = std::make_shared<ListOptions>();
  app.add_option("--filter", options->filter, "list only names matching this regex (RE2 syntax)");
  app.add_option("--suite", options->suite, "quick (default) or full")
      ->check(CLI::IsMember({"quick", "full"}));
  app.add_flag("--json", options->json, "print the list as JSON");
  return [options] { return list(*options); };
}

}  // namespace accelbench::cli
