// Kernel launch latency on a CUDA device: a one-thread kernel that adds one
// to a counter, launched and waited for (cudaStreamSynchronize) each time;
// the time from just before the launch to the end of the synchronisation on
// the host clock, as a CUDA application sees it (events would hide the
// launch itself).
#include <chrono>

#include "cuda/cuda_runtime.h"
#include "launch_latency.h"

namespace accelbench::launch_latency {
namespace {

__global__ void count_kernel(unsigned long long* word) { *word += 1; }

class CudaLaunchLatency final : public Case {
 public:
  explicit CudaLaunchLatency(const Device& device) : device_(device) {}

  Work work() const override { return launch_latency::work(); }

  void setup() override {
    cuda::use_device(device_);
    word_ = cuda::DeviceBuffer<unsigned long long>(1);
    ACCELBENCH_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking));
    // On the launches' stream (a legacy-stream memset is not ordered with it).
    ACCELBENCH_CUDA_CHECK(cudaMemsetAsync(word_.get(), 0, sizeof(unsigned long long), stream_));
    ACCELBENCH_CUDA_CHECK(cudaStreamSynchronize(stream_));
  }

  ~CudaLaunchLatency() override {
    if (stream_) cudaStreamDestroy(stream_);
  }

  double iterate() override {
    fetched_ = false;
    double seconds = 0;
    for (int i = 0; i < kLaunchesPerIteration; ++i) {
      const auto start = std::chrono::steady_clock::now();
      count_kernel<<<1, 1, 0, stream_>>>(word_.get());
      ACCELBENCH_CUDA_CHECK(cudaStreamSynchronize(stream_));
      seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      ++launches_;
    }
    ACCELBENCH_CUDA_CHECK(cudaGetLastError());
    return seconds;
  }

  Verification verify() override {
    fetch();
    return launch_latency::verify(word_host_, launches_);
  }

  std::span<std::byte> result_bytes() override {
    fetch();
    return std::as_writable_bytes(std::span(&word_host_, 1));
  }

  nlohmann::ordered_json placement() const override { return {{"device", device_.name}}; }

 private:
  void fetch() {
    if (fetched_) return;
    ACCELBENCH_CUDA_CHECK(
        cudaMemcpy(&word_host_, word_.get(), sizeof word_host_, cudaMemcpyDeviceToHost));
    fetched_ = true;
  }

  Device device_;
  cuda::DeviceBuffer<unsigned long long> word_;
  cudaStream_t stream_ = nullptr;
  unsigned long long word_host_ = 0;
  std::uint64_t launches_ = 0;
  bool fetched_ = false;
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
