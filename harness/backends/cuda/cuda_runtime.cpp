#include "cuda/cuda_runtime.h"

#include <accelbench/topology.h>

#include <cstdio>
#include <optional>
#include <system_error>
#include <vector>

#include "cuda/nvml_library.h"

namespace accelbench::cuda {
namespace {

int attribute(cudaDeviceAttr what, int device) {
  int value = 0;
  check(cudaDeviceGetAttribute(&value, what, device), "cudaDeviceGetAttribute", __FILE__, __LINE__);
  return value;
}

std::string uuid_text(const cudaUUID_t& uuid) {
  std::string out = "GPU-";
  char part[3];
  for (int i = 0; i < 16; ++i) {
    std::snprintf(part, sizeof part, "%02x", static_cast<unsigned char>(uuid.bytes[i]));
    out += part;
    if (i == 3 || i == 5 || i == 7 || i == 9) out += '-';
  }
  return out;
}

std::string version_text(int version) {
  return std::to_string(version / 1000) + "." + std::to_string(version % 1000 / 10);
}

// What NVML adds to the description of the GPU at `bus_id`: its NVML index
// (the N of the telemetry's "nvml.gpuN." readings), MIG mode, the highest
// clocks and the enforced power limit; null without NVML. A value the driver
// does not give is left out.
nlohmann::ordered_json nvml_description(const std::string& bus_id) {
  const nvml::Library* nvml = nvml::library();
  nvml::Handle h = nullptr;
  if (!nvml || !nvml->handle_by_bus_id ||
      nvml->handle_by_bus_id(bus_id.c_str(), &h) != nvml::kSuccess) {
    return nullptr;
  }
  const auto mode = [](unsigned m) { return m == 1 ? "enabled" : "disabled"; };
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  unsigned value = 0, pending = 0;
  if (nvml->index && nvml->index(h, &value) == nvml::kSuccess) out["index"] = value;
  if (nvml->mig_mode) {
    const nvml::Result result = nvml->mig_mode(h, &value, &pending);
    if (result == nvml::kSuccess) {
      out["mig_mode"] = mode(value);
      out["mig_mode_pending"] = mode(pending);
    } else if (result == nvml::kNotSupported) {
      out["mig_mode"] = "not supported";
    }
  }
  if (nvml->max_clock && nvml->max_clock(h, nvml::kClockSm, &value) == nvml::kSuccess) {
    out["max_sm_clock_mhz"] = value;
  }
  if (nvml->max_clock && nvml->max_clock(h, nvml::kClockMem, &value) == nvml::kSuccess) {
    out["max_memory_clock_mhz"] = value;
  }
  if (nvml->power_limit && nvml->power_limit(h, &value) == nvml::kSuccess) {
    out["power_limit_w"] = value / 1000.0;
  }
  return out;
}

std::vector<Device> enumerate() {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status == cudaErrorNoDevice || status == cudaErrorInsufficientDriver ||
      status == cudaErrorInitializationError || (status == cudaSuccess && count == 0)) {
    cudaGetLastError();
    throw unsupported(std::string("no CUDA device: ") + cudaGetErrorString(status));
  }
  check(status, "cudaGetDeviceCount", __FILE__, __LINE__);
  int driver = 0, runtime = 0;
  cudaDriverGetVersion(&driver);
  cudaRuntimeGetVersion(&runtime);
  std::vector<Device> devices;
  for (int d = 0; d < count; ++d) {
    cudaDeviceProp p{};
    check(cudaGetDeviceProperties(&p, d), "cudaGetDeviceProperties", __FILE__, __LINE__);
    char bus_id[32];
    std::snprintf(bus_id, sizeof bus_id, "%04x:%02x:%02x.0", p.pciDomainID, p.pciBusID,
                  p.pciDeviceID);
    nlohmann::ordered_json peers = nlohmann::ordered_json::array();
    std::vector<int> reachable;
    for (int other = 0; other < count; ++other) {
      int can = 0;
      if (other != d) cudaDeviceCanAccessPeer(&can, d, other);
      peers.push_back(other == d ? nlohmann::ordered_json(nullptr)
                                 : nlohmann::ordered_json(can == 1));
      if (can == 1) reachable.push_back(other);
    }
    nlohmann::ordered_json description = {
        {"name", p.name},
        {"uuid", uuid_text(p.uuid)},
        {"pci_bus_id", bus_id},
        {"compute_capability", std::to_string(p.major) + "." + std::to_string(p.minor)},
        {"sm_count", p.multiProcessorCount},
        {"sm_clock_mhz", attribute(cudaDevAttrClockRate, d) / 1000},
        {"memory_clock_mhz", attribute(cudaDevAttrMemoryClockRate, d) / 1000},
        {"memory_bus_width_bits", p.memoryBusWidth},
        {"memory_bytes", p.totalGlobalMem},
        {"l2_cache_bytes", p.l2CacheSize},
        {"ecc_enabled", p.ECCEnabled == 1},
        {"copy_engines", p.asyncEngineCount},
        {"integrated", p.integrated == 1},
        {"driver_version", version_text(driver)},
        {"runtime_version", version_text(runtime)},
        {"peer_access", peers},
        {"host_locality", host_topology().pci_locality(bus_id)},
        {"nvml", nvml_description(bus_id)}};
    DeviceFacts facts;
    facts.compute_units = p.multiProcessorCount;
    // NVML's highest SM clock where NVML gives it, else the runtime's.
    const auto& nvml = description["nvml"];
    facts.clock_mhz = nvml.is_object() && nvml.contains("max_sm_clock_mhz")
                          ? nvml["max_sm_clock_mhz"].get<double>()
                          : attribute(cudaDevAttrClockRate, d) / 1000.0;
    facts.memory_bytes = p.totalGlobalMem;
    facts.max_allocation_bytes = p.totalGlobalMem;
    if (p.l2CacheSize > 0) facts.last_level_cache_bytes = p.l2CacheSize;
    facts.max_work_group_size = p.maxThreadsPerBlock;
    facts.architecture = std::to_string(p.major) + "." + std::to_string(p.minor);
    facts.peer_access = std::move(reachable);
    facts.visible_devices = count;
    facts.unified_memory = p.integrated == 1;
    facts.gpu = true;
    facts.host_numa_node = first_numa_node(description["host_locality"]);
    devices.push_back(
        {"cuda:" + std::to_string(d), "cuda", d, p.name, std::move(description), std::move(facts)});
  }
  return devices;
}

ACCELBENCH_REGISTER_BACKEND(kCudaBackend, {"cuda", enumerate, true});

}  // namespace

void check(cudaError_t status, const char* call, const char* file, int line) {
  if (status == cudaSuccess) return;
  throw failure(std::string(call) + " failed: " + cudaGetErrorName(status) + " (" +
                cudaGetErrorString(status) + ") at " + file + ":" + std::to_string(line));
}

void use_device(const Device& device) {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess || device.index >= count) {
    cudaGetLastError();
    throw unsupported(device.id + " is gone: this process finds " + std::to_string(count) +
                      " CUDA device(s)");
  }
  ACCELBENCH_CUDA_CHECK(cudaSetDevice(device.index));
  cudaDeviceProp p{};
  ACCELBENCH_CUDA_CHECK(cudaGetDeviceProperties(&p, device.index));
  if (device.name != p.name) {
    throw unsupported(device.id + " is now '" + p.name + "', not '" + device.name + "'");
  }
}

void enable_peer_access(int from, int to) {
  int can = 0;
  ACCELBENCH_CUDA_CHECK(cudaDeviceCanAccessPeer(&can, from, to));
  if (can != 1) {
    throw unsupported("cuda:" + std::to_string(from) + " cannot access the memory of cuda:" +
                      std::to_string(to) + " (no peer access between them)");
  }
  ACCELBENCH_CUDA_CHECK(cudaSetDevice(from));
  const cudaError_t status = cudaDeviceEnablePeerAccess(to, 0);
  if (status == cudaErrorPeerAccessAlreadyEnabled) {
    cudaGetLastError();
    return;
  }
  ACCELBENCH_CUDA_CHECK(status);
}

double elapsed_seconds(cudaEvent_t start, cudaEvent_t stop) {
  ACCELBENCH_CUDA_CHECK(cudaEventSynchronize(stop));
  float ms = 0;
  ACCELBENCH_CUDA_CHECK(cudaEventElapsedTime(&ms, start, stop));
  return static_cast<double>(ms) * 1e-3;
}

void EventPair::create() {
  if (start_) return;
  ACCELBENCH_CUDA_CHECK(cudaEventCreate(&start_));
  const cudaError_t status = cudaEventCreate(&stop_);
  if (status != cudaSuccess) {
    cudaEventDestroy(std::exchange(start_, nullptr));
    ACCELBENCH_CUDA_CHECK(status);
  }
}

EventPair::~EventPair() {
  if (start_) cudaEventDestroy(start_);
  if (stop_) cudaEventDestroy(stop_);
}

Stream::~Stream() {
  if (stream_) cudaStreamDestroy(stream_);
}

void Stream::create() {
  if (!stream_) ACCELBENCH_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking));
}

void Stream::synchronize() const { ACCELBENCH_CUDA_CHECK(cudaStreamSynchronize(stream_)); }

}  // namespace accelbench::cuda
