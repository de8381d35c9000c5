// STREAM on a CUDA device (BabelStream's layout): fp64 arrays in device
// memory, initialised from the host once. One kernel per iteration runs all
// of the iteration's passes (stream::passes with kDeviceBytesPerIteration:
// at least 1 GiB moved), so small, cache-resident arrays measure the cache
// and not the launch rate; a compiler barrier between passes keeps each pass's
// loads and stores. Grid-stride loops of 16-byte (double2) accesses over one
// full wave of 256-thread blocks (the occupancy API's blocks per SM x SMs).
// dot reduces per block (warp shuffles) into partial sums that the host adds
// up after the timed region (written, not counted, as STREAM counts no
// scalar). Timed with events behind a held stream (cuda/held_stream.h): the
// device time of the kernel alone.
#include "cuda/cuda_runtime.h"
#include "cuda/held_stream.cuh"
#include "stream.h"

namespace accelbench::stream {
namespace {

constexpr int kBlock = 256;

__device__ __forceinline__ void between_passes() { asm volatile("" ::: "memory"); }

__device__ __forceinline__ double times(double q, double x) { return q * x; }
__device__ __forceinline__ double2 times(double q, double2 x) { return {q * x.x, q * x.y}; }
__device__ __forceinline__ double plus(double x, double y) { return x + y; }
__device__ __forceinline__ double2 plus(double2 x, double2 y) { return {x.x + y.x, x.y + y.y}; }

// One element (T = double) or two (T = double2) of kernel K.
template <Kernel K, class T>
__device__ __forceinline__ void element(T* __restrict__ a, T* __restrict__ b, T* __restrict__ c,
                                        double q, long i) {
  if constexpr (K == Kernel::kCopy) {
    c[i] = a[i];
  } else if constexpr (K == Kernel::kScale) {
    b[i] = times(q, c[i]);
  } else if constexpr (K == Kernel::kAdd) {
    c[i] = plus(a[i], b[i]);
  } else if constexpr (K == Kernel::kTriad) {
    a[i] = plus(b[i], times(q, c[i]));
  }
}

template <Kernel K>
__global__ void stream_kernel(double* __restrict__ a, double* __restrict__ b,
                              double* __restrict__ c, double q, long n, long passes) {
  const long first = static_cast<long>(blockIdx.x) * blockDim.x + threadIdx.x;
  const long stride = static_cast<long>(gridDim.x) * blockDim.x;
  auto* a2 = reinterpret_cast<double2*>(a);
  auto* b2 = reinterpret_cast<double2*>(b);
  auto* c2 = reinterpret_cast<double2*>(c);
  for (long pass = 0; pass < passes; ++pass) {
    for (long i = first; i < n / 2; i += stride) element<K>(a2, b2, c2, q, i);
    if (first == 0 && n % 2 == 1) element<K>(a, b, c, q, n - 1);
    between_passes();
  }
}

__device__ __forceinline__ double warp_sum(double x) {
  for (int offset = 16; offset > 0; offset /= 2) x += __shfl_down_sync(0xffffffffu, x, offset);
  return x;
}

__global__ void dot_kernel(const double* __restrict__ a, const double* __restrict__ b,
                           double* __restrict__ partial, long n, long passes) {
  __shared__ double warps[kBlock / 32];
  const long first = static_cast<long>(blockIdx.x) * blockDim.x + threadIdx.x;
  const long stride = static_cast<long>(gridDim.x) * blockDim.x;
  const auto* a2 = reinterpret_cast<const double2*>(a);
  const auto* b2 = reinterpret_cast<const double2*>(b);
  for (long pass = 0; pass < passes; ++pass) {
    double sum = 0;
    for (long i = first; i < n / 2; i += stride) {
      const double2 x = a2[i], y = b2[i];
      sum += x.x * y.x + x.y * y.y;
    }
    if (first == 0 && n % 2 == 1) sum += a[n - 1] * b[n - 1];
    sum = warp_sum(sum);
    if (threadIdx.x % 32 == 0) warps[threadIdx.x / 32] = sum;
    __syncthreads();
    if (threadIdx.x < 32) {
      sum = warp_sum(threadIdx.x < kBlock / 32 ? warps[threadIdx.x] : 0.0);
      if (threadIdx.x == 0) partial[blockIdx.x] = sum;
    }
    __syncthreads();
    between_passes();
  }
}

const void* kernel_function(Kernel kernel) {
  switch (kernel) {
    case Kernel::kCopy:
      return reinterpret_cast<const void*>(&stream_kernel<Kernel::kCopy>);
    case Kernel::kScale:
      return reinterpret_cast<const void*>(&stream_kernel<Kernel::kScale>);
    case Kernel::kAdd:
      return reinterpret_cast<const void*>(&stream_kernel<Kernel::kAdd>);
    case Kernel::kTriad:
      return reinterpret_cast<const void*>(&stream_kernel<Kernel::kTriad>);
    case Kernel::kDot:
      break;
  }
  return reinterpret_cast<const void*>(&dot_kernel);
}

class CudaStream final : public DeviceStreamCase<cuda::Memory> {
 public:
  CudaStream(Kernel kernel, const Device& device, const Params& params)
      : DeviceStreamCase(kernel, params, kDeviceBytesPerIteration),
        device_(device),
        sm_count_(required(device, device.facts.compute_units, "SM count")) {}

  void setup() override {
    cuda::use_device(device_);
    queue().create();
    hold_.prepare({kernel_function(kernel())});
    int per_sm = 0;
    ACCELBENCH_CUDA_CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(
        &per_sm, kernel_function(kernel()), kBlock, 0));
    blocks_ = std::max(1, per_sm) * sm_count_;
    allocate_arrays(static_cast<std::size_t>(blocks_));
    queue().synchronize();  // the arrays are on the device before the first kernel
  }

  nlohmann::ordered_json placement() const override {
    return {{"device", device_.name}, {"blocks", blocks_}, {"threads_per_block", kBlock}};
  }

 private:
  double timed_iteration() override {
    return hold_.time(queue().get(), events_, 1, [this] { launch(); });
  }

  double* array(Array a) { return device(a).get(); }

  void launch() {
    const long n = static_cast<long>(array_elements());
    const long passes = static_cast<long>(passes_per_iteration());
    double *a = array(Array::kA), *b = array(Array::kB), *c = array(Array::kC);
    const cudaStream_t s = queue().get();
    switch (kernel()) {
      case Kernel::kCopy:
        stream_kernel<Kernel::kCopy><<<blocks_, kBlock, 0, s>>>(a, b, c, kScalar, n, passes);
        break;
      case Kernel::kScale:
        stream_kernel<Kernel::kScale><<<blocks_, kBlock, 0, s>>>(a, b, c, kScalar, n, passes);
        break;
      case Kernel::kAdd:
        stream_kernel<Kernel::kAdd><<<blocks_, kBlock, 0, s>>>(a, b, c, kScalar, n, passes);
        break;
      case Kernel::kTriad:
        stream_kernel<Kernel::kTriad><<<blocks_, kBlock, 0, s>>>(a, b, c, kScalar, n, passes);
        break;
      case Kernel::kDot:
        dot_kernel<<<blocks_, kBlock, 0, s>>>(a, b, partial_sums().get(), n, passes);
        break;
    }
  }

  Device device_;
  int sm_count_;
  int blocks_ = 1;
  cuda::HeldStream hold_;
  cuda::EventPair events_;
};

ACCELBENCH_REGISTER(kCudaStream,
                    definitions(
                        "cuda", Timer::kDevice,
                        [](const Device& device) { return device_kernel_traits(device, "L2"); },
                        [](Kernel kernel, const Device& device,
                           const Params& params) -> std::unique_ptr<Case> {
                          return std::make_unique<CudaStream>(kernel, device, params);
                        }));

}  // namespace
}  // namespace accelbench::stream
