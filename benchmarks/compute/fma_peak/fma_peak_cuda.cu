// compute/fma_peak on a CUDA device: 12 independent chains of fused
// multiply-adds per thread (fma for fp64 and fp32, __hfma2 on packed pairs for
// fp16 and bf16), the same +step/-step construction as the CPU, `one` and
// `step` passed at run time; 4 blocks of 256 threads per SM. Every lane of every
// chain of every thread is read back and must be exactly at its start value.
// Timed with events.
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <cstring>
#include <vector>

#include "cuda/cuda_runtime.h"
#include "fma_peak.h"

namespace accelbench::fma_peak {
namespace {

constexpr int kPairsPerKernel = 1 << 12;
constexpr int kThreadsPerBlock = 256;
constexpr int kBlocksPerSm = 4;

template <class T>
__device__ __host__ T from_float(float value);
template <>
__device__ __host__ double from_float<double>(float value) {
  return value;
}
template <>
__device__ __host__ float from_float<float>(float value) {
  return value;
}
template <>
__device__ __host__ __half2 from_float<__half2>(float value) {
  return __float2half2_rn(value);
}
template <>
__device__ __host__ __nv_bfloat162 from_float<__nv_bfloat162>(float value) {
  return __float2bfloat162_rn(value);
}

__device__ double fused(double a, double b, double c) { return fma(a, b, c); }
__device__ float fused(float a, float b, float c) { return fmaf(a, b, c); }
__device__ __half2 fused(__half2 a, __half2 b, __half2 c) { return __hfma2(a, b, c); }
__device__ __nv_bfloat162 fused(__nv_bfloat162 a, __nv_bfloat162 b, __nv_bfloat162 c) {
  return __hfma2(a, b, c);
}

template <class T>
__global__ void fma_chains(T* out, float one_in, float step_in, int pairs) {
  const T one = from_float<T>(one_in);
  const T step = from_float<T>(step_in);
  const T minus_step = from_float<T>(-step_in);
  T acc[kChains];
#pragma unroll
  for (int k = 0; k < kChains; ++k) acc[k] = from_float<T>(1.0f + k * 0.0625f);
  for (int i = 0; i < pairs; ++i) {
#pragma unroll
    for (int k = 0; k < kChains; ++k) acc[k] = fused(acc[k], one, step);
#pragma unroll
    for (int k = 0; k < kChains; ++k) acc[k] = fused(acc[k], one, minus_step);
  }
  const long base = (static_cast<long>(blockIdx.x) * blockDim.x + threadIdx.x) * kChains;
#pragma unroll
  for (int k = 0; k < kChains; ++k) out[base + k] = acc[k];
}

int lanes(DataType type) { return type == DataType::kFp16 || type == DataType::kBf16 ? 2 : 1; }
std::size_t element_bytes(DataType type) { return type == DataType::kFp64 ? 8 : 4; }

class CudaFmaPeak final : public Case {
 public:
  CudaFmaPeak(const Device& device, const Params& params)
      : device_(device),
        type_(data_type(params)),
        threads_(static_cast<long>(kBlocksPerSm) * device.description.value("sm_count", 1) *
                 kThreadsPerBlock) {}

  Work work() const override {
    Work w;
    w.flops = 2.0 * 2.0 * kPairsPerKernel * kChains * lanes(type_) * static_cast<double>(threads_);
    w.convention = "2 FLOP per FMA lane (packed fp16/bf16: 2 lanes per __hfma2); " +
                   std::to_string(kChains) + " chains x " + std::to_string(2 * kPairsPerKernel) +
                   " dependent FMAs per thread, " + std::to_string(threads_) + " threads";
    return w;
  }

  void setup() override {
    cuda::use_device(device_);
    out_ = cuda::DeviceBuffer<std::byte>(static_cast<std::size_t>(threads_) * kChains *
                                         element_bytes(type_));
    host_.resize(out_.size());
  }

  double iterate() override {
    fetched_ = false;
    const int blocks = static_cast<int>(threads_ / kThreadsPerBlock);
    const float step = static_cast<float>(kStep);
    ACCELBENCH_CUDA_CHECK(cudaEventRecord(events_.start()));
    switch (type_) {
      case DataType::kFp64:
        fma_chains<double><<<blocks, kThreadsPerBlock>>>(reinterpret_cast<double*>(out_.get()),
                                                         1.0f, step, kPairsPerKernel);
        break;
      case DataType::kFp32:
        fma_chains<float><<<blocks, kThreadsPerBlock>>>(reinterpret_cast<float*>(out_.get()), 1.0f,
                                                        step, kPairsPerKernel);
        break;
      case DataType::kFp16:
        fma_chains<__half2><<<blocks, kThreadsPerBlock>>>(reinterpret_cast<__half2*>(out_.get()),
                                                          1.0f, step, kPairsPerKernel);
        break;
      case DataType::kBf16:
        fma_chains<__nv_bfloat162><<<blocks, kThreadsPerBlock>>>(
            reinterpret_cast<__nv_bfloat162*>(out_.get()), 1.0f, step, kPairsPerKernel);
        break;
    }
    ACCELBENCH_CUDA_CHECK(cudaGetLastError());
    ACCELBENCH_CUDA_CHECK(cudaEventRecord(events_.stop()));
    return events_.seconds();
  }

  Verification verify() override {
    fetch();
    std::vector<double> values;
    const std::size_t count = host_.size() / (type_ == DataType::kFp64   ? 8
                                              : type_ == DataType::kFp32 ? 4
                                                                         : 2);
    values.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      if (type_ == DataType::kFp64) {
        double v;
        std::memcpy(&v, &host_[i * 8], 8);
        values.push_back(v);
      } else if (type_ == DataType::kFp32) {
        float v;
        std::memcpy(&v, &host_[i * 4], 4);
        values.push_back(v);
      } else {
        std::uint16_t bits;
        std::memcpy(&bits, &host_[i * 2], 2);
        values.push_back(type_ == DataType::kFp16 ? half_to_double(bits) : bf16_to_double(bits));
      }
    }
    return fma_peak::verify(values, lanes(type_));
  }

  std::span<std::byte> result_bytes() override {
    fetch();
    return host_;
  }

  nlohmann::ordered_json placement() const override {
    return {
        {"device", device_.name}, {"threads", threads_}, {"threads_per_block", kThreadsPerBlock}};
  }

 private:
  void fetch() {
    if (fetched_) return;
    ACCELBENCH_CUDA_CHECK(
        cudaMemcpy(host_.data(), out_.get(), out_.bytes(), cudaMemcpyDeviceToHost));
    fetched_ = true;
  }

  Device device_;
  DataType type_;
  long threads_;
  cuda::DeviceBuffer<std::byte> out_;
  std::vector<std::byte> host_;
  cuda::EventPair events_;
  bool fetched_ = false;
};

ACCELBENCH_REGISTER(kCudaFmaPeak,
                    std::vector<Definition>{{
                        .id = "compute/fma_peak",
                        .backend = "cuda",
                        .claim = Claim::kCompute,
                        .metric = MetricKind::kFlops,
                        .timer = Timer::kDevice,
                        .summary = "peak FMA throughput per data type on the GPU's SMs, every "
                                   "lane verified",
                        .instances =
                            [](const Device&, Suite) {
                              std::vector<Params> points;
                              for (const char* dtype : {"fp64", "fp32", "fp16", "bf16"}) {
                                Params p;
                                p.set("dtype", std::string(dtype));
                                points.push_back(p);
                              }
                              return points;
                            },
                        .make_case = [](const Device& device,
                                        const Params& params) -> std::unique_ptr<Case> {
                          return std::make_unique<CudaFmaPeak>(device, params);
                        },
                        .analyze = {},
                    }});

}  // namespace
}  // namespace accelbench::fma_peak
