// STREAM on a CUDA device (BabelStream's layout): fp64 arrays in device
// memory, initialised from the host once; grid-stride kernels of 1024-thread
// blocks, 4 blocks per SM; dot reduces per block into partial sums that the
// host adds up after the timed region (written, not counted, as STREAM counts
// no scalar). An iteration launches `passes` kernels between two events.
#include <vector>

#include "cuda/cuda_runtime.h"
#include "stream.h"

namespace accelbench::stream {
namespace {

constexpr int kBlock = 1024;
constexpr int kBlocksPerSm = 4;

__global__ void copy_kernel(const double* __restrict__ a, double* __restrict__ c, long n) {
  for (long i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
    c[i] = a[i];
  }
}
__global__ void scale_kernel(double* __restrict__ b, const double* __restrict__ c, double q,
                             long n) {
  for (long i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
    b[i] = q * c[i];
  }
}
__global__ void add_kernel(const double* __restrict__ a, const double* __restrict__ b,
                           double* __restrict__ c, long n) {
  for (long i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
    c[i] = a[i] + b[i];
  }
}
__global__ void triad_kernel(double* __restrict__ a, const double* __restrict__ b,
                             const double* __restrict__ c, double q, long n) {
  for (long i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
    a[i] = b[i] + q * c[i];
  }
}
__global__ void dot_kernel(const double* __restrict__ a, const double* __restrict__ b,
                           double* __restrict__ partial, long n) {
  __shared__ double scratch[kBlock];
  double sum = 0;
  for (long i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
    sum += a[i] * b[i];
  }
  scratch[threadIdx.x] = sum;
  for (int width = blockDim.x / 2; width > 0; width /= 2) {
    __syncthreads();
    if (threadIdx.x < width) scratch[threadIdx.x] += scratch[threadIdx.x + width];
  }
  if (threadIdx.x == 0) partial[blockIdx.x] = scratch[0];
}

class CudaStream final : public Case {
 public:
  CudaStream(Kernel kernel, const Device& device, const Params& params)
      : kernel_(kernel),
        device_(device),
        n_(elements(params)),
        passes_(passes(n_)),
        blocks_(kBlocksPerSm * device.description.value("sm_count", 1)) {}

  Work work() const override { return stream::work(kernel_, n_); }

  void setup() override {
    cuda::use_device(device_);
    const auto count = static_cast<std::size_t>(n_);
    for (Array array : {Array::kA, Array::kB, Array::kC}) {
      auto& host = host_[static_cast<int>(array)];
      host.resize(count);
      for (std::size_t i = 0; i < count; ++i) host[i] = initial_value(array, i);
      auto& buffer = device_arrays_[static_cast<int>(array)];
      buffer = cuda::DeviceBuffer<double>(count);
      ACCELBENCH_CUDA_CHECK(
          cudaMemcpy(buffer.get(), host.data(), buffer.bytes(), cudaMemcpyHostToDevice));
    }
    partial_ = cuda::DeviceBuffer<double>(static_cast<std::size_t>(blocks_));
  }

  double iterate() override {
    fetched_ = false;
    ACCELBENCH_CUDA_CHECK(cudaEventRecord(events_.start()));
    for (std::int64_t pass = 0; pass < passes_; ++pass) launch();
    ACCELBENCH_CUDA_CHECK(cudaGetLastError());
    ACCELBENCH_CUDA_CHECK(cudaEventRecord(events_.stop()));
    return events_.seconds();
  }

  Verification verify() override {
    fetch();
    return stream::verify(kernel_, host_[0], host_[1], host_[2], dot_);
  }

  std::span<std::byte> result_bytes() override {
    fetch();
    return output_bytes(kernel_, host_[0], host_[1], host_[2], dot_);
  }

  nlohmann::ordered_json placement() const override {
    return {{"device", device_.name}, {"blocks", blocks_}, {"threads_per_block", kBlock}};
  }

 private:
  double* array(Array a) const { return device_arrays_[static_cast<int>(a)].get(); }

  void launch() {
    const long n = static_cast<long>(n_);
    switch (kernel_) {
      case Kernel::kCopy:
        copy_kernel<<<blocks_, kBlock>>>(array(Array::kA), array(Array::kC), n);
        break;
      case Kernel::kScale:
        scale_kernel<<<blocks_, kBlock>>>(array(Array::kB), array(Array::kC), kScalar, n);
        break;
      case Kernel::kAdd:
        add_kernel<<<blocks_, kBlock>>>(array(Array::kA), array(Array::kB), array(Array::kC), n);
        break;
      case Kernel::kTriad:
        triad_kernel<<<blocks_, kBlock>>>(array(Array::kA), array(Array::kB), array(Array::kC),
                                          kScalar, n);
        break;
      case Kernel::kDot:
        dot_kernel<<<blocks_, kBlock>>>(array(Array::kA), array(Array::kB), partial_.get(), n);
        break;
    }
  }

  // Copies the arrays (and the partial sums) back once; untimed.
  void fetch() {
    if (fetched_) return;
    for (int i = 0; i < 3; ++i) {
      ACCELBENCH_CUDA_CHECK(cudaMemcpy(host_[i].data(), device_arrays_[i].get(),
                                       device_arrays_[i].bytes(), cudaMemcpyDeviceToHost));
    }
    if (kernel_ == Kernel::kDot) {
      std::vector<double> partial(partial_.size());
      ACCELBENCH_CUDA_CHECK(
          cudaMemcpy(partial.data(), partial_.get(), partial_.bytes(), cudaMemcpyDeviceToHost));
      dot_ = 0;
      for (double p : partial) dot_ += p;
    }
    fetched_ = true;
  }

  Kernel kernel_;
  Device device_;
  std::int64_t n_;
  std::int64_t passes_;
  int blocks_;
  std::vector<double> host_[3];
  cuda::DeviceBuffer<double> device_arrays_[3];
  cuda::DeviceBuffer<double> partial_;
  cuda::EventPair events_;
  double dot_ = 0;
  bool fetched_ = false;
};

DeviceTraits device_traits(const Device& device) {
  DeviceTraits traits;
  traits.last_level_cache_bytes = device.description.value("l2_cache_bytes", std::uint64_t{0});
  traits.cores = 0;
  if (traits.last_level_cache_bytes > 0)
    traits.caches.push_back({"L2", traits.last_level_cache_bytes});
  return traits;
}

ACCELBENCH_REGISTER(kCudaStream, definitions("cuda", Timer::kDevice, device_traits,
                                             [](Kernel kernel, const Device& device,
                                                const Params& params) -> std::unique_ptr<Case> {
                                               return std::make_unique<CudaStream>(kernel, device,
                                                                                   params);
                                             }));

}  // namespace
}  // namespace accelbench::stream
