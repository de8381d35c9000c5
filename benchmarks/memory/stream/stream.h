// memory/stream_{copy,scale,add,triad,dot}: sustainable memory bandwidth, as
// McCalpin's STREAM and BabelStream define it.
//
//   copy   c[i] = a[i]              2 × 8 B per element, 0 FLOP
//   scale  b[i] = q · c[i]          2 × 8 B per element, 1 FLOP
//   add    c[i] = a[i] + b[i]       3 × 8 B per element, 1 FLOP
//   triad  a[i] = b[i] + q · c[i]   3 × 8 B per element, 2 FLOP
//   dot    s = Σ a[i] · b[i]        2 × 8 B per element, 2 FLOP
//
// Unit GB/s (1e9 B/s); bytes are counted as STREAM does: each array read or
// written once per element, write-allocate traffic not counted. Each kernel
// is its own benchmark and is idempotent (its output is not its input), so
// every element can be verified after any number of iterations against gold
// values replayed from the random initial data.
#pragma once

#include <accelbench/benchmark.h>
#include <accelbench/sweep_analysis.h>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace accelbench::stream {

enum class Kernel { kCopy, kScale, kAdd, kTriad, kDot };
inline constexpr std::array<Kernel, 5> kKernels{Kernel::kCopy, Kernel::kScale, Kernel::kAdd,
                                                Kernel::kTriad, Kernel::kDot};
enum class Array { kA, kB, kC };

inline constexpr double kScalar = 0.4;  // STREAM's and BabelStream's q

std::string_view kernel_name(Kernel kernel);

// Random, incompressible initial value of array element `index`, in [1, 2).
double initial_value(Array array, std::uint64_t index);

// Parameters: array_bytes (each of the three arrays) and, on host backends,
// threads. Throws a usage error for arrays under one page or a thread count < 1.
std::int64_t elements(const Params& params);
int threads(const Params& params);
// Arrays of at least 4 × the last-level cache (256 MiB when it is unknown);
// no threads parameter when `threads` is 0.
Params default_params(std::uint64_t last_level_cache_bytes, int threads);

// What a backend tells about a device to size the sweeps and name its caches.
struct DeviceTraits {
  std::uint64_t last_level_cache_bytes = 0;
  int cores = 1;                   // 0: the backend has no thread count (a device kernel)
  std::vector<CacheLevel> caches;  // smallest first
};

// Every kernel at the default size on all cores; triad also sweeps the array
// size from 4 KiB up to the default (× 4 steps in quick, × 2 in full) and, on
// host backends, the thread count at the default size (1 in quick, 1 … cores
// − 1 in full).
std::vector<Params> sweep(Kernel kernel, const DeviceTraits& traits, Suite suite);

// Passes over the arrays per timed iteration: small (cache-resident) arrays
// are swept many times so an iteration moves at least `bytes_per_iteration`
// (64 MiB on host backends) and the fork/join and clock overheads stay out of
// the figure. A GPU backend asks for more (kDeviceBytesPerIteration) and runs
// all passes inside one kernel, so that launches stay out as well.
inline constexpr std::int64_t kHostBytesPerIteration = std::int64_t{64} << 20;
inline constexpr std::int64_t kDeviceBytesPerIteration = std::int64_t{1} << 30;
std::int64_t passes(std::int64_t elements,
                    std::int64_t bytes_per_iteration = kHostBytesPerIteration);

Work work(Kernel kernel, std::int64_t elements,
          std::int64_t bytes_per_iteration = kHostBytesPerIteration);

// Bandwidth per cache level (working set = 3 arrays) on all cores, and the
// scaling with threads at the default size.
nlohmann::ordered_json analyze(const DeviceTraits& traits, const std::vector<SweepPoint>& points);

// Checks the kernel's output: every element of the output array against the
// gold value, or the dot product against a compensated long double sum.
Verification verify(Kernel kernel, std::span<const double> a, std::span<const double> b,
                    std::span<const double> c, double dot);

// The bytes of the kernel's result (the output array, or the dot product),
// which the runner corrupts to test verification (Case::result_bytes).
std::span<std::byte> output_bytes(Kernel kernel, std::span<double> a, std::span<double> b,
                                  std::span<double> c, double& dot);

// The spec of each kernel's benchmark id (claim, metric, parameters,
// footprint), shared by every backend.
const Spec& spec(Kernel kernel);

// The five definitions for one backend.
using CaseFactory = std::function<std::unique_ptr<Case>(Kernel, const Device&, const Params&)>;
using TraitsFactory = std::function<DeviceTraits(const Device&)>;
std::vector<Definition> definitions(const std::string& backend, Timer timer, TraitsFactory traits,
                                    CaseFactory make_case);

}  // namespace accelbench::stream
