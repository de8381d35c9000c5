// Launch-free device timing: the order every held timing of the CUDA cases
// follows, and its bookkeeping. Host code only (no CUDA headers), so that the
// unit tests check it on machines without a GPU; held_stream.cuh binds it to
// the runtime.
//
// An iteration
//   1. blocks its stream(s) with a kernel that spins on a mapped host flag,
//   2. records the start event, queues the timed operations and the stop
//      event behind it,
//   3. releases the flag: the GPU then runs everything back to back, and the
//      events time device work only (host launch time and library host paths
//      stay out of the interval; nvbandwidth's method).
// Every kernel an iteration launches must be loaded before the first spinner
// runs: under lazy module loading (CUDA's default since 12.2) the first launch
// of a kernel may wait for a context synchronisation that the spinning
// kernel prevents, a documented deadlock. prepare() loads them, run() refuses
// to start before it, and the flag is released on every path out of run(),
// an exception included, so the GPU is never left spinning.
#pragma once

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <utility>

namespace accelbench::cuda {

// Sets a flag when it goes out of scope, however the scope ends.
class FlagRelease {
 public:
  explicit FlagRelease(std::function<void()> release) : release_(std::move(release)) {}
  ~FlagRelease() { release_now(); }
  FlagRelease(const FlagRelease&) = delete;
  FlagRelease& operator=(const FlagRelease&) = delete;
  // Releases at once (once); the destructor then does nothing.
  void release_now() noexcept {
    if (release_) std::exchange(release_, nullptr)();
  }

 private:
  std::function<void()> release_;
};

class HoldSequence {
 public:
  struct Steps {
    std::function<void()> load_kernels;  // every kernel of an iteration, spinner included
    std::function<void()> block;         // the spinner(s) on every stream the iteration uses
    std::function<void()> release;       // the host flag: must not throw
  };

  explicit HoldSequence(Steps steps) : steps_(std::move(steps)) {}

  // In setup(), before any spinner runs.
  void prepare() {
    steps_.load_kernels();
    prepared_ = true;
  }
  bool prepared() const { return prepared_; }

  // Blocks, queues `enqueue`'s work, releases. Throws std::logic_error when
  // prepare() has not run (a spinner would then be launched with kernels
  // still unloaded).
  void run(const std::function<void()>& enqueue) {
    if (!prepared_) {
      throw std::logic_error("held stream: run() before prepare() loaded the kernels");
    }
    FlagRelease release(steps_.release);
    steps_.block();
    enqueue();
    release.release_now();
  }

 private:
  Steps steps_;
  bool prepared_ = false;
};

// How many operations one held iteration queues, so that short operations
// (a GEMM of a few microseconds) fill at least kTargetSeconds of device time
// and the few microseconds between the spinner's end and the start event are
// a small share: the target over the calibration's time per operation,
// between 1 and kMostOperations (the launch queue of a blocked stream is
// finite; a full queue would block the host while the flag is still set).
inline constexpr double kHeldTargetSeconds = 2e-3;
inline constexpr int kMostHeldOperations = 128;

inline int operations_per_iteration(double seconds_per_operation) {
  if (!(seconds_per_operation > 0) || !std::isfinite(seconds_per_operation)) return 1;
  const double wanted = std::ceil(kHeldTargetSeconds / seconds_per_operation);
  return static_cast<int>(std::clamp(wanted, 1.0, static_cast<double>(kMostHeldOperations)));
}

// The time of one operation from the events around `operations` of them.
inline double seconds_per_operation(double elapsed_seconds, int operations) {
  if (operations < 1) throw std::logic_error("held timing: no operations were timed");
  return elapsed_seconds / operations;
}

// The spinner's time limit: far above what queueing takes, far below the
// harness's watchdog. A spinner that reaches it lets the stream run on; the
// case then reports a failure instead of a number with launch time inside.
inline constexpr double kSpinLimitSeconds = 5.0;

}  // namespace accelbench::cuda
