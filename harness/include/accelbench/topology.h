// The host's topology from hwloc: loaded once, with I/O (PCI) devices, and
// read by the fingerprint, the CPU backend and the benchmarks' defaults.
#pragma once

#include <hwloc.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace accelbench {

class Topology {
 public:
  Topology();  // throws Error(kFailure) when hwloc cannot load the topology
  ~Topology();
  Topology(const Topology&) = delete;
  Topology& operator=(const Topology&) = delete;

  hwloc_topology_t get() const { return topology_; }
  int count(hwloc_obj_type_t type) const;
  // Size of the largest data or unified cache (the last level), 0 if unknown.
  std::uint64_t last_level_cache_bytes() const;
  std::string cpu_model() const;
  // hwloc's view of the host: packages, cores, PUs, NUMA nodes with memory,
  // caches per level, PCI devices.
  nlohmann::ordered_json to_json() const;
  // Where a PCI device (bus id "0000:65:00.0") sits: the CPUs and NUMA nodes
  // of its nearest non-I/O ancestor; null when hwloc does not know it.
  nlohmann::ordered_json pci_locality(const std::string& bus_id) const;

 private:
  hwloc_topology_t topology_ = nullptr;
};

// The first NUMA node of a pci_locality ({"numa_nodes": "0-1", ...}): the
// node a device's host-side buffers and threads go to; none when hwloc does
// not place the device.
std::optional<int> first_numa_node(const nlohmann::ordered_json& locality);

// The topology of this host, loaded on first use.
const Topology& host_topology();

}  // namespace accelbench
