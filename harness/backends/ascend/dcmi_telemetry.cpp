// DCMI telemetry (dcmi_api.h: libdcmi.so loaded at run time). Per NPU, named
// by its DCMI logical id ("npu0": AscendCL's device 0 unless
// ASCEND_RT_VISIBLE_DEVICES renumbers AscendCL's devices; every NPU of the
// node is read, as NVML reads every GPU): temperature, power, AI Core clock,
// HBM use, the HBM's ECC error counts and the health code. A reading the NPU
// or driver does not give is left out, never invented.
//
// Names follow NVML's (nvml_telemetry.cpp) so the harness treats them alike:
// each run keeps every reading's min, max, before and after, and the ECC
// counts are "ecc_corrected" (single-bit) and "ecc_uncorrected" (multi-bit),
// the counter kinds `fleet` knows, so their change over a run is found the
// same way as NVML's.
#include <accelbench/telemetry.h>

#include <string>

#include "ascend/dcmi_library.h"

namespace accelbench::ascend::dcmi {
namespace {

constexpr double kBytesPerDcmiMegabyte = 1024.0 * 1024.0;  // DCMI's MB, as npu-smi shows them

class DcmiProvider final : public TelemetryProvider {
 public:
  explicit DcmiProvider(const Library& dcmi) : dcmi_(dcmi) {}
  std::string name() const override { return "dcmi"; }

  std::map<std::string, double> sample() override {
    std::map<std::string, double> out;
    for (const Npu& npu : dcmi_.npus) add_npu(npu, "npu" + std::to_string(npu.logic_id) + ".", out);
    return out;
  }

 private:
  void add_npu(const Npu& npu, const std::string& prefix, std::map<std::string, double>& out) {
    const Functions& call = dcmi_.call;
    const int card = npu.card, device = npu.device;
    int signed_value = 0;
    if (call.dcmi_get_device_temperature &&
        call.dcmi_get_device_temperature(card, device, &signed_value) == DCMI_OK) {
      out[prefix + "temperature_c"] = signed_value;
    }
    if (call.dcmi_get_device_power_info &&
        call.dcmi_get_device_power_info(card, device, &signed_value) == DCMI_OK) {
      out[prefix + "power_w"] = signed_value / 10.0;  // DCMI reports 0.1 W
    }
    unsigned value = 0;
    if (call.dcmi_get_device_frequency &&
        call.dcmi_get_device_frequency(card, device, DCMI_FREQ_AICORE_CURRENT, &value) == DCMI_OK) {
      out[prefix + "aicore_clock_mhz"] = value;
    }
    dcmi_hbm_info hbm{};
    if (call.dcmi_get_device_hbm_info &&
        call.dcmi_get_device_hbm_info(card, device, &hbm) == DCMI_OK) {
      out[prefix + "hbm_used_bytes"] =
          static_cast<double>(hbm.memory_usage) * kBytesPerDcmiMegabyte;
      if (hbm.memory_size > 0) {
        out[prefix + "hbm_used_percent"] =
            100.0 * static_cast<double>(hbm.memory_usage) / static_cast<double>(hbm.memory_size);
      }
    }
    dcmi_ecc_info ecc{};
    if (call.dcmi_get_device_ecc_info &&
        call.dcmi_get_device_ecc_info(card, device, DCMI_DEVICE_TYPE_HBM, &ecc) == DCMI_OK &&
        ecc.enable_flag != 0) {  // ECC off: the counts say nothing
      out[prefix + "ecc_corrected"] = ecc.single_bit_error_cnt;
      out[prefix + "ecc_uncorrected"] = ecc.double_bit_error_cnt;
    }
    if (call.dcmi_get_device_health &&
        call.dcmi_get_device_health(card, device, &value) == DCMI_OK && value != kHealthNoDevice) {
      out[prefix + "health"] = value;  // 0 normal, 1 minor, 2 major, 3 critical alarm
    }
  }

  const Library& dcmi_;
};

ACCELBENCH_REGISTER_TELEMETRY(kDcmiTelemetry, []() -> std::unique_ptr<TelemetryProvider> {
  const Library& dcmi = library();
  if (!dcmi.problem.empty() || dcmi.npus.empty()) return nullptr;  // no NPU driver: no readings
  return std::make_unique<DcmiProvider>(dcmi);
});

}  // namespace
}  // namespace accelbench::ascend::dcmi
