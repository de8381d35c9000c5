#include "cpu_clock.h"

#include <accelbench/topology.h>

#include <algorithm>
#include <chrono>
#include <vector>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

namespace accelbench::cpu {
namespace {

#if defined(__x86_64__)
constexpr std::int64_t kAddsPerBlock = 100;
constexpr std::int64_t kBlocks = 100000;  // 10^7 adds, about 3 ms at 3 GHz

// 10^7 dependent adds: each needs the previous result, one cycle apiece.
double time_add_chain() {
  std::uint64_t x = 0;
  const auto start = std::chrono::steady_clock::now();
  for (std::int64_t i = 0; i < kBlocks; ++i) {
    asm volatile(".rept 100\n\tadd $1, %0\n\t.endr" : "+r"(x));
  }
  const auto stop = std::chrono::steady_clock::now();
  return std::chrono::duration<double>(stop - start).count();
}
#endif

}  // namespace

nlohmann::ordered_json ClockMeasurement::to_json() const {
  return {{"ghz", ghz}, {"pu", pu}, {"method", method}};
}

ClockMeasurement measure_core_clock() {
  ClockMeasurement m;
#if defined(__x86_64__)
  const auto warm_until = std::chrono::steady_clock::now() + std::chrono::milliseconds(20);
  while (std::chrono::steady_clock::now() < warm_until) time_add_chain();
  std::vector<double> ghz;
  for (int i = 0; i < 5; ++i) {
    ghz.push_back(static_cast<double>(kAddsPerBlock * kBlocks) / time_add_chain() / 1e9);
  }
  std::sort(ghz.begin(), ghz.end());
  m.ghz = ghz[ghz.size() / 2];
  hwloc_bitmap_t where = hwloc_bitmap_alloc();
  if (hwloc_get_last_cpu_location(host_topology().get(), where, HWLOC_CPUBIND_THREAD) == 0) {
    m.pu = hwloc_bitmap_first(where);
  }
  hwloc_bitmap_free(where);
  m.method = "median of 5 timings of 10^7 dependent 1-cycle integer adds, after 20 ms warm-up";
#else
  m.method = "not implemented for this architecture";
#endif
  return m;
}

bool is_amd_family_19h() {
#if defined(__x86_64__)
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(0, &eax, &ebx, &ecx, &edx)) return false;
  const bool amd = ebx == 0x68747541 && edx == 0x69746e65 && ecx == 0x444d4163;  // "AuthenticAMD"
  if (!amd || !__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return false;
  const unsigned family = ((eax >> 8) & 0xf) + ((eax >> 20) & 0xff);
  return family == 0x19;
#else
  return false;
#endif
}

}  // namespace accelbench::cpu
