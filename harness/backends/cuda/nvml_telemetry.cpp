// NVML telemetry, loaded at run time: dlopen("libnvidia-ml.so.1") and every
// function looked up by name (newer names first, older ones as fallback), so
// the executable has no build or run dependency on NVML and runs where the
// driver is absent. Per GPU: SM and memory clocks, temperature, power, the
// clock-event (throttle) reasons bit mask, ECC error counts, remapped rows,
// the PCIe replay counter and the NVLink error counters summed over the active
// links; a reading the GPU or driver does not give is left out, never invented.
// Each run keeps every reading's min and max, so a counter's max - min is its
// change over the run.
#include <accelbench/telemetry.h>
#include <dlfcn.h>

#include <optional>
#include <string>
#include <vector>

namespace accelbench::cuda {
namespace {

using Result = int;    // nvmlReturn_t; NVML_SUCCESS is 0
using Handle = void*;  // nvmlDevice_t

// NVML's enumerations, as the driver defines them (nvml.h is not installed here).
constexpr unsigned kClockSm = 1;
constexpr unsigned kClockMem = 2;
constexpr unsigned kTemperatureGpu = 0;
constexpr unsigned kEccCorrected = 0;
constexpr unsigned kEccUncorrected = 1;
constexpr unsigned kEccVolatile = 0;
constexpr unsigned kNvLinkMaxLinks = 18;  // NVML_NVLINK_MAX_LINKS
constexpr unsigned kNvLinkReplay = 0;     // NVML_NVLINK_ERROR_DL_REPLAY
constexpr unsigned kNvLinkRecovery = 1;   // NVML_NVLINK_ERROR_DL_RECOVERY
constexpr unsigned kNvLinkCrcFlit = 2;    // NVML_NVLINK_ERROR_DL_CRC_FLIT

struct Nvml {
  void* library = nullptr;
  Result (*init)() = nullptr;
  Result (*count)(unsigned*) = nullptr;
  Result (*handle)(unsigned, Handle*) = nullptr;
  Result (*clock)(Handle, unsigned, unsigned*) = nullptr;
  Result (*temperature)(Handle, unsigned, unsigned*) = nullptr;
  Result (*power)(Handle, unsigned*) = nullptr;
  Result (*clock_events)(Handle, unsigned long long*) = nullptr;
  Result (*ecc)(Handle, unsigned, unsigned, unsigned long long*) = nullptr;
  Result (*remapped)(Handle, unsigned*, unsigned*, unsigned*, unsigned*) = nullptr;
  Result (*replay)(Handle, unsigned*) = nullptr;
  Result (*nvlink_state)(Handle, unsigned, unsigned*) = nullptr;
  Result (*nvlink_errors)(Handle, unsigned, unsigned, unsigned long long*) = nullptr;
};

template <class Function>
void look_up(void* library, Function& target, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (void* symbol = dlsym(library, name)) {
      target = reinterpret_cast<Function>(symbol);
      return;
    }
  }
}

class NvmlProvider final : public TelemetryProvider {
 public:
  explicit NvmlProvider(Nvml nvml) : nvml_(nvml) {
    unsigned count = 0;
    if (nvml_.count && nvml_.count(&count) == 0) {
      for (unsigned i = 0; i < count; ++i) {
        Handle h = nullptr;
        if (nvml_.handle && nvml_.handle(i, &h) == 0) devices_.push_back(h);
      }
    }
  }
  std::string name() const override { return "nvml"; }

  std::map<std::string, double> sample() override {
    std::map<std::string, double> out;
    for (std::size_t i = 0; i < devices_.size(); ++i) {
      const Handle h = devices_[i];
      const std::string prefix = "gpu" + std::to_string(i) + ".";
      unsigned value = 0;
      if (nvml_.clock && nvml_.clock(h, kClockSm, &value) == 0)
        out[prefix + "sm_clock_mhz"] = value;
      if (nvml_.clock && nvml_.clock(h, kClockMem, &value) == 0) {
        out[prefix + "memory_clock_mhz"] = value;
      }
      if (nvml_.temperature && nvml_.temperature(h, kTemperatureGpu, &value) == 0) {
        out[prefix + "temperature_c"] = value;
      }
      if (nvml_.power && nvml_.power(h, &value) == 0) out[prefix + "power_w"] = value / 1000.0;
      unsigned long long reasons = 0;
      if (nvml_.clock_events && nvml_.clock_events(h, &reasons) == 0) {
        out[prefix + "clock_event_reasons"] = static_cast<double>(reasons);
      }
      unsigned long long errors = 0;
      if (nvml_.ecc && nvml_.ecc(h, kEccCorrected, kEccVolatile, &errors) == 0) {
        out[prefix + "ecc_corrected"] = static_cast<double>(errors);
      }
      if (nvml_.ecc && nvml_.ecc(h, kEccUncorrected, kEccVolatile, &errors) == 0) {
        out[prefix + "ecc_uncorrected"] = static_cast<double>(errors);
      }
      unsigned corrected = 0, uncorrected = 0, pending = 0, failed = 0;
      if (nvml_.remapped && nvml_.remapped(h, &corrected, &uncorrected, &pending, &failed) == 0) {
        out[prefix + "remapped_rows_corrected"] = corrected;
        out[prefix + "remapped_rows_uncorrected"] = uncorrected;
        out[prefix + "remapping_pending"] = pending;
      }
      if (nvml_.replay && nvml_.replay(h, &value) == 0) out[prefix + "pcie_replays"] = value;
      add_nvlink_errors(h, prefix, out);
    }
    return out;
  }

 private:
  // Error counters summed over the active NVLinks (none: nothing reported).
  void add_nvlink_errors(Handle h, const std::string& prefix, std::map<std::string, double>& out) {
    if (!nvml_.nvlink_state || !nvml_.nvlink_errors) return;
    const std::pair<unsigned, const char*> counters[] = {
        {kNvLinkReplay, "nvlink_replays"},
        {kNvLinkRecovery, "nvlink_recoveries"},
        {kNvLinkCrcFlit, "nvlink_crc_flit_errors"}};
    bool any_link = false;
    std::map<std::string, double> sums;
    for (unsigned link = 0; link < kNvLinkMaxLinks; ++link) {
      unsigned active = 0;
      if (nvml_.nvlink_state(h, link, &active) != 0 || active == 0) continue;
      any_link = true;
      for (const auto& [counter, name] : counters) {
        unsigned long long value = 0;
        if (nvml_.nvlink_errors(h, link, counter, &value) == 0) sums[name] += value;
      }
    }
    if (!any_link) return;
    for (const auto& [name, value] : sums) out[prefix + name] = value;
  }

  Nvml nvml_;
  std::vector<Handle> devices_;
};

// NVML from `library_name`, or nullopt when it cannot be loaded or
// initialised (no NVIDIA driver here).
std::optional<Nvml> load_nvml(const char* library_name) {
  Nvml nvml;
  nvml.library = dlopen(library_name, RTLD_NOW | RTLD_LOCAL);
  if (!nvml.library) return std::nullopt;
  look_up(nvml.library, nvml.init, {"nvmlInit_v2", "nvmlInit"});
  look_up(nvml.library, nvml.count, {"nvmlDeviceGetCount_v2", "nvmlDeviceGetCount"});
  look_up(nvml.library, nvml.handle,
          {"nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetHandleByIndex"});
  look_up(nvml.library, nvml.clock, {"nvmlDeviceGetClockInfo"});
  look_up(nvml.library, nvml.temperature, {"nvmlDeviceGetTemperature"});
  look_up(nvml.library, nvml.power, {"nvmlDeviceGetPowerUsage"});
  look_up(nvml.library, nvml.clock_events,
          {"nvmlDeviceGetCurrentClocksEventReasons", "nvmlDeviceGetCurrentClocksThrottleReasons"});
  look_up(nvml.library, nvml.ecc, {"nvmlDeviceGetTotalEccErrors"});
  look_up(nvml.library, nvml.remapped, {"nvmlDeviceGetRemappedRows"});
  look_up(nvml.library, nvml.replay, {"nvmlDeviceGetPcieReplayCounter"});
  look_up(nvml.library, nvml.nvlink_state, {"nvmlDeviceGetNvLinkState"});
  look_up(nvml.library, nvml.nvlink_errors, {"nvmlDeviceGetNvLinkErrorCounter"});
  if (!nvml.init || nvml.init() != 0) {
    dlclose(nvml.library);
    return std::nullopt;
  }
  return nvml;
}

ACCELBENCH_REGISTER_TELEMETRY(kNvmlTelemetry, []() -> std::unique_ptr<TelemetryProvider> {
  auto nvml = load_nvml("libnvidia-ml.so.1");
  if (!nvml) return nullptr;  // no NVIDIA driver: no readings, none invented
  return std::make_unique<NvmlProvider>(*nvml);
});

}  // namespace
}  // namespace accelbench::cuda
