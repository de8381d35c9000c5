#include "ascend/ascend_runtime.h"

#include <accelbench/topology.h>

#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ascend/dcmi_library.h"

namespace accelbench::ascend {
namespace {

// AscendCL's most recent error message on this thread, or "".
std::string recent_error_message() {
  const Acl& functions = acl();
  if (!functions.aclGetRecentErrMsg) return "";
  const char* message = functions.aclGetRecentErrMsg();
  return message ? message : "";
}

std::string versions_text(std::int32_t major, std::int32_t minor, std::int32_t patch) {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

// The CANN package's version text, when the runtime can say it.
nlohmann::ordered_json package_version(aclCANNPackageName name) {
  const Acl& functions = acl();
  if (!functions.aclsysGetCANNVersion)
    return "not reported: this AscendCL lacks aclsysGetCANNVersion";
  aclCANNPackageVersion version{};
  const aclError status = functions.aclsysGetCANNVersion(name, &version);
  if (status != ACL_SUCCESS) return "not reported: error " + std::to_string(status);
  version.version[sizeof version.version - 1] = '\0';
  return std::string(version.version);
}

// aclGetDeviceCapability's value, when the runtime has the query.
std::optional<std::int64_t> capability(int device, aclDeviceInfo query) {
  const Acl& functions = acl();
  std::int64_t value = 0;
  if (!functions.aclGetDeviceCapability ||
      functions.aclGetDeviceCapability(static_cast<std::uint32_t>(device), query, &value) !=
          ACL_SUCCESS) {
    return std::nullopt;
  }
  return value;
}

std::uint32_t device_count() {
  std::uint32_t count = 0;
  const aclError status = acl().aclrtGetDeviceCount(&count);
  if (status != ACL_SUCCESS || count == 0) {
    throw unsupported("no Ascend device: aclrtGetDeviceCount gives " + std::to_string(count) +
                      " device(s), error " + std::to_string(status));
  }
  return count;
}

Device describe(int d, int count) {
  const Acl& functions = acl();
  ACCELBENCH_ACL_CHECK(functions.aclrtSetDevice(d));
  const char* soc = functions.aclrtGetSocName ? functions.aclrtGetSocName() : nullptr;
  const std::string name = soc && *soc ? soc : "Ascend NPU (SoC name not reported)";
  std::size_t free = 0, total = 0;
  ACCELBENCH_ACL_CHECK(functions.aclrtGetMemInfo(ACL_HBM_MEM, &free, &total));
  nlohmann::ordered_json peers = nlohmann::ordered_json::array();
  std::vector<int> reachable;
  // Per device: true or false, null for itself, the error where the runtime
  // could not say (never read as "no peer access").
  for (int other = 0; other < count; ++other) {
    std::int32_t can = 0;
    aclError status = ACL_SUCCESS;
    if (other != d && functions.aclrtDeviceCanAccessPeer) {
      status = functions.aclrtDeviceCanAccessPeer(&can, d, other);
    }
    if (other == d) {
      peers.push_back(nullptr);
    } else if (status != ACL_SUCCESS) {
      peers.push_back("aclrtDeviceCanAccessPeer error " + std::to_string(status));
    } else {
      peers.push_back(can == 1);
    }
    if (status == ACL_SUCCESS && can == 1) reachable.push_back(other);
  }
  std::int32_t major = 0, minor = 0, patch = 0;
  const bool acl_version =
      functions.aclrtGetVersion && functions.aclrtGetVersion(&major, &minor, &patch) == ACL_SUCCESS;
  const std::optional<std::int64_t> ai_cores = capability(d, ACL_DEVICE_INFO_AI_CORE_NUM);
  const std::optional<std::int64_t> vector_cores = capability(d, ACL_DEVICE_INFO_VECTOR_CORE_NUM);
  const std::optional<std::int64_t> l2 = capability(d, ACL_DEVICE_INFO_L2_SIZE);
  const std::optional<std::string> bus_id = dcmi::pci_bus_id(d);

  nlohmann::ordered_json description = {{"name", name}};
  if (bus_id) description["pci_bus_id"] = *bus_id;
  if (ai_cores) description["ai_cores"] = *ai_cores;
  if (vector_cores) description["vector_cores"] = *vector_cores;
  // aclrtGetMemInfo: the memory applications can use, system-reserved memory
  // left out (the physical size is DCMI's, under "dcmi").
  description["usable_memory_bytes"] = total;
  description["free_memory_bytes"] = free;
  if (l2) description["l2_cache_bytes"] = *l2;
  description["acl_version"] = acl_version
                                   ? nlohmann::ordered_json(versions_text(major, minor, patch))
                                   : nlohmann::ordered_json("not reported");
  description["cann_version"] = package_version(ACL_PKG_NAME_CANN);
  description["driver_version"] = package_version(ACL_PKG_NAME_DRIVER);
  description["peer_access"] = std::move(peers);
  description["host_locality"] = bus_id
                                     ? host_topology().pci_locality(*bus_id)
                                     : nlohmann::ordered_json("unknown: no PCI bus id from DCMI");
  description["dcmi"] = dcmi::describe(d);

  DeviceFacts facts;
  if (ai_cores && *ai_cores > 0) facts.compute_units = static_cast<int>(*ai_cores);
  facts.memory_bytes = total;
  // The largest buffer is not documented: what is free now bounds it.
  facts.max_allocation_bytes = free;
  if (l2 && *l2 > 0) facts.last_level_cache_bytes = static_cast<std::uint64_t>(*l2);
  facts.architecture = name;
  facts.peer_access = std::move(reachable);
  facts.visible_devices = count;
  facts.unified_memory = false;
  facts.gpu = false;  // an NPU: AI Cores (cube and vector units), not SIMT
  facts.host_numa_node = first_numa_node(description["host_locality"]);
  return {"ascend:" + std::to_string(d), "ascend",        d, name,
          std::move(description),        std::move(facts)};
}

std::vector<Device> enumerate() {
  const std::uint32_t count = device_count();
  std::vector<Device> devices;
  for (std::uint32_t d = 0; d < count; ++d) {
    devices.push_back(describe(static_cast<int>(d), static_cast<int>(count)));
  }
  return devices;
}

ACCELBENCH_REGISTER_BACKEND(kAscendBackend, {"ascend", enumerate, true});

}  // namespace

void check(aclError status, const char* call, const char* file, int line) {
  if (status == ACL_SUCCESS) return;
  const std::string message = recent_error_message();
  throw failure(std::string(call) + " failed: AscendCL error " + std::to_string(status) +
                (message.empty() ? "" : " (" + message + ")") + " at " + file + ":" +
                std::to_string(line));
}

void check_aclnn(aclnnStatus status, const char* call, const char* file, int line) {
  if (status == 0) return;
  const std::string message = recent_error_message();
  throw failure(std::string(call) + " failed: aclnn status " + std::to_string(status) +
                (message.empty() ? "" : " (" + message + ")") + " at " + file + ":" +
                std::to_string(line));
}

void use_device(const Device& device) {
  std::uint32_t count = 0;
  if (acl().aclrtGetDeviceCount(&count) != ACL_SUCCESS || device.index >= static_cast<int>(count)) {
    throw unsupported(device.id + " is gone: this process finds " + std::to_string(count) +
                      " Ascend device(s)");
  }
  ACCELBENCH_ACL_CHECK(acl().aclrtSetDevice(device.index));
}

void enable_peer_access(int from, int to) {
  const Acl& functions = acl();
  if (from == to) throw usage_error("ascend:" + std::to_string(from) + " is not its own peer");
  if (!functions.aclrtDeviceCanAccessPeer || !functions.aclrtDeviceEnablePeerAccess) {
    throw unsupported("this AscendCL has no peer access calls (aclrtDeviceCanAccessPeer)");
  }
  std::int32_t can = 0;
  ACCELBENCH_ACL_CHECK(functions.aclrtDeviceCanAccessPeer(&can, from, to));
  if (can != 1) {
    throw unsupported("ascend:" + std::to_string(from) + " cannot access the memory of ascend:" +
                      std::to_string(to) + " (no peer access between them)");
  }
  ACCELBENCH_ACL_CHECK(functions.aclrtSetDevice(from));
  // Enabled once per pair and direction (CANN does not document a second
  // enable of the same pair).
  static std::mutex mutex;
  static std::set<std::pair<int, int>> enabled;
  const std::lock_guard lock(mutex);
  if (enabled.contains({from, to})) return;
  ACCELBENCH_ACL_CHECK(functions.aclrtDeviceEnablePeerAccess(to, 0));  // flags: must be 0
  enabled.insert({from, to});
}

double elapsed_seconds(aclrtEvent start, aclrtEvent stop) {
  ACCELBENCH_ACL_CHECK(acl().aclrtSynchronizeEvent(stop));
  float ms = 0;
  ACCELBENCH_ACL_CHECK(acl().aclrtEventElapsedTime(&ms, start, stop));
  return static_cast<double>(ms) * 1e-3;
}

void EventPair::create() {
  if (start_) return;
  ACCELBENCH_ACL_CHECK(acl().aclrtCreateEventWithFlag(&start_, ACL_EVENT_TIME_LINE));
  const aclError status = acl().aclrtCreateEventWithFlag(&stop_, ACL_EVENT_TIME_LINE);
  if (status != ACL_SUCCESS) {
    acl().aclrtDestroyEvent(std::exchange(start_, nullptr));
    ACCELBENCH_ACL_CHECK(status);
  }
}

EventPair::~EventPair() {
  if (start_) acl().aclrtDestroyEvent(start_);
  if (stop_) acl().aclrtDestroyEvent(stop_);
}

void EventPair::record_start(const Stream& stream) {
  ACCELBENCH_ACL_CHECK(acl().aclrtRecordEvent(start(), stream.get()));
}

void EventPair::record_stop(const Stream& stream) {
  ACCELBENCH_ACL_CHECK(acl().aclrtRecordEvent(stop(), stream.get()));
}

double EventPair::seconds() { return elapsed_seconds(start(), stop()); }

int current_device() {
  std::int32_t device = -1;
  ACCELBENCH_ACL_CHECK(acl().aclrtGetDevice(&device));
  return device;
}

void release_on_device(int device, void (*release)(void*), void* handle) noexcept {
  const Acl& functions = acl();
  std::int32_t previous = -1;
  const bool had_device = functions.aclrtGetDevice(&previous) == ACL_SUCCESS;
  if (!had_device || previous != device) functions.aclrtSetDevice(device);
  functions.aclrtSynchronizeDevice();
  release(handle);
  if (had_device && previous != device) functions.aclrtSetDevice(previous);
}

void free_device_memory(void* data) { acl().aclrtFree(data); }

namespace {
void destroy_stream(void* stream) { acl().aclrtDestroyStream(stream); }
}  // namespace

Stream::~Stream() {
  if (stream_) release_on_device(device_, destroy_stream, stream_);
}

void Stream::create() {
  if (stream_) return;
  device_ = current_device();
  ACCELBENCH_ACL_CHECK(acl().aclrtCreateStream(&stream_));
}

void Stream::synchronize() const {
  if (stream_) ACCELBENCH_ACL_CHECK(acl().aclrtSynchronizeStream(stream_));
}

}  // namespace accelbench::ascend
