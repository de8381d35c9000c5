// NVML, loaded at run time: dlopen("libnvidia-ml.so.1") and every function
// looked up by name (newer names first, older ones as fallback), so the
// executable has no build or run dependency on NVML and runs where the driver
// is absent. nvml.h is not installed here: the few enumerations used are
// written out as the driver defines them. A function the driver lacks stays
// null and its reading is left out, never invented.
#pragma once

#include <string>

namespace accelbench::cuda::nvml {

using Result = int;    // nvmlReturn_t; NVML_SUCCESS is 0
using Handle = void*;  // nvmlDevice_t
inline constexpr Result kSuccess = 0;
inline constexpr Result kNotSupported = 3;  // NVML_ERROR_NOT_SUPPORTED

inline constexpr unsigned kClockSm = 1;          // NVML_CLOCK_SM
inline constexpr unsigned kClockMem = 2;         // NVML_CLOCK_MEM
inline constexpr unsigned kTemperatureGpu = 0;   // NVML_TEMPERATURE_GPU
inline constexpr unsigned kEccCorrected = 0;     // NVML_MEMORY_ERROR_TYPE_CORRECTED
inline constexpr unsigned kEccUncorrected = 1;   // NVML_MEMORY_ERROR_TYPE_UNCORRECTED
inline constexpr unsigned kEccVolatile = 0;      // NVML_VOLATILE_ECC
inline constexpr unsigned kNvLinkMaxLinks = 18;  // NVML_NVLINK_MAX_LINKS
inline constexpr unsigned kNvLinkReplay = 0;     // NVML_NVLINK_ERROR_DL_REPLAY
inline constexpr unsigned kNvLinkRecovery = 1;   // NVML_NVLINK_ERROR_DL_RECOVERY
inline constexpr unsigned kNvLinkCrcFlit = 2;    // NVML_NVLINK_ERROR_DL_CRC_FLIT

struct Library {
  Result (*count)(unsigned*) = nullptr;
  Result (*handle)(unsigned, Handle*) = nullptr;
  Result (*handle_by_bus_id)(const char*, Handle*) = nullptr;
  Result (*index)(Handle, unsigned*) = nullptr;
  Result (*clock)(Handle, unsigned, unsigned*) = nullptr;
  Result (*max_clock)(Handle, unsigned, unsigned*) = nullptr;
  Result (*temperature)(Handle, unsigned, unsigned*) = nullptr;
  Result (*power)(Handle, unsigned*) = nullptr;
  Result (*power_limit)(Handle, unsigned*) = nullptr;
  Result (*clock_events)(Handle, unsigned long long*) = nullptr;
  Result (*ecc)(Handle, unsigned, unsigned, unsigned long long*) = nullptr;
  Result (*remapped)(Handle, unsigned*, unsigned*, unsigned*, unsigned*) = nullptr;
  Result (*replay)(Handle, unsigned*) = nullptr;
  Result (*nvlink_state)(Handle, unsigned, unsigned*) = nullptr;
  Result (*nvlink_errors)(Handle, unsigned, unsigned, unsigned long long*) = nullptr;
  Result (*mig_mode)(Handle, unsigned*, unsigned*) = nullptr;
};

// NVML loaded and initialised, once per process; nullptr where it cannot be
// (no NVIDIA driver here).
const Library* library();

}  // namespace accelbench::cuda::nvml
