#include <accelbench/topology.h>

#include <iostream>

#include "commands.h"
#include "fingerprint.h"
#include "selection.h"
#include "table.h"
#include "text_report.h"
#include "units.h"

namespace accelbench::cli {
namespace {

using Json = nlohmann::ordered_json;

std::string text_of(const Json& value) {
  if (value.is_null()) return "not exposed";
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

// Label and value: labels padded to one width, so the values line up.
Table facts_table() { return Table{{{"", {}, 11, ""}, {"", {}, 0, " "}}, {}}; }

void print_text(const Fingerprint& f, const Json& topology, const DeviceCatalog& catalog) {
  const Json& info = f.info;
  Table facts = facts_table();
  const auto fact = [&](const char* label, std::string value) {
    facts.rows.push_back({label, std::move(value)});
  };
  fact("host", text_of(info["hostname"]));
  fact("os", text_of(info["os"]));
  fact("kernel", text_of(info["kernel"]));
  fact("cpu", text_of(f.identity["cpu_model"]) + " (" + text_of(f.identity["architecture"]) + ")");
  fact("topology", topology["packages"].dump() + " package(s), " + topology["cores"].dump() +
                       " cores, " + topology["pus"].dump() + " PUs (" +
                       text_of(topology["source"]) + ")");
  for (const auto& node : topology["numa_nodes"]) {
    fact("numa node", node["os_index"].dump() + ": " +
                          format_bytes(node["local_memory_bytes"].get<double>()) + ", " +
                          node["pus"].dump() + " PUs");
  }
  const Json& meminfo = info["memory"]["meminfo_total_bytes"];
  if (!meminfo.is_null()) {
    fact("memory", format_bytes(meminfo.get<double>()) +
                       " (kernel MemTotal; hwloc's NUMA figure above may differ)");
  }
  for (const auto& cache : topology["caches"]) {
    fact("cache", text_of(cache["name"]) + " " + format_bytes(cache["size_bytes"].get<double>()) +
                      " x" + cache["count"].dump() + ", line " + cache["line_bytes"].dump() +
                      " B, shared by " + cache["pus_per_instance"].dump() + " PU(s)");
  }
  for (const auto& pci : topology["pci_devices"]) {
    fact("pci", text_of(pci["bus_id"]) + " " + text_of(pci["class"]) + " [" +
                    text_of(pci["vendor_id"]) + ":" + text_of(pci["device_id"]) + "] " +
                    text_of(pci["name"]) + (pci["name"] == "" ? "" : ", ") + "link " +
                    (pci["link_speed_gbytes_per_s"].is_null()
                         ? std::string("speed unknown")
                         : pci["link_speed_gbytes_per_s"].dump() + " GB/s"));
  }
  const Json& freq = info["cpu_frequency"];
  fact("cpufreq", "governor " + text_of(freq["governor"]) + ", turbo " + text_of(freq["turbo"]));
  const Json& build = info["build"];
  fact("accelbench", text_of(build["version"]) + " (" + text_of(build["git_revision"]) + "), " +
                         text_of(build["build_type"]) + ", " + text_of(build["compiler"]) + " " +
                         text_of(build["compiler_flags"]));
  std::string libraries;
  for (const auto& [name, version] : build["libraries"].items()) {
    libraries += (libraries.empty() ? "" : " ") + name + " " + text_of(version);
  }
  fact("libraries", libraries);
  render_text(std::cout, facts, {.header = false});
  print_device_lines(std::cout, catalog);
  Table fingerprint = facts_table();
  fingerprint.rows.push_back({"fingerprint", f.hash});
  render_text(std::cout, fingerprint, {.header = false});
}

}  // namespace

Command add_sysinfo_command(CLI::App& app) {
  auto json = std::make_shared<bool>(false);
  app.add_flag("--json", *json, "print the fingerprint, topology and devices as JSON");
  return [json] {
    const DeviceCatalog catalog = enumerate_devices();
    const Fingerprint fingerprint = make_fingerprint(catalog.devices);
    const Json topology = host_topology().to_json();
    if (*json) {
      render_json(std::cout, Json{{"fingerprint", fingerprint.to_json()},
                                  {"topology", topology},
                                  {"devices", devices_json(catalog)},
                                  {"unavailable_backends", unavailable_json(catalog)}});
    } else {
      print_text(fingerprint, topology, catalog);
    }
    return 0;
  };
}

}  // namespace accelbench::cli
