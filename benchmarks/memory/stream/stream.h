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
#include <accelbench/device_case.h>
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

// A device kernel's traits (no thread count): the device's last-level cache
// from its facts, named `cache_name` ("L2", "global memory cache"); 0 and no
// level named when the device does not report it (the arrays are then
// default_params's 256 MiB).
DeviceTraits device_kernel_traits(const Device& device, const std::string& cache_name);

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

// STREAM on a device backend, all but the kernels: the three arrays in
// device memory with their host mirrors (MirroredArray<Memory, double>, see
// accelbench/device_case.h), the dot's partial sums (written by the device,
// added up by the host after the timed region: STREAM counts no scalar), one
// fetch after the timed iterations, verification and the fault-injection
// bytes on the mirrors. A backend derives, opens queue() and calls
// allocate_arrays() in its setup(), and queues its kernels on device(Array)
// and partial_sums() in timed_iteration().
template <class Memory>
class DeviceStreamCase : public DeviceResidentCase {
 public:
  Work work() const override { return stream::work(kernel_, n_, bytes_per_iteration_); }

 protected:
  using Queue = typename Memory::Queue;
  using Buffer = typename Memory::template Buffer<double>;

  // `bytes_per_iteration`: see passes().
  DeviceStreamCase(Kernel kernel, const Params& params,
                   std::int64_t bytes_per_iteration = kHostBytesPerIteration)
      : kernel_(kernel),
        n_(elements(params)),
        passes_(passes(n_, bytes_per_iteration)),
        bytes_per_iteration_(bytes_per_iteration) {}

  // Allocates the arrays and queues the upload of their initial values; for
  // dot also `partial_sums` partial sums, which the dot kernel writes in full.
  void allocate_arrays(std::size_t partial_sums) {
    for (Array array : {Array::kA, Array::kB, Array::kC}) {
      arrays_[static_cast<int>(array)] =
          Arrays(queue_, static_cast<std::size_t>(n_),
                 [array](std::size_t i) { return initial_value(array, i); });
    }
    if (kernel_ == Kernel::kDot) partial_sums_ = Arrays(queue_, partial_sums);
  }

  Queue& queue() { return queue_; }
  const Queue& queue() const { return queue_; }
  Buffer& device(Array array) { return arrays_[static_cast<int>(array)].device(); }
  Buffer& partial_sums() { return partial_sums_.device(); }
  Kernel kernel() const { return kernel_; }
  std::int64_t array_elements() const { return n_; }
  std::int64_t passes_per_iteration() const { return passes_; }

 private:
  using Arrays = MirroredArray<Memory, double>;

  // Copies the arrays back and adds up the dot's partial sums; untimed.
  void fetch_result() final {
    for (auto& array : arrays_) array.fetch(queue_);
    if (kernel_ != Kernel::kDot) return;
    partial_sums_.fetch(queue_);
    dot_ = 0;
    for (double p : partial_sums_.host()) dot_ += p;
  }

  Verification check_mirror() final {
    return stream::verify(kernel_, host(Array::kA), host(Array::kB), host(Array::kC), dot_);
  }

  std::span<std::byte> mirror_bytes() final {
    return output_bytes(kernel_, host(Array::kA), host(Array::kB), host(Array::kC), dot_);
  }

  std::span<double> host(Array array) { return arrays_[static_cast<int>(array)].host(); }

  Kernel kernel_;
  std::int64_t n_;
  std::int64_t passes_;
  std::int64_t bytes_per_iteration_;
  Queue queue_;  // declared before the arrays: they are released first
  Arrays arrays_[3];
  Arrays partial_sums_;
  double dot_ = 0;  // the mirror of the dot product
};

// The spec of each kernel's benchmark id (claim, metric, parameters,
// footprint), shared by every backend.
const Spec& spec(Kernel kernel);

// The five definitions for one backend.
using CaseFactory = std::function<std::unique_ptr<Case>(Kernel, const Device&, const Params&)>;
using TraitsFactory = std::function<DeviceTraits(const Device&)>;
std::vector<Definition> definitions(const std::string& backend, Timer timer, TraitsFactory traits,
                                    CaseFactory make_case);

}  // namespace accelbench::stream
