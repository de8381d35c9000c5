#include "cpu_backend.h"

#include <accelbench/device.h>
#include <accelbench/error.h>
#include <accelbench/topology.h>
#include <omp.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <numeric>
#include <vector>

namespace accelbench::cpu {
namespace {

Device host_device() {
  const Topology& topology = host_topology();
  Device device;
  device.id = "cpu:0";
  device.backend = "cpu";
  device.index = 0;
  device.name = topology.cpu_model();
  device.description = {{"packages", topology.count(HWLOC_OBJ_PACKAGE)},
                        {"cores", topology.count(HWLOC_OBJ_CORE)},
                        {"pus", topology.count(HWLOC_OBJ_PU)},
                        {"numa_nodes", topology.count(HWLOC_OBJ_NUMANODE)},
                        {"last_level_cache_bytes", topology.last_level_cache_bytes()},
                        {"openmp_max_threads", omp_get_max_threads()}};
  device.facts.compute_units = topology.count(HWLOC_OBJ_CORE);
  if (topology.last_level_cache_bytes() > 0) {
    device.facts.last_level_cache_bytes = topology.last_level_cache_bytes();
  }
  device.facts.unified_memory = true;
  device.facts.gpu = false;
  return device;
}

ACCELBENCH_REGISTER_BACKEND(kCpuBackend,
                            {"cpu", [] { return std::vector<Device>{host_device()}; }});

// Binds the calling thread to core (index mod cores); returns the error text
// or an empty string.
std::string bind_to_core(hwloc_topology_t topology, int index) {
  const int cores = hwloc_get_nbobjs_by_type(topology, HWLOC_OBJ_CORE);
  if (cores <= 0) return "hwloc reports no cores";
  hwloc_obj_t core = hwloc_get_obj_by_type(topology, HWLOC_OBJ_CORE, index % cores);
  if (hwloc_set_cpubind(topology, core->cpuset, HWLOC_CPUBIND_THREAD) != 0) {
    return std::strerror(errno);
  }
  return "";
}

// The PU the calling thread last ran on, or -1.
int current_pu(hwloc_topology_t topology) {
  hwloc_bitmap_t where = hwloc_bitmap_alloc();
  int pu = -1;
  if (hwloc_get_last_cpu_location(topology, where, HWLOC_CPUBIND_THREAD) == 0) {
    pu = hwloc_bitmap_first(where);
  }
  hwloc_bitmap_free(where);
  return pu;
}

bool user_chose_binding() {
  return std::getenv("OMP_PLACES") != nullptr || std::getenv("OMP_PROC_BIND") != nullptr;
}

}  // namespace

int core_count() { return host_topology().count(HWLOC_OBJ_CORE); }

std::uint64_t last_level_cache_bytes() { return host_topology().last_level_cache_bytes(); }

std::vector<DataCache> data_caches() {
  std::vector<DataCache> caches;
  const nlohmann::ordered_json topology = host_topology().to_json();  // outlives the loop
  for (const auto& cache : topology["caches"]) {
    const std::string name = cache["name"].get<std::string>();
    if (name.find('i') != std::string::npos) continue;  // instruction caches
    caches.push_back({name, cache["size_bytes"].get<std::uint64_t>()});
  }
  std::sort(caches.begin(), caches.end(),
            [](const DataCache& a, const DataCache& b) { return a.bytes < b.bytes; });
  return caches;
}

nlohmann::ordered_json pin_current_thread(int core) {
  hwloc_topology_t topology = host_topology().get();
  const std::string error = bind_to_core(topology, core);
  nlohmann::ordered_json placement = {{"threads", 1},
                                      {"binding", "hwloc: core " + std::to_string(core)},
                                      {"thread_pus", {current_pu(topology)}}};
  if (!error.empty()) placement["binding_errors"] = {error};
  return placement;
}

std::string core_sharing(int core_a, int core_b) {
  hwloc_topology_t topology = host_topology().get();
  hwloc_obj_t a = hwloc_get_obj_by_type(topology, HWLOC_OBJ_CORE, core_a);
  hwloc_obj_t b = hwloc_get_obj_by_type(topology, HWLOC_OBJ_CORE, core_b);
  if (!a || !b) return "unknown";
  if (a == b) return "same core";
  for (hwloc_obj_t o = hwloc_get_common_ancestor_obj(topology, a, b); o; o = o->parent) {
    if (o->type == HWLOC_OBJ_L2CACHE) return "same L2";
    if (o->type == HWLOC_OBJ_L3CACHE) return "same L3";
    if (o->type == HWLOC_OBJ_PACKAGE) return "same package";
  }
  return "across packages";
}

nlohmann::ordered_json pin_openmp_threads(int threads) {
  std::vector<int> cores(static_cast<std::size_t>(core_count()));
  std::iota(cores.begin(), cores.end(), 0);
  return pin_openmp_threads(threads, cores);
}

nlohmann::ordered_json pin_openmp_threads(int threads, const std::vector<int>& cores) {
  hwloc_topology_t topology = host_topology().get();
  const auto count = static_cast<int>(cores.size());
  const bool respect_user = user_chose_binding();
  std::vector<int> pus(static_cast<std::size_t>(threads), -1);
  std::vector<std::string> errors(static_cast<std::size_t>(threads));
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    if (!respect_user && count > 0) errors[t] = bind_to_core(topology, cores[t % count]);
    pus[t] = current_pu(topology);
  }
  nlohmann::ordered_json placement;
  placement["threads"] = threads;
  placement["binding"] = respect_user ? "user (OMP_PLACES / OMP_PROC_BIND)"
                                      : "hwloc: OpenMP thread i on the i-th chosen core";
  placement["cores"] = cores;
  placement["oversubscribed"] = threads > count;
  placement["thread_pus"] = pus;
  nlohmann::ordered_json failures = nlohmann::ordered_json::array();
  for (int t = 0; t < threads; ++t) {
    if (!errors[t].empty()) failures.push_back("thread " + std::to_string(t) + ": " + errors[t]);
  }
  if (!failures.empty()) placement["binding_errors"] = failures;
  return placement;
}

int numa_node_count() { return std::max(1, host_topology().count(HWLOC_OBJ_NUMANODE)); }

std::vector<int> cores_of_numa_node(int node) {
  hwloc_topology_t topology = host_topology().get();
  hwloc_obj_t numa = hwloc_get_obj_by_type(topology, HWLOC_OBJ_NUMANODE, node);
  std::vector<int> cores;
  for (int i = 0; i < core_count(); ++i) {
    hwloc_obj_t core = hwloc_get_obj_by_type(topology, HWLOC_OBJ_CORE, i);
    if (!numa || hwloc_bitmap_intersects(core->cpuset, numa->cpuset)) cores.push_back(i);
  }
  return cores;
}

NodeMemory::NodeMemory(std::size_t bytes, int node) : bytes_(bytes) {
  hwloc_topology_t topology = host_topology().get();
  const hwloc_topology_support* support = hwloc_topology_get_support(topology);
  if (!support->membind->alloc_membind || !support->membind->bind_membind) {
    throw unsupported("hwloc reports no memory binding support on this system");
  }
  hwloc_obj_t numa = hwloc_get_obj_by_type(topology, HWLOC_OBJ_NUMANODE, node);
  if (!numa) throw unsupported("no NUMA node " + std::to_string(node));
  memory_ = hwloc_alloc_membind(topology, bytes, numa->nodeset, HWLOC_MEMBIND_BIND,
                                HWLOC_MEMBIND_BYNODESET | HWLOC_MEMBIND_STRICT);
  if (!memory_) {
    throw failure("hwloc_alloc_membind of " + std::to_string(bytes) + " B on NUMA node " +
                  std::to_string(node) + " failed: " + std::strerror(errno));
  }
}

NodeMemory::~NodeMemory() {
  if (memory_) hwloc_free(host_topology().get(), memory_, bytes_);
}

std::vector<int> NodeMemory::nodes_holding() const {
  hwloc_topology_t topology = host_topology().get();
  hwloc_bitmap_t nodeset = hwloc_bitmap_alloc();
  std::vector<int> nodes;
  if (hwloc_get_area_memlocation(topology, memory_, bytes_, nodeset, HWLOC_MEMBIND_BYNODESET) ==
      0) {
    for (int i = hwloc_bitmap_first(nodeset); i != -1; i = hwloc_bitmap_next(nodeset, i)) {
      nodes.push_back(i);
    }
  }
  hwloc_bitmap_free(nodeset);
  return nodes;
}

}  // namespace accelbench::cpu
