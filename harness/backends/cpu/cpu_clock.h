// The core clock as the cores actually run it. /proc/cpuinfo's "MHz" is
// often the timestamp-counter rate (on the development VM 2.6 GHz while the
// cores run near 3.6 GHz), so a peak derived from it is wrong: time a chain
// of dependent integer adds (one cycle each) instead.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace accelbench::cpu {

struct ClockMeasurement {
  double ghz = 0;  // 0 when not measurable on this architecture
  int pu = -1;     // where it was measured
  std::string method;
  nlohmann::ordered_json to_json() const;
};

// Measures on the calling thread (after a short warm-up so the core leaves
// any idle clock): the median of 5 timings of 10^7 dependent adds.
ClockMeasurement measure_core_clock();

// AMD family 19h (Zen 3, Zen 4): with AVX-512 (Zen 4) 512-bit FMAs run as two
// 256-bit halves.
bool is_amd_family_19h();

}  // namespace accelbench::cpu
