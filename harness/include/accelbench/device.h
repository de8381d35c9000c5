// Devices and backends. A backend (cpu, opencl, cuda, ...) enumerates its
// devices; each device has an id "<backend>:<index>" and a description that
// goes into sysinfo and every results file.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace accelbench {

struct Device {
  std::string id;  // "cpu:0", "cuda:1"
  std::string backend;
  int index = 0;
  std::string name;
  nlohmann::ordered_json description;
};

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
