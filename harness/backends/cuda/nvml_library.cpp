#include "cuda/nvml_library.h"

#include <dlfcn.h>

#include <initializer_list>
#include <optional>

namespace accelbench::cuda::nvml {
namespace {

template <class Function>
void look_up(void* library, Function& target, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (void* symbol = dlsym(library, name)) {
      target = reinterpret_cast<Function>(symbol);
      return;
    }
  }
}

std::optional<Library> load(const char* library_name) {
  void* library = dlopen(library_name, RTLD_NOW | RTLD_LOCAL);
  if (!library) return std::nullopt;
  Result (*init)() = nullptr;
  look_up(library, init, {"nvmlInit_v2", "nvmlInit"});
  if (!init || init() != kSuccess) {
    dlclose(library);
    return std::nullopt;
  }
  Library nvml;
  look_up(library, nvml.count, {"nvmlDeviceGetCount_v2", "nvmlDeviceGetCount"});
  look_up(library, nvml.handle, {"nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetHandleByIndex"});
  look_up(library, nvml.handle_by_bus_id,
          {"nvmlDeviceGetHandleByPciBusId_v2", "nvmlDeviceGetHandleByPciBusId"});
  look_up(library, nvml.index, {"nvmlDeviceGetIndex"});
  look_up(library, nvml.clock, {"nvmlDeviceGetClockInfo"});
  look_up(library, nvml.max_clock, {"nvmlDeviceGetMaxClockInfo"});
  look_up(library, nvml.temperature, {"nvmlDeviceGetTemperature"});
  look_up(library, nvml.power, {"nvmlDeviceGetPowerUsage"});
  look_up(library, nvml.power_limit, {"nvmlDeviceGetEnforcedPowerLimit"});
  look_up(library, nvml.clock_events,
          {"nvmlDeviceGetCurrentClocksEventReasons", "nvmlDeviceGetCurrentClocksThrottleReasons"});
  look_up(library, nvml.ecc, {"nvmlDeviceGetTotalEccErrors"});
  look_up(library, nvml.remapped, {"nvmlDeviceGetRemappedRows"});
  look_up(library, nvml.replay, {"nvmlDeviceGetPcieReplayCounter"});
  look_up(library, nvml.nvlink_state, {"nvmlDeviceGetNvLinkState"});
  look_up(library, nvml.nvlink_errors, {"nvmlDeviceGetNvLinkErrorCounter"});
  look_up(library, nvml.mig_mode, {"nvmlDeviceGetMigMode"});
  return nvml;  // the library stays loaded for the life of the process
}

}  // namespace

const Library* library() {
  static const std::optional<Library> nvml = load("libnvidia-ml.so.1");
  return nvml ? &*nvml : nullptr;
}

}  // namespace accelbench::cuda::nvml
