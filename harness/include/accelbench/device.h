// Devices and backends. A backend (cpu, opencl, cuda, ...) enumerates its
// devices; each device has an id "<backend>:<index>" and a description that
// goes into sysinfo and every results file.
#pragma once

#include <accelbench/error.h>

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace accelbench {

// What benchmarks size and check their work by, typed. A backend sets what its
// runtime reports; a fact it does not report stays empty. A benchmark that
// cannot run without a fact asks with required() (the instance is then
// skipped, naming the fact); one that can do without says what it does then.
struct DeviceFacts {
  std::optional<int> compute_units;                   // SMs, compute units, cores
  std::optional<double> clock_mhz;                    // the compute units' maximum clock
  std::optional<std::uint64_t> memory_bytes;          // the device's own memory
  std::optional<std::uint64_t> max_allocation_bytes;  // the largest single buffer
  std::optional<std::uint64_t> last_level_cache_bytes;
  std::optional<std::uint64_t> max_work_group_size;  // threads of one block or work-group
  std::optional<std::string> architecture;           // "8.0" (compute capability), ...
  std::optional<std::vector<int>> peer_access;       // indices of devices whose memory it reaches
  // Devices of its backend this process sees, itself included: indices 0 …
  // n − 1, the peers a transfer can address (those in peer_access directly,
  // the others through host memory).
  std::optional<int> visible_devices;
  std::optional<bool> unified_memory;  // works on host memory (a CPU device)
  std::optional<bool> gpu;             // a GPU (SIMT), not a CPU or another device
  // The host NUMA node nearest the device (its PCI parent's first node).
  std::optional<int> host_numa_node;
  // The vector width the device prefers per element type ("fp32", "fp64",
  // "fp16"; 0: the type is not supported), e.g. OpenCL's
  // CL_DEVICE_PREFERRED_VECTOR_WIDTH_*.
  std::optional<std::map<std::string, int>> preferred_vector_widths;
};

// In the results file and across processes: the facts that are set, e.g.
// {"compute_units": 132, "memory_bytes": 150... }. from_facts_json throws a
// usage error naming `what` and the field on a wrong type or unknown field.
nlohmann::ordered_json facts_json(const DeviceFacts& facts);
DeviceFacts facts_from_json(const nlohmann::ordered_json& json, const std::string& what);

struct Device {
  std::string id;  // "cpu:0", "cuda:1"
  std::string backend;
  int index = 0;
  std::string name;
  nlohmann::ordered_json description;  // everything the backend tells, for people
  DeviceFacts facts;                   // what benchmarks read
};

// A fact the benchmark cannot run without: its value, or Error(kUnsupported)
// "cuda:0 does not report its <what>", which makes the instance skipped.
template <class T>
const T& required(const Device& device, const std::optional<T>& fact, std::string_view what) {
  if (!fact) throw unsupported(device.id + " does not report its " + std::string(what));
  return *fact;
}

struct Backend {
  std::string name;
  // Throws Error(kUnsupported) when the backend's runtime is missing here.
  std::function<std::vector<Device>()> enumerate;
  // The runtime cannot be used in a process forked after it was initialised
  // (PoCL's and CUDA's worker threads do not survive fork): enumeration then
  // runs in a short-lived child, so the parent stays clean for --isolate.
  bool enumerate_in_child = false;
  // Its benchmarks run across the ranks of a parallel job (mpi, nccl); under
  // mpirun only these run.
  bool spans_ranks = false;
};

class BackendRegistry {
 public:
  static BackendRegistry& instance();
  void add(Backend backend);  // throws std::logic_error on a duplicate name
  const std::vector<Backend>& all() const { return backends_; }

 private:
  std::vector<Backend> backends_;
};

}  // namespace accelbench

// Registers a backend at static-initialisation time, next to its code.
#define ACCELBENCH_REGISTER_BACKEND(variable, ...)              \
  [[maybe_unused]] static const bool variable = [] {            \
    ::accelbench::BackendRegistry::instance().add(__VA_ARGS__); \
    return true;                                                \
  }()
