#include <accelbench/topology.h>

#include <iostream>

#include "commands.h"
#include "fingerprint.h"
#include "selection.h"
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

void print_text(const Fingerprint& f, const Json& topology, const DeviceCatalog& catalog) {
  const Json& info = f.info;
  std::cout << "host        " << text_of(info["hostname"]) << '\n'
            << "os          " << text_of(info["os"]) << '\n'
            << "kernel      " << text_of(info["kernel"]) << '\n'
            << "cpu         " << text_of(f.identity["cpu_model"]) << " ("
            << text_of(f.identity["architecture"]) << ")\n"
            << "topology    " << topology["packages"] << " package(s), " << topology["cores"]
            << " cores, " << topology["pus"] << " PUs (" << text_of(topology["source"]) << ")\n";
  for (const auto& node : topology["numa_nodes"]) {
    std::cout << "numa node   " << node["os_index"] << ": "
              << format_bytes(node["local_memory_bytes"].get<double>()) << ", " << node["pus"]
              << " PUs\n";
  }
  const Json& meminfo = info["memory"]["meminfo_total_bytes"];
  if (!meminfo.is_null()) {
    std::cout << "memory      " << format_bytes(meminfo.get<double>())
              << " (kernel MemTotal; hwloc's NUMA figure above may differ)\n";
  }
  for (const auto& cache : topology["caches"]) {
    std::cout << "cache       " << text_of(cache["name"]) << " "
              << format_bytes(cache["size_bytes"].get<double>()) << " x" << cache["count"]
              << ", line " << cache["line_bytes"] << " B, shared by " << cache["pus_per_instance"]
              << " PU(s)\n";
  }
  for (const auto& pci : topology["pci_devices"]) {
    std::cout << "pci         " << text_of(pci["bus_id"]) << " " << text_of(pci["class"]) << " ["
              << text_of(pci["vendor_id"]) << ":" << text_of(pci["device_id"]) << "] "
              << text_of(pci["name"]) << (pci["name"] == "" ? "" : ", ") << "link "
              << (pci["link_speed_gbytes_per_s"].is_null()
                      ? std::string("speed unknown")
                      : pci["link_speed_gbytes_per_s"].dump() + " GB/s")
              << '\n';
  }
  const Json& freq = info["cpu_frequency"];
  std::cout << "cpufreq     governor " << text_of(freq["governor"]) << ", turbo "
            << text_of(freq["turbo"]) << '\n';
  const Json& build = info["build"];
  std::cout << "accelbench  " << text_of(build["version"]) << " (" << text_of(build["git_revision"])
            << "), " << text_of(build["build_type"]) << ", " << text_of(build["compiler"]) << " "
            << text_of(build["compiler_flags"]) << '\n';
  std::cout << "libraries  ";
  for (const auto& [name, version] : build["libraries"].items()) {
    std::cout << " " << name << " " << text_of(version);
  }
  std::cout << '\n';
  print_device_lines(std::cout, catalog);
  std::cout << "fingerprint " << f.hash << '\n';
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
      std::cout << Json{{"fingerprint", fingerprint.to_json()},
                        {"topology", topology},
                        {"devices", devices_json(catalog)},
                        {"unavailable_backends", unavailable_json(catalog)}}
                       .dump(2)
                << '\n';
    } else {
      print_text(fingerprint, topology, catalog);
    }
    return 0;
  };
}

}  // namespace accelbench::cli
