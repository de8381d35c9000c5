// Kernel launch latency on a CUDA device: a one-thread kernel that adds one
// to a counter, launched and waited for (cudaStreamSynchronize) each time;
// the time from just before the launch to the end of the synchronisation on
// the host clock, as a CUDA application sees it (events would hide the
// launch itself).
#include <accelbench/device_case.h>

#include <chrono>

#include "cuda/cuda_runtime.h"
#include "launch_latency.h"

namespace accelbench::launch_latency {
namespace {

__global__ void count_kernel(unsigned long long* word) { *word += 1; }

class CudaLaunchLatency final : public DeviceResidentCase {
 public:
  explicit CudaLaunchLatency(const Device& device) : device_(device) {}

  Work work() const override { return launch_latency::work(); }

  void setup() override {
    cuda::use_device(device_);
    stream_.create();
    // The counter starts at 0, uploaded on the launches' stream (a copy on
    // the legacy stream is not ordered with it) and there before the first
    // launch.
    word_ = Word(stream_, 1, [](std::size_t) { return 0ULL; });
    stream_.synchronize();
  }

  nlohmann::ordered_json placement() const override { return {{"device", device_.name}}; }

 private:
  using Word = MirroredArray<cuda::Memory, unsigned long long>;

  double timed_iteration() override {
    double seconds = 0;
    for (int i = 0; i < kLaunchesPerIteration; ++i) {
      const auto start = std::chrono::steady_clock::now();
      count_kernel<<<1, 1, 0, stream_.get()>>>(word_.device().get());
      ACCELBENCH_CUDA_CHECK(cudaStreamSynchronize(stream_.get()));
      seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      ++launches_;
    }
    ACCELBENCH_CUDA_CHECK(cudaGetLastError());
    return seconds;
  }

  void fetch_result() override { word_.fetch(stream_); }

  Verification check_mirror() override {
    return launch_latency::verify(word_.host()[0], launches_);
  }

  std::span<std::byte> mirror_bytes() override { return word_.host_bytes(); }

  Device device_;
  cuda::Stream stream_;
  Word word_;
  std::uint64_t launches_ = 0;
};

ACCELBENCH_REGISTER(kCudaLaunchLatency,
                    std::vector<Definition>{
                        definition("cuda", Timer::kDevice,
                                   "kernel launch + synchronise latency, host clock",
                                   [](const Device& device) -> std::unique_ptr<Case> {
                                     return std::make_unique<CudaLaunchLatency>(device);
                                   })});

}  // namespace
}  // namespace accelbench::launch_latency
