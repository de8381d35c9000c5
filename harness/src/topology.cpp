#include <accelbench/error.h>
#include <accelbench/topology.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <vector>

namespace accelbench {
namespace {

std::string pci_bus_id(const hwloc_obj_attr_u::hwloc_pcidev_attr_s& pci) {
  char text[32];
  std::snprintf(text, sizeof text, "%04x:%02x:%02x.%01x", pci.domain, pci.bus, pci.dev, pci.func);
  return text;
}

std::string hex4(unsigned value) {
  char text[8];
  std::snprintf(text, sizeof text, "%04x", value);
  return text;
}

// The PCI base classes that matter for an accelerator benchmark.
std::string pci_class_name(unsigned class_id) {
  switch (class_id >> 8) {
    case 0x01:
      return "storage";
    case 0x02:
      return "network";
    case 0x03:
      return "display";
    case 0x06:
      return "bridge";
    case 0x0b:
      return "processor";
    case 0x0c:
      return "serial bus";
    case 0x12:
      return "processing accelerator";
    default:
      return "other";
  }
}

nlohmann::ordered_json infos_json(hwloc_obj_t obj) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (unsigned i = 0; i < obj->infos_count; ++i) {
    out[obj->infos[i].name] = obj->infos[i].value ? obj->infos[i].value : "";
  }
  return out;
}

std::string cache_name(hwloc_obj_t obj) {
  std::string name = "L" + std::to_string(obj->attr->cache.depth);
  switch (obj->attr->cache.type) {
    case HWLOC_OBJ_CACHE_DATA:
      return name + "d";
    case HWLOC_OBJ_CACHE_INSTRUCTION:
      return name + "i";
    default:
      return name;
  }
}

}  // namespace

Topology::Topology() {
  if (hwloc_topology_init(&topology_) != 0) {
    throw failure("hwloc_topology_init failed");
  }
  hwloc_topology_set_io_types_filter(topology_, HWLOC_TYPE_FILTER_KEEP_IMPORTANT);
  // hwloc's accelerator plugins initialise the vendor runtimes (OpenCL,
  // CUDA, NVML, ...) inside this process, which then cannot fork usable
  // --isolate children (PoCL's and CUDA's threads do not survive fork); the
  // backends describe their devices themselves. PCI objects still come from
  // the pci component.
  for (const char* component : {"opencl", "cuda", "nvml", "rsmi", "levelzero", "gl"}) {
    hwloc_topology_set_components(topology_, HWLOC_TOPOLOGY_COMPONENTS_FLAG_BLACKLIST, component);
  }
  if (hwloc_topology_load(topology_) != 0) {
    hwloc_topology_destroy(topology_);
    topology_ = nullptr;
    throw failure("hwloc_topology_load failed");
  }
}

Topology::~Topology() {
  if (topology_) hwloc_topology_destroy(topology_);
}

int Topology::count(hwloc_obj_type_t type) const {
  return hwloc_get_nbobjs_by_type(topology_, type);
}

std::uint64_t Topology::last_level_cache_bytes() const {
  std::uint64_t largest = 0;
  for (int depth = 0; depth < hwloc_topology_get_depth(topology_); ++depth) {
    const unsigned n = hwloc_get_nbobjs_by_depth(topology_, depth);
    for (unsigned i = 0; i < n; ++i) {
      hwloc_obj_t obj = hwloc_get_obj_by_depth(topology_, depth, i);
      if (hwloc_obj_type_is_dcache(obj->type) && obj->attr->cache.size > largest) {
        largest = obj->attr->cache.size;
      }
    }
  }
  return largest;
}

std::string Topology::cpu_model() const {
  hwloc_obj_t package = hwloc_get_obj_by_type(topology_, HWLOC_OBJ_PACKAGE, 0);
  const char* model = package ? hwloc_obj_get_info_by_name(package, "CPUModel") : nullptr;
  if (!model) model = hwloc_obj_get_info_by_name(hwloc_get_root_obj(topology_), "CPUModel");
  return model ? model : "unknown CPU";
}

nlohmann::ordered_json Topology::to_json() const {
  nlohmann::ordered_json out;
  out["source"] = "hwloc " + std::string(HWLOC_VERSION);
  out["packages"] = count(HWLOC_OBJ_PACKAGE);
  out["cores"] = count(HWLOC_OBJ_CORE);
  out["pus"] = count(HWLOC_OBJ_PU);

  nlohmann::ordered_json numa = nlohmann::ordered_json::array();
  for (int i = 0; i < count(HWLOC_OBJ_NUMANODE); ++i) {
    hwloc_obj_t node = hwloc_get_obj_by_type(topology_, HWLOC_OBJ_NUMANODE, i);
    numa.push_back({{"os_index", node->os_index},
                    {"local_memory_bytes", node->attr->numanode.local_memory},
                    {"pus", hwloc_bitmap_weight(node->cpuset)}});
  }
  out["numa_nodes"] = numa;

  // One entry per cache kind: level, type, size, line, associativity, count.
  std::map<std::string, nlohmann::ordered_json> caches;
  for (int depth = 0; depth < hwloc_topology_get_depth(topology_); ++depth) {
    const unsigned n = hwloc_get_nbobjs_by_depth(topology_, depth);
    for (unsigned i = 0; i < n; ++i) {
      hwloc_obj_t obj = hwloc_get_obj_by_depth(topology_, depth, i);
      if (!hwloc_obj_type_is_cache(obj->type)) continue;
      const std::string name = cache_name(obj);
      auto& entry = caches[name];
      if (entry.is_null()) {
        entry = {{"name", name},
                 {"level", obj->attr->cache.depth},
                 {"size_bytes", obj->attr->cache.size},
                 {"line_bytes", obj->attr->cache.linesize},
                 {"associativity", obj->attr->cache.associativity},
                 {"count", 0},
                 {"pus_per_instance", hwloc_bitmap_weight(obj->cpuset)}};
      }
      entry["count"] = entry["count"].get<int>() + 1;
    }
  }
  out["caches"] = nlohmann::ordered_json::array();
  for (auto& [name, entry] : caches) out["caches"].push_back(entry);

  nlohmann::ordered_json pci = nlohmann::ordered_json::array();
  for (hwloc_obj_t obj = hwloc_get_next_pcidev(topology_, nullptr); obj;
       obj = hwloc_get_next_pcidev(topology_, obj)) {
    const auto& attr = obj->attr->pcidev;
    nlohmann::ordered_json device = {
        {"bus_id", pci_bus_id(attr)},        {"class", pci_class_name(attr.class_id)},
        {"class_id", hex4(attr.class_id)},   {"vendor_id", hex4(attr.vendor_id)},
        {"device_id", hex4(attr.device_id)}, {"name", obj->name ? obj->name : ""},
    };
    // hwloc reports the link speed in GB/s; 0 means unknown (common in VMs).
    if (attr.linkspeed > 0) {
      device["link_speed_gbytes_per_s"] = attr.linkspeed;
    } else {
      device["link_speed_gbytes_per_s"] = nullptr;
    }
    nlohmann::ordered_json os_devices = nlohmann::ordered_json::array();
    for (hwloc_obj_t child = obj->io_first_child; child; child = child->next_sibling) {
      if (child->type == HWLOC_OBJ_OS_DEVICE && child->name) os_devices.push_back(child->name);
    }
    device["os_devices"] = os_devices;
    device["info"] = infos_json(obj);
    pci.push_back(device);
  }
  out["pci_devices"] = pci;
  return out;
}

nlohmann::ordered_json Topology::pci_locality(const std::string& bus_id) const {
  hwloc_obj_t device = hwloc_get_pcidev_by_busidstring(topology_, bus_id.c_str());
  if (!device) return nullptr;
  hwloc_obj_t parent = hwloc_get_non_io_ancestor_obj(topology_, device);
  if (!parent) return nullptr;
  const auto list = [](hwloc_const_bitmap_t set) {
    char* text = nullptr;
    if (!set || hwloc_bitmap_list_asprintf(&text, set) < 0 || !text) return std::string();
    std::string out(text);
    std::free(text);
    return out;
  };
  return {{"cpus", list(parent->cpuset)}, {"numa_nodes", list(parent->nodeset)}};
}

std::optional<int> first_numa_node(const nlohmann::ordered_json& locality) {
  if (!locality.is_object()) return std::nullopt;
  const std::string nodes = locality.value("numa_nodes", "");
  int node = -1;
  const auto end = nodes.data() + nodes.size();
  const auto parsed = std::from_chars(nodes.data(), end, node);
  if (parsed.ec != std::errc() || parsed.ptr == nodes.data() || node < 0) return std::nullopt;
  return node;
}

const Topology& host_topology() {
  static const Topology topology;
  return topology;
}

}  // namespace accelbench
