// NVML telemetry (nvml_library.h: loaded at run time). Per GPU, in NVML's
// index order (a CUDA device's description gives its NVML index): SM and
// memory clocks, temperature, power, the clock-event (throttle) reasons bit
// mask, ECC error counts, remapped rows, the PCIe replay counter and the
// NVLink error counters summed over the active links; a reading the GPU or
// driver does not give is left out, never invented. Each run keeps every
// reading's min and max, so a counter's max - min is its change over the run.
#include <accelbench/telemetry.h>

#include <string>
#include <vector>

#include "cuda/nvml_library.h"

namespace accelbench::cuda {
namespace {

using nvml::Handle;

class NvmlProvider final : public TelemetryProvider {
 public:
  explicit NvmlProvider(const nvml::Library& nvml) : nvml_(nvml) {
    unsigned count = 0;
    if (nvml_.count && nvml_.count(&count) == nvml::kSuccess) {
      for (unsigned i = 0; i < count; ++i) {
        Handle h = nullptr;
        if (nvml_.handle && nvml_.handle(i, &h) == nvml::kSuccess) devices_.push_back(h);
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
      if (nvml_.clock && nvml_.clock(h, nvml::kClockSm, &value) == nvml::kSuccess) {
        out[prefix + "sm_clock_mhz"] = value;
      }
      if (nvml_.clock && nvml_.clock(h, nvml::kClockMem, &value) == nvml::kSuccess) {
        out[prefix + "memory_clock_mhz"] = value;
      }
      if (nvml_.temperature &&
          nvml_.temperature(h, nvml::kTemperatureGpu, &value) == nvml::kSuccess) {
        out[prefix + "temperature_c"] = value;
      }
      if (nvml_.power && nvml_.power(h, &value) == nvml::kSuccess) {
        out[prefix + "power_w"] = value / 1000.0;
      }
      unsigned long long reasons = 0;
      if (nvml_.clock_events && nvml_.clock_events(h, &reasons) == nvml::kSuccess) {
        out[prefix + "clock_event_reasons"] = static_cast<double>(reasons);
      }
      unsigned long long errors = 0;
      if (nvml_.ecc &&
          nvml_.ecc(h, nvml::kEccCorrected, nvml::kEccVolatile, &errors) == nvml::kSuccess) {
        out[prefix + "ecc_corrected"] = static_cast<double>(errors);
      }
      if (nvml_.ecc &&
          nvml_.ecc(h, nvml::kEccUncorrected, nvml::kEccVolatile, &errors) == nvml::kSuccess) {
        out[prefix + "ecc_uncorrected"] = static_cast<double>(errors);
      }
      unsigned corrected = 0, uncorrected = 0, pending = 0, failed = 0;
      if (nvml_.remapped &&
          nvml_.remapped(h, &corrected, &uncorrected, &pending, &failed) == nvml::kSuccess) {
        out[prefix + "remapped_rows_corrected"] = corrected;
        out[prefix + "remapped_rows_uncorrected"] = uncorrected;
        out[prefix + "remapping_pending"] = pending;
      }
      if (nvml_.replay && nvml_.replay(h, &value) == nvml::kSuccess) {
        out[prefix + "pcie_replays"] = value;
      }
      add_nvlink_errors(h, prefix, out);
    }
    return out;
  }

 private:
  // Error counters summed over the active NVLinks (none: nothing reported).
  void add_nvlink_errors(Handle h, const std::string& prefix, std::map<std::string, double>& out) {
    if (!nvml_.nvlink_state || !nvml_.nvlink_errors) return;
    const std::pair<unsigned, const char*> counters[] = {
        {nvml::kNvLinkReplay, "nvlink_replays"},
        {nvml::kNvLinkRecovery, "nvlink_recoveries"},
        {nvml::kNvLinkCrcFlit, "nvlink_crc_flit_errors"}};
    bool any_link = false;
    std::map<std::string, double> sums;
    for (unsigned link = 0; link < nvml::kNvLinkMaxLinks; ++link) {
      unsigned active = 0;
      if (nvml_.nvlink_state(h, link, &active) != nvml::kSuccess || active == 0) continue;
      any_link = true;
      for (const auto& [counter, name] : counters) {
        unsigned long long value = 0;
        if (nvml_.nvlink_errors(h, link, counter, &value) == nvml::kSuccess) sums[name] += value;
      }
    }
    if (!any_link) return;
    for (const auto& [name, value] : sums) out[prefix + name] = value;
  }

  const nvml::Library& nvml_;
  std::vector<Handle> devices_;
};

ACCELBENCH_REGISTER_TELEMETRY(kNvmlTelemetry, []() -> std::unique_ptr<TelemetryProvider> {
  const nvml::Library* nvml = nvml::library();
  if (!nvml) return nullptr;  // no NVIDIA driver: no readings, none invented
  return std::make_unique<NvmlProvider>(*nvml);
});

}  // namespace
}  // namespace accelbench::cuda
