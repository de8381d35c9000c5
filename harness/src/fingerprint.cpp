#include "fingerprint.h"

#include <accelbench/topology.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "build_info.h"

namespace accelbench {
namespace {

// The first line of a sysfs/procfs file, or nullptr-json when unreadable.
nlohmann::ordered_json read_first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) return nullptr;
  return line;
}

std::string os_pretty_name() {
  std::ifstream in("/etc/os-release");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("PRETTY_NAME=", 0) == 0) {
      std::string value = line.substr(12);
      if (value.size() >= 2 && value.front() == '"') value = value.substr(1, value.size() - 2);
      return value;
    }
  }
  return "unknown";
}

nlohmann::ordered_json meminfo_total_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  std::uint64_t kib = 0;
  std::string unit;
  while (in >> key >> kib >> unit) {
    if (key == "MemTotal:") return kib * 1024;
  }
  return nullptr;
}

// Frequency scaling as far as sysfs exposes it; in VMs it usually does not.
nlohmann::ordered_json cpu_frequency_info() {
  const std::string base = "/sys/devices/system/cpu/";
  nlohmann::ordered_json out;
  out["governor"] = read_first_line(base + "cpu0/cpufreq/scaling_governor");
  out["driver"] = read_first_line(base + "cpu0/cpufreq/scaling_driver");
  out["max_khz"] = read_first_line(base + "cpu0/cpufreq/cpuinfo_max_freq");
  nlohmann::ordered_json boost = read_first_line(base + "cpufreq/boost");
  nlohmann::ordered_json no_turbo = read_first_line(base + "intel_pstate/no_turbo");
  if (!boost.is_null()) {
    out["turbo"] = boost.get<std::string>() == "1" ? "enabled" : "disabled";
  } else if (!no_turbo.is_null()) {
    out["turbo"] = no_turbo.get<std::string>() == "0" ? "enabled" : "disabled";
  } else {
    out["turbo"] = nullptr;
  }
  out["readable"] = !out["governor"].is_null() || !out["turbo"].is_null();
  return out;
}

}  // namespace

std::string hostname() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

std::string fnv1a64_hex(const std::string& text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(hash));
  return out;
}

nlohmann::ordered_json Fingerprint::to_json() const {
  return {{"identity", identity}, {"info", info}, {"hash", hash}};
}

Fingerprint make_fingerprint(const std::vector<Device>& devices) {
  const Topology& topology = host_topology();
  const nlohmann::ordered_json topo = topology.to_json();
  struct utsname uts {};
  uname(&uts);

  Fingerprint f;
  f.identity["cpu_model"] = topology.cpu_model();
  f.identity["architecture"] = uts.machine;
  f.identity["packages"] = topo["packages"];
  f.identity["cores"] = topo["cores"];
  f.identity["pus"] = topo["pus"];
  f.identity["numa_nodes"] = topo["numa_nodes"].size();
  nlohmann::ordered_json caches = nlohmann::ordered_json::array();
  for (const auto& cache : topo["caches"]) {
    caches.push_back(
        {{"name", cache["name"]}, {"size_bytes", cache["size_bytes"]}, {"count", cache["count"]}});
  }
  f.identity["caches"] = caches;
  nlohmann::ordered_json device_names = nlohmann::ordered_json::array();
  for (const auto& device : devices) {
    device_names.push_back({{"id", device.id}, {"name", device.name}});
  }
  f.identity["devices"] = device_names;
  f.hash = fnv1a64_hex(f.identity.dump());

  f.info["hostname"] = hostname();
  f.info["os"] = os_pretty_name();
  f.info["kernel"] = std::string(uts.sysname) + " " + uts.release + " " + uts.version;
  nlohmann::ordered_json numa_memory = nlohmann::ordered_json::array();
  for (const auto& node : topo["numa_nodes"]) numa_memory.push_back(node["local_memory_bytes"]);
  f.info["memory"] = {{"meminfo_total_bytes", meminfo_total_bytes()},
                      {"numa_node_memory_bytes", numa_memory},
                      {"note",
                       "numa_node_memory_bytes is hwloc's view; MemTotal is the kernel's (they "
                       "can differ under cgroups or VMs). Both move while a VM runs, so neither "
                       "is part of the identity"}};
  f.info["cpu_frequency"] = cpu_frequency_info();
  f.info["build"] = build_info::to_json();
  return f;
}

}  // namespace accelbench
