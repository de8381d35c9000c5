// A stand-in for libascendcl.so (AscendCL), for testing the ascend backend
// where no NPU is: a test device, never a measurement. Every function of
// acl_api.h's ACCELBENCH_ACL_FUNCTIONS and ACCELBENCH_ACL_OPTIONAL_FUNCTIONS,
// declared from those X-macros, so a signature cannot drift from the loader's.
//
// ACCELBENCH_STANDIN_ASCEND_DEVICES=N devices (default 2). Device memory is
// host memory, remembered per device; streams run their work at enqueue
// (synchronously); an event records the host steady clock. Arguments are
// checked as the runtime documents them (null pointers, count > destMax, a
// device out of range, unknown memory, streams and events, a copy whose kind
// does not match its memory, a cross-device copy without peer access): the
// error is ACL_ERROR_INVALID_PARAM with a message for aclGetRecentErrMsg.
// Faults: stand_in.h.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "stand_in.h"

using namespace accelbench::ascend;  // the X-macros name acl_api.h's types unqualified
namespace standin = accelbench::standin;

#define ACCELBENCH_STANDIN_DECLARE(result, name, parameters) \
  extern "C" __attribute__((visibility("default"))) result name parameters;
ACCELBENCH_ACL_FUNCTIONS(ACCELBENCH_STANDIN_DECLARE)
ACCELBENCH_ACL_OPTIONAL_FUNCTIONS(ACCELBENCH_STANDIN_DECLARE)
#undef ACCELBENCH_STANDIN_DECLARE

namespace {

constexpr std::size_t kDeviceMemoryBytes = std::size_t{64} << 30;  // per device, invented
constexpr std::int64_t kAiCores = 24;                              // invented stand-in values
constexpr std::int64_t kVectorCores = 48;
constexpr std::int64_t kL2Bytes = std::int64_t{192} << 20;
constexpr int kMaxDevices = 64;
constexpr std::size_t kAlignment = 64;

thread_local std::string acl_recent_error;  // aclGetRecentErrMsg's, until it is read
thread_local std::string acl_returned_error;
thread_local int acl_current_device = -1;  // aclrtSetDevice is per thread

aclError acl_fail(aclError code, const std::string& message) {
  acl_recent_error = "accelbench stand-in: " + message;
  return code;
}

aclError acl_invalid(const std::string& message) {
  return acl_fail(ACL_ERROR_INVALID_PARAM, message);
}

struct AclAllocation {
  std::size_t bytes = 0;
  int device = 0;
};

struct AclStream {
  int device = 0;
};

struct AclEvent {
  std::uint32_t flags = 0;
  std::optional<std::chrono::steady_clock::time_point> recorded;
};

// Everything the runtime remembers, under one lock.
struct AclState {
  std::mutex mutex;
  bool initialised = false;
  int devices = 0;
  std::map<std::uintptr_t, AclAllocation> device_memory;  // by start address
  std::vector<std::size_t> used_bytes;                    // per device
  std::set<void*> host_memory;                            // aclrtMallocHost's
  std::map<void*, std::unique_ptr<AclStream>> streams;
  std::map<void*, std::unique_ptr<AclEvent>> events;
  std::set<std::pair<int, int>> peer_enabled;  // (device, peer)
};

AclState& acl_state() {
  static AclState state;
  return state;
}

// ACCELBENCH_STANDIN_ASCEND_DEVICES, or the reason it is not a count.
std::optional<int> acl_device_count_setting(std::string& problem) {
  const char* text = std::getenv("ACCELBENCH_STANDIN_ASCEND_DEVICES");
  if (!text || !*text) return 2;
  const std::string value(text);
  const bool digits =
      value.size() <= 2 &&
      std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
  if (!digits || std::atoi(text) > kMaxDevices) {
    problem = "ACCELBENCH_STANDIN_ASCEND_DEVICES must be a count of devices from 0 to " +
              std::to_string(kMaxDevices) + ", not '" + value + "'";
    return std::nullopt;
  }
  return std::atoi(text);
}

// The device whose allocation holds all of [pointer, pointer + bytes), or -1
// (caller holds the lock).
int acl_device_of_locked(const AclState& state, const void* pointer, std::size_t bytes) {
  const auto address = reinterpret_cast<std::uintptr_t>(pointer);
  auto after = state.device_memory.upper_bound(address);
  if (after == state.device_memory.begin()) return -1;
  const auto& [start, allocation] = *std::prev(after);
  const std::uintptr_t offset = address - start;
  if (offset >= allocation.bytes || bytes > allocation.bytes - offset) return -1;
  return allocation.device;
}

bool acl_valid_device(const AclState& state, std::int64_t device) {
  return device >= 0 && device < state.devices;
}

// Checks shared by every runtime call: aclInit done, and (with `device`) a
// device set on this thread. ACL_SUCCESS when the call may go on.
aclError acl_ready(const AclState& state, bool device) {
  if (!state.initialised) {
    return acl_fail(standin::kAclErrorUninitialize, "aclInit has not been called");
  }
  if (device && acl_current_device < 0) {
    return acl_fail(standin::kAclErrorContextNull,
                    "no device is set on this thread (aclrtSetDevice)");
  }
  return ACL_SUCCESS;
}

const char* acl_kind_name(aclrtMemcpyKind kind) {
  switch (kind) {
    case ACL_MEMCPY_HOST_TO_HOST:
      return "ACL_MEMCPY_HOST_TO_HOST";
    case ACL_MEMCPY_HOST_TO_DEVICE:
      return "ACL_MEMCPY_HOST_TO_DEVICE";
    case ACL_MEMCPY_DEVICE_TO_HOST:
      return "ACL_MEMCPY_DEVICE_TO_HOST";
    case ACL_MEMCPY_DEVICE_TO_DEVICE:
      return "ACL_MEMCPY_DEVICE_TO_DEVICE";
  }
  return "an unknown kind";
}

// Validates a copy as aclrtMemcpy documents it and then copies (the lock is
// not held while bytes move).
aclError acl_copy(const char* function, void* dst, std::size_t destMax, const void* src,
                  std::size_t count, aclrtMemcpyKind kind, std::optional<aclrtStream> stream) {
  AclState& state = acl_state();
  {
    const std::lock_guard lock(state.mutex);
    if (const aclError ready = acl_ready(state, true); ready != ACL_SUCCESS) return ready;
    if (!dst || !src) return acl_invalid(std::string(function) + ": dst or src is null");
    if (count > destMax) {
      return acl_invalid(std::string(function) + ": count " + std::to_string(count) +
                         " is more than destMax " + std::to_string(destMax));
    }
    if (kind < ACL_MEMCPY_HOST_TO_HOST || kind > ACL_MEMCPY_DEVICE_TO_DEVICE) {
      return acl_invalid(std::string(function) + ": unknown copy kind " +
                         std::to_string(static_cast<int>(kind)));
    }
    if (stream && *stream && !state.streams.contains(*stream)) {
      return acl_invalid(std::string(function) + ": unknown stream");
    }
    const bool dst_on_device =
        kind == ACL_MEMCPY_HOST_TO_DEVICE || kind == ACL_MEMCPY_DEVICE_TO_DEVICE;
    const bool src_on_device =
        kind == ACL_MEMCPY_DEVICE_TO_HOST || kind == ACL_MEMCPY_DEVICE_TO_DEVICE;
    const int dst_device = acl_device_of_locked(state, dst, count);
    const int src_device = acl_device_of_locked(state, src, count);
    const bool dst_is_device = acl_device_of_locked(state, dst, 0) >= 0;
    const bool src_is_device = acl_device_of_locked(state, src, 0) >= 0;
    if (dst_on_device ? dst_device < 0 : dst_is_device) {
      return acl_invalid(
          std::string(function) + " with " + acl_kind_name(kind) + ": dst is " +
          (dst_on_device ? "not " + std::to_string(count) + " bytes of device memory (aclrtMalloc)"
                         : std::string("device memory")));
    }
    if (src_on_device ? src_device < 0 : src_is_device) {
      return acl_invalid(
          std::string(function) + " with " + acl_kind_name(kind) + ": src is " +
          (src_on_device ? "not " + std::to_string(count) + " bytes of device memory (aclrtMalloc)"
                         : std::string("device memory")));
    }
    if (kind == ACL_MEMCPY_DEVICE_TO_DEVICE && dst_device != src_device &&
        !state.peer_enabled.contains({src_device, dst_device}) &&
        !state.peer_enabled.contains({dst_device, src_device})) {
      return acl_invalid(std::string(function) + ": a copy from device " +
                         std::to_string(src_device) + " to device " + std::to_string(dst_device) +
                         " needs peer access (aclrtDeviceEnablePeerAccess)");
    }
  }
  if (count > 0) std::memmove(dst, src, count);
  if (kind == ACL_MEMCPY_DEVICE_TO_HOST && count > 0 && standin::faults().corrupt_copy) {
    static_cast<unsigned char*>(dst)[count / 2] ^= 0xFFU;
  }
  return ACL_SUCCESS;
}

void acl_copy_text(char* target, std::size_t size, const std::string& text) {
  const std::size_t length = std::min(size - 1, text.size());
  std::memcpy(target, text.data(), length);
  target[length] = '\0';
}

}  // namespace

// The first thing every exported function does: the injected hang or error.
#define ACCELBENCH_STANDIN_ENTER(name)                                                   \
  if (standin::fault_injected(#name)) {                                                  \
    return acl_fail(standin::kAclErrorInternal,                                          \
                    "injected fault error:" #name " (ACCELBENCH_STANDIN_ASCEND_FAULT)"); \
  }

extern "C" {

aclError aclInit(const char* configPath) {
  (void)configPath;  // a JSON file of options: the stand-in has none
  ACCELBENCH_STANDIN_ENTER(aclInit)
  AclState& state = acl_state();
  const std::lock_guard lock(state.mutex);
  if (state.initialised) {
    return acl_fail(standin::kAclErrorRepeatInitialize, "aclInit was already called");
  }
  if (!standin::faults().problem.empty()) return acl_invalid(standin::faults().problem);
  std::string problem;
  const std::optional<int> devices = acl_device_count_setting(problem);
  if (!devices) return acl_invalid(problem);
  state.devices = *devices;
  state.used_bytes.assign(static_cast<std::size_t>(*devices), 0);
  state.initialised = true;
  return ACL_SUCCESS;
}

aclError aclrtGetDeviceCount(std::uint32_t* count) {
  ACCELBENCH_STANDIN_ENTER(aclrtGetDeviceCount)
  AclState& state = acl_state();
  const std::lock_guard lock(state.mutex);
  if (const aclError ready = acl_ready(state, false); ready != ACL_SUCCESS) return ready;
  if (!count) return acl_invalid("aclrtGetDeviceCount: count is null");
  *count = static_cast<std::uint32_t>(state.devices);
  return ACL_SUCCESS;
}

aclError aclrtSetDevice(std::int32_t deviceId) {
  ACCELBENCH_STANDIN_ENTER(aclrtSetDevice)
  AclState& state = acl_state();
  const std::lock_guard lock(state.mutex);
  if (const aclError ready = acl_ready(state, false); ready != ACL_SUCCESS) return ready;
  if (!acl_valid_device(state, deviceId)) {
    return acl_invalid("aclrtSetDevice: no device " + std::to_string(deviceId) + " (there are " +
                       std::to_string(state.devices) + ")");
  }
  acl_current_device = deviceId;
  return ACL_SUCCESS;
}

aclError aclrtGetMemInfo(aclrtMemAttr attr, std::size_t* free, std::size_t* total) {
  ACCELBENCH_STANDIN_ENTER(aclrtGetMemInfo)
  AclState& state = acl_state();
  const std::lock_guard lock(state.mutex);
  if (const aclError ready = acl_ready(state, true); ready != ACL_SUCCESS) return ready;
  if (!free || !total) return acl_invalid("aclrtGetMemInfo: free or total is null");
  if (attr < ACL_DDR_MEM || attr > 5) {  // ACL_DDR_MEM ... ACL_HBM_MEM_P2P_NORMAL
    return acl_invalid("aclrtGetMemInfo: unknown memory attribute " +
                       std::to_string(static_cast<int>(attr)));
  }
  *total = kDeviceMemoryBytes;
  *free = kDeviceMemoryBytes - state.used_bytes[static_cast<std::size_t>(acl_current_device)];
  return ACL_SUCCESS;
}

aclError aclrtMalloc(void** devPtr, std::size_t size, aclrtMemMallocPolicy policy) {
  ACCELBENCH_STANDIN_ENTER(aclrtMalloc)
  AclState& state = acl_state();
  const std::lock_guard lock(state.mutex);
  if (const aclError ready = acl_ready(state, true); ready != ACL_SUCCESS) return ready;
  if (!devPtr) return acl_invalid("aclrtMalloc: devPtr is null");
  if (size == 0) return acl_invalid("aclrtMalloc: size is 0");
  if (policy < ACL_MEM_MALLOC_HUGE_FIRST || policy > ACL_MEM_MALLOC_HUGE_FIRST_P2P) {
    return acl_invalid("aclrtMalloc: unknown policy " + std::to_string(static_cast<int>(policy)));
  }
  std::size_t& used = state.used_bytes[static_cast<std::size_t>(acl_current_device)];
  if (size > kDeviceMemoryBytes - used) {
    return acl_fail(standin::kAclErrorMemoryAllocation,
                    "aclrtMalloc: " + std::to_string(size) + " bytes is more than the " +
                        std::to_string(kDeviceMemoryBytes - used) + " free on device " +
                        std::to_string(acl_current_device));
  }
  void* memory = std::aligned_alloc(kAlignment, (size + kAlignment - 1) / kAlignment * kAlignment);
  if (!memory) {
    return acl_fail(standin::kAclErrorMemoryAllocation,
                    "aclrtMalloc: the host has no " + std::to_string(size) + " bytes to lend");
  }
  state.device_memory[reinterpret_cast<std::uintptr_t>(memory)] = {size, acl_current_device};
  used += size;
  *devPtr = memory;
  return ACL_SUCCESS;
}

aclError aclrtFree(void* devPtr) {
  ACCELBENCH_STANDIN_ENTER(aclrtFree)
  AclState& state = acl_state();
  const std::lock_guard lock(state.mutex);
  if (const aclError ready = acl_ready(state, false); ready != ACL_SUCCESS) return ready;
  if (!devPtr) return acl_invalid("aclrtFree: devPtr is null");
  const auto found = state.device_memory.find(reinterpret_cast<std::uintptr_t>(devPtr));
  if (found == state.device_memory.end()) {
    return acl_invalid("aclrtFree: the pointer is not the start of device memory (aclrtMalloc)");
  }
  state.used_bytes[static_cast<std::size_t>(found->second.device)] -= found->second.bytes;
  state.device_memory.erase(found);
  std::free(devPtr);
  return ACL_SUCCESS;
}

aclError aclrtMallocHost(void** hostPtr, std::size_t size) {
  ACCELBENCH_STANDIN_ENTER(aclrtMallocHost)
  AclState& state = acl_state();
  const std::lock_guard lock(state.mutex);
  if (const aclError ready = acl_ready(state, true); ready != ACL_SUCCESS) return ready;
  if (!hostPtr) return acl_invalid("aclrtMallocHost: hostPtr is null");
  if (size == 0) return acl_invalid("aclrtMallocHost: size is 0");
  void* memory = std::aligned_alloc(kAlignment, (size + kAlignment - 1) / kAlignment * kAlignment);
  if (!memory) {
    return acl_fail(standin::kAclErrorMemoryAllocation,
                    "aclrtMallocHost: no " + std::to_string(size) + " bytes of host memory");
  }
  state.host_memory.insert(memory);
  *hostPtr = memory;
  return ACL_SUCCESS;
}

aclError aclrtFreeHost(void* hostPtr) {
  ACCELBENCH_STANDIN_ENTER(aclrtFreeHost)
  AclState& state = acl_state();
  const std::lock_guard lock(state.mutex);
  if (const aclError ready = acl_ready(state, false); ready != ACL_SUCCESS) return ready;
  if (!hostPtr) return acl_invalid("aclrtFreeHost: hostPtr is null");
  if (state.host_memory.erase(hostPtr) == 0) {
    return acl_invalid("aclrtFreeHost: the pointer is not host memory of aclrtMallocHost");
  }
  std::free(hostPtr);
  return ACL_SUCCESS;
}

aclError aclrtMemcpy(void* dst, std::size_t destMax, const void* src, std::size_t count,
                     aclrtMemcpyKind kind) {
  ACCELBENCH_STANDIN_ENTER(aclrtMemcpy)
  return acl_copy("aclrtMemcpy", dst, destMax, src, count, kind, std::nullopt);
}

aclError aclrtMemcpyAsync(void* dst, std::size_t destMax, const void* src, std::size_t count,
                          aclrtMemcpyKind kind, aclrtStream stream) {
  ACCELBENCH_STANDIN_ENTER(aclrtMemcpyAsync)
  return acl_copy("aclrtMemcpyAsync", dst, destMax, src, count, kind, stream);
}

aclError aclrtCreateStream(aclrtStream* stream) {
  ACCELBENCH_STANDIN_ENTER(aclrtCreateStream)
  AclState& state = acl_state();
  const std::lock_guard lock(state.mutex);
  if (const aclError ready = acl_ready(state, true); ready != ACL_SUCCESS) return ready;
  if (!stream) return acl_invalid("aclrtCreateStream: stream is null");
  auto created = std::make_unique<AclStream>(AclStream{acl_current_device});
  *stream = created.get();
  state.streams.emplace(*stream, std::move(created));
  return ACL_SUCCESS;
}

aclError aclrtDestroyStream(aclrtStream stream) {
  ACCELBENCH_STANDIN_ENTER(aclrtDestroyStream)
  AclState& state = acl_state();
  const std::lock_guard lock(state.mutex);
  if (const aclError ready = acl_ready(state, false); ready != ACL_SUCCESS) return ready;
  if (!stream) return acl_invalid("aclrtDestroyStream: stream is null");
  if (state.streams.erase(stream) == 0) return acl_invalid("aclrtDestroyStream: unknown stream");
  return ACL_SUCCESS;
}

aclError aclrtSynchronizeStream(aclrtStream stream) {
  ACCELBENCH_STANDIN_ENTER(aclrtSynchronizeStream)
  AclState& state = acl_state();
  const std::lock_guard lock(state.mutex);
  if (const aclError ready = acl_ready(state, true); ready != ACL_SUCCESS) return ready;
  if (stream && !state.streams.contains(stream)) {
    return acl_invalid("aclrtSynchronizeStream: unknown stream");
  }
  return ACL_SUCCESS;  // its work ran when it was queued
}

aclError aclrtSynchronizeDevice() {
  ACCELBENCH_STANDIN_ENTER(aclrtSynchronizeDevice)
  AclState& state = acl_state();
  const std::lock_guard lock(state.mutex);
  return acl_ready(state, true);
}

aclError aclrtCreateEventWithFlag(aclrtEvent* event, std::uint32_t flag) {
  ACCELBENCH_STANDIN_ENTER(aclrtCreateEventWithFlag)
  AclState& state = acl_state();
  const std::lock_guard lock(state.mutex);
  if (const aclError ready = acl_ready(state, true); ready != ACL_SUCCESS) return ready;
  if (!event) return acl_invalid("aclrtCreateEventWithFlag: event is null");
  if ((flag & ~std::uint32_t{0xF}) != 0) {
    return acl_invalid("aclrtCreateEventWithFlag: unknown flag bits " + std::to_string(flag));
  }
  auto created = std::make_unique<AclEvent>();
  created->flags = flag;
  *event = created.get();
  state.events.emplace(*event, std::move(created));
  return ACL_SUCCESS;
}

aclError aclrtDestroyEvent(aclrtEvent event) {
  ACCELBENCH_STANDIN_ENTER(aclrtDestroyEvent)
  AclState& state = acl_state();
  const std::lock_guard lock(state.mutex);
  if (const aclError ready = acl_ready(state, false); ready != ACL_SUCCESS) return ready;
  if (!event) return acl_invalid("aclrtDestroyEvent: event is null");
  if (state.events.erase(event) == 0) return acl_invalid("aclrtDestroyEvent: unknown event");
  return ACL_SUCCESS;
}

aclError aclrtRecordEvent(aclrtEvent event, aclrtStream stream) {
  ACCELBENCH_STANDIN_ENTER(aclrtRecordEvent)
  AclState& state = acl_state();
  const std::lock_guard lock(state.mutex);
  if (const aclError ready = acl_ready(state, true); ready != ACL_SUCCESS) return ready;
  const auto found = state.events.find(event);
  if (!event || found == state.events.end()) {
    return acl_invalid("aclrtRecordEvent: unknown event");
  }
  if (stream && !state.streams.contains(stream)) {
    return acl_invalid("aclrtRecordEvent: unknown stream");
  }
  found->second->recorded = std::chrono::steady_clock::now();
  return ACL_SUCCESS;
}

aclError aclrtSynchronizeEvent(aclrtEvent event) {
  ACCELBENCH_STANDIN_ENTER(aclrtSynchronizeEvent)
  AclState& state = acl_state();
  const std::lock_guard lock(state.mutex);
  if (const aclError ready = acl_ready(state, false); ready != ACL_SUCCESS) return ready;
  if (!event || !state.events.contains(event)) {
    return acl_invalid("aclrtSynchronizeEvent: unknown event");
  }
  return ACL_SUCCESS;
}

aclError aclrtEventElapsedTime(float* ms, aclrtEvent startEvent, aclrtEvent endEvent) {
  ACCELBENCH_STANDIN_ENTER(aclrtEventElapsedTime)
  AclState& state = acl_state();
  const std::lock_guard lock(state.mutex);
  if (const aclError ready = acl_ready(state, false); ready != ACL_SUCCESS) return ready;
  if (!ms) return acl_invalid("aclrtEventElapsedTime: ms is null");
  const auto start = state.events.find(startEvent);
  const auto end = state.events.find(endEvent);
  if (!startEvent || !endEvent || start == state.events.end() || end == state.events.end()) {
    return acl_invalid("aclrtEventElapsedTime: unknown event");
  }
  if (!(start->second->flags & ACL_EVENT_TIME_LINE) ||
      !(end->second->flags & ACL_EVENT_TIME_LINE)) {
    return acl_invalid("aclrtEventElapsedTime: an event was created without ACL_EVENT_TIME_LINE");
  }
  if (!start->second->recorded || !end->second->recorded) {
    return acl_invalid("aclrtEventElapsedTime: an event was never recorded (aclrtRecordEvent)");
  }
  *ms = std::chrono::duration<float, std::milli>(*end->second->recorded - *start->second->recorded)
            .count();
  return ACL_SUCCESS;
}

const char* aclrtGetSocName() {
  if (standin::fault_injected("aclrtGetSocName")) return nullptr;
  return "Ascend910B3 (accelbench test stand-in: host memory, host clock)";
}

const char* aclGetRecentErrMsg() {
  if (standin::fault_injected("aclGetRecentErrMsg")) return nullptr;
  if (acl_recent_error.empty()) return nullptr;
  acl_returned_error = std::exchange(acl_recent_error, std::string());  // read once, as CANN's
  return acl_returned_error.c_str();
}

aclError aclrtGetVersion(std::int32_t* majorVersion, std::int32_t* minorVersion,
                         std::int32_t* patchVersion) {
  ACCELBENCH_STANDIN_ENTER(aclrtGetVersion)
  if (!majorVersion || !minorVersion || !patchVersion) {
    return acl_invalid("aclrtGetVersion: a version pointer is null");
  }
  *majorVersion = 1;
  *minorVersion = 0;
  *patchVersion = 0;
  return ACL_SUCCESS;
}

aclError aclGetDeviceCapability(std::uint32_t deviceId, aclDeviceInfo deviceInfo,
                                std::int64_t* value) {
  ACCELBENCH_STANDIN_ENTER(aclGetDeviceCapability)
  AclState& state = acl_state();
  const std::lock_guard lock(state.mutex);
  if (const aclError ready = acl_ready(state, false); ready != ACL_SUCCESS) return ready;
  if (!value) return acl_invalid("aclGetDeviceCapability: value is null");
  if (!acl_valid_device(state, deviceId)) {
    return acl_invalid("aclGetDeviceCapability: no device " + std::to_string(deviceId));
  }
  switch (deviceInfo) {
    case ACL_DEVICE_INFO_AI_CORE_NUM:
      *value = kAiCores;
      return ACL_SUCCESS;
    case ACL_DEVICE_INFO_VECTOR_CORE_NUM:
      *value = kVectorCores;
      return ACL_SUCCESS;
    case ACL_DEVICE_INFO_L2_SIZE:
      *value = kL2Bytes;
      return ACL_SUCCESS;
    default:
      return acl_invalid("aclGetDeviceCapability: unknown query " +
                         std::to_string(static_cast<int>(deviceInfo)));
  }
}

aclError aclsysGetCANNVersion(aclCANNPackageName name, aclCANNPackageVersion* version) {
  ACCELBENCH_STANDIN_ENTER(aclsysGetCANNVersion)
  if (!version) return acl_invalid("aclsysGetCANNVersion: version is null");
  if (name < ACL_PKG_NAME_CANN || name > ACL_PKG_NAME_DRIVER) {
    return acl_invalid("aclsysGetCANNVersion: unknown package " +
                       std::to_string(static_cast<int>(name)));
  }
  *version = aclCANNPackageVersion{};
  acl_copy_text(version->version, sizeof version->version,
                name == ACL_PKG_NAME_DRIVER ? "24.1.0 (accelbench stand-in, no driver)"
                                            : "8.0.0 (accelbench stand-in, not a CANN release)");
  acl_copy_text(version->majorVersion, sizeof version->majorVersion, "8");
  acl_copy_text(version->minorVersion, sizeof version->minorVersion, "0");
  acl_copy_text(version->releaseVersion, sizeof version->releaseVersion, "0");
  acl_copy_text(version->patchVersion, sizeof version->patchVersion, "0");
  return ACL_SUCCESS;
}

aclError aclrtDeviceCanAccessPeer(std::int32_t* canAccessPeer, std::int32_t deviceId,
                                  std::int32_t peerDeviceId) {
  ACCELBENCH_STANDIN_ENTER(aclrtDeviceCanAccessPeer)
  AclState& state = acl_state();
  const std::lock_guard lock(state.mutex);
  if (const aclError ready = acl_ready(state, false); ready != ACL_SUCCESS) return ready;
  if (!canAccessPeer) return acl_invalid("aclrtDeviceCanAccessPeer: canAccessPeer is null");
  if (!acl_valid_device(state, deviceId) || !acl_valid_device(state, peerDeviceId) ||
      deviceId == peerDeviceId) {
    return acl_invalid("aclrtDeviceCanAccessPeer: devices " + std::to_string(deviceId) + " and " +
                       std::to_string(peerDeviceId) + " are not two distinct devices");
  }
  *canAccessPeer = 1;
  return ACL_SUCCESS;
}

aclError aclrtDeviceEnablePeerAccess(std::int32_t peerDeviceId, std::uint32_t flags) {
  ACCELBENCH_STANDIN_ENTER(aclrtDeviceEnablePeerAccess)
  AclState& state = acl_state();
  const std::lock_guard lock(state.mutex);
  if (const aclError ready = acl_ready(state, true); ready != ACL_SUCCESS) return ready;
  if (flags != 0) return acl_invalid("aclrtDeviceEnablePeerAccess: flags must be 0");
  if (!acl_valid_device(state, peerDeviceId) || peerDeviceId == acl_current_device) {
    return acl_invalid("aclrtDeviceEnablePeerAccess: " + std::to_string(peerDeviceId) +
                       " is not another device than the current " +
                       std::to_string(acl_current_device));
  }
  if (!state.peer_enabled.insert({acl_current_device, peerDeviceId}).second) {
    return acl_invalid("aclrtDeviceEnablePeerAccess: access from device " +
                       std::to_string(acl_current_device) + " to " + std::to_string(peerDeviceId) +
                       " is already enabled");
  }
  return ACL_SUCCESS;
}

__attribute__((visibility("default"))) void accelbench_standin_acl_set_error(const char* message) {
  acl_fail(ACL_SUCCESS, message ? message : "");
}

__attribute__((visibility("default"))) int accelbench_standin_acl_device_of(const void* pointer,
                                                                            std::size_t bytes) {
  AclState& state = acl_state();
  const std::lock_guard lock(state.mutex);
  return acl_device_of_locked(state, pointer, bytes);
}

__attribute__((visibility("default"))) int accelbench_standin_acl_stream_exists(void* stream) {
  AclState& state = acl_state();
  const std::lock_guard lock(state.mutex);
  return !stream || state.streams.contains(stream) ? 1 : 0;
}

}  // extern "C"
