// stability/os_noise: host jitter by fixed work quantum (FWQ).
//
//   on every core at once, pinned: repeat { t0; quantum of fixed work; t1 }
//
// The quantum is a dependent chain of 64-bit LCG steps, the same work every
// time, so any quantum slower than the fastest was delayed by something else:
// interrupts, the hypervisor, other processes, frequency changes. Per core:
// noise fraction = 1 − Σ t_min / Σ t_i = 1 − n·t_min / Σ t_i (the share of
// time lost to detours) and the largest detour max(t_i) − t_min.
// Metric: wall time of an iteration / quanta per thread (ns per quantum).
#pragma once

#include <accelbench/benchmark.h>

#include <cstdint>
#include <vector>

namespace accelbench::os_noise {

inline constexpr std::int64_t kStepsPerQuantum = 2000;
inline constexpr std::int64_t kQuantaPerIteration = 2000;
inline constexpr std::size_t kMaxSamplesPerThread = std::size_t{1} << 20;

// One LCG step (Knuth's MMIX constants).
constexpr std::uint64_t lcg(std::uint64_t x) {
  return x * 6364136223846793005ULL + 1442695040888963407ULL;
}

// The state after `steps` LCG steps from `x`, in O(log steps): each step is
// the affine map x -> a x + c, and maps compose (square and multiply).
std::uint64_t lcg_jump(std::uint64_t x, std::uint64_t steps);

// The seed of thread t.
constexpr std::uint64_t seed(int thread) { return 0x9e3779b97f4a7c15ULL * (thread + 1); }

int threads(const Params& params);

struct CoreNoise {
  double min_ns = 0;
  double median_ns = 0;
  double max_ns = 0;
  double noise_fraction = 0;  // 1 − n·t_min / Σ t
  double max_detour_ns = 0;   // max − min
  std::uint64_t quanta = 0;
  std::uint64_t slow_quanta = 0;  // more than 10% over t_min
};

// Throws std::invalid_argument on no samples.
CoreNoise summarize_core(const std::vector<double>& quantum_ns);

// Per instance: the noisiest core and its figures.
nlohmann::ordered_json analyze(const std::vector<SweepPoint>& points);

// The benchmark's spec (claim, metric, parameters, footprint), shared by every
// backend.
const Spec& spec();

}  // namespace accelbench::os_noise
