// The CUDA side of held_stream.h, for the benchmarks' .cu files: the flag in
// mapped pinned host memory, the spinning kernel with its time limit, and the
// held, event-timed iteration. Included by each .cu (the kernel is internal to
// each translation unit).
#pragma once

#include <atomic>
#include <initializer_list>
#include <string>
#include <vector>

#include "cuda/cuda_runtime.h"
#include "cuda/held_stream.h"

namespace accelbench::cuda {
namespace {

// Nanoseconds from the GPU's global timer (PTX %globaltimer).
__device__ __forceinline__ unsigned long long global_nanoseconds() {
  unsigned long long t;
  asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t));
  return t;
}

// Spins until the host sets flag[0]; after `limit_ns` it gives up and sets
// flag[1] so that the host can tell (the iteration's time then includes the
// host's queueing, and the case reports a failure).
__global__ void hold_until_released(volatile int* flag, unsigned long long limit_ns) {
  const unsigned long long start = global_nanoseconds();
  while (flag[0] == 0) {
    if (global_nanoseconds() - start > limit_ns) {
      flag[1] = 1;
      return;
    }
  }
}

// Loads each kernel now (under lazy loading a kernel's module is loaded when
// it is first referenced; cudaFuncGetAttributes references it).
inline void load_kernels(std::initializer_list<const void*> kernels) {
  for (const void* kernel : kernels) {
    cudaFuncAttributes attributes{};
    ACCELBENCH_CUDA_CHECK(cudaFuncGetAttributes(&attributes, kernel));
  }
}

// A case's held timing: prepare() in setup() (after use_device), then run()
// or time() per iteration.
class HeldStream {
 public:
  HeldStream()
      : sequence_({.load_kernels = [this] { load(); },
                   .block = [this] { block(); },
                   .release = [this] { release(); }}) {}
  ~HeldStream() {
    if (flag_) {
      flag_[0] = 1;  // never leave a spinner behind
      cudaFreeHost(const_cast<int*>(flag_));
    }
  }
  HeldStream(const HeldStream&) = delete;
  HeldStream& operator=(const HeldStream&) = delete;

  // Allocates the flag and loads the spinner and `kernels` (every kernel an
  // iteration launches; a library's kernels are loaded by an unheld warm-up
  // call of the library before the first held iteration).
  void prepare(std::initializer_list<const void*> kernels) {
    kernels_.assign(kernels.begin(), kernels.end());
    if (!flag_) {
      int* flag = nullptr;
      ACCELBENCH_CUDA_CHECK(
          cudaHostAlloc(reinterpret_cast<void**>(&flag), 2 * sizeof(int), cudaHostAllocMapped));
      flag_ = flag;
      flag_[0] = 1;
      flag_[1] = 0;
      ACCELBENCH_CUDA_CHECK(cudaHostGetDevicePointer(reinterpret_cast<void**>(&device_flag_),
                                                     const_cast<int*>(flag_), 0));
    }
    sequence_.prepare();
  }

  // Holds `streams`, lets `enqueue` queue its work behind the spinners,
  // releases them (also when `enqueue` throws).
  void run(std::initializer_list<cudaStream_t> streams, const std::function<void()>& enqueue) {
    streams_.assign(streams.begin(), streams.end());
    sequence_.run(enqueue);
  }

  // Device seconds per operation of `operations` calls of `one` on `stream`,
  // between events recorded behind the spinner. Waits for the stop event.
  double time(cudaStream_t stream, EventPair& events, int operations,
              const std::function<void()>& one) {
    run({stream}, [&] {
      ACCELBENCH_CUDA_CHECK(cudaEventRecord(events.start(), stream));
      for (int i = 0; i < operations; ++i) one();
      ACCELBENCH_CUDA_CHECK(cudaGetLastError());
      ACCELBENCH_CUDA_CHECK(cudaEventRecord(events.stop(), stream));
    });
    const double seconds = events.seconds();
    check_released_in_time();
    return seconds_per_operation(seconds, operations);
  }

  // After the held work finished: throws when a spinner gave up waiting.
  void check_released_in_time() {
    if (flag_ && flag_[1] != 0) {
      flag_[1] = 0;
      throw failure("the kernel holding the stream gave up after " +
                    std::to_string(kSpinLimitSeconds) +
                    " s without the host's release: queueing the iteration's work took that "
                    "long (launch queue full?); its time would include host launch time");
    }
  }

 private:
  void load() {
    load_kernels({reinterpret_cast<const void*>(&hold_until_released)});
    for (const void* kernel : kernels_) load_kernels({kernel});
  }

  void block() {
    flag_[0] = 0;
    std::atomic_thread_fence(std::memory_order_seq_cst);
    const auto limit = static_cast<unsigned long long>(kSpinLimitSeconds * 1e9);
    for (cudaStream_t stream : streams_) {
      hold_until_released<<<1, 1, 0, stream>>>(device_flag_, limit);
    }
    ACCELBENCH_CUDA_CHECK(cudaGetLastError());
  }

  void release() {
    std::atomic_thread_fence(std::memory_order_seq_cst);
    flag_[0] = 1;
  }

  volatile int* flag_ = nullptr;
  int* device_flag_ = nullptr;
  std::vector<const void*> kernels_;
  std::vector<cudaStream_t> streams_;
  HoldSequence sequence_;
};

}  // namespace
}  // namespace accelbench::cuda
