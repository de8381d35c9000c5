// compute/fma_peak on a CUDA device: 12 independent chains of fused
// multiply-adds per thread (fma for fp64 and fp32, __hfma2 on packed pairs for
// fp16 and bf16), the same +step/-step construction as the CPU, `one` and
// `step` passed at run time; 4 blocks of 256 threads per SM. Every lane of every
// chain of every thread is read back and must be exactly at its start value.
// Timed with events behind a held stream (cuda/held_stream.h), K kernels per
// iteration (K from a calibration: at least 2 ms of device work), the time
// per kernel reported. The SM clock is measured inside the kernel: each
// block's first thread reads clock64 (SM cycles) and %globaltimer (ns) at its
// start and end; the median over blocks of cycles / ns is the clock the work
// ran at, reported with the % of peak at it and at the GPU's highest clock.
#include <accelbench/device_case.h>
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "cuda/cuda_runtime.h"
#include "cuda/held_stream.cuh"
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
__global__ void fma_chains(T* out, unsigned long long* clocks, float one_in, float step_in,
                           int pairs) {
  const long long first_cycle = clock64();
  const unsigned long long first_ns = cuda::global_nanoseconds();
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
  if (threadIdx.x == 0) {
    clocks[2 * blockIdx.x] = static_cast<unsigned long long>(clock64() - first_cycle);
    clocks[2 * blockIdx.x + 1] = cuda::global_nanoseconds() - first_ns;
  }
}

// FMA lanes per clock per SM of compute capability 9.0 (Hopper; the CUDA
// programming guide's arithmetic-instruction throughput table): fp64 64,
// fp32 128, fp16 and bf16 256 (128 packed pairs). 0 elsewhere: not stated.
int fma_lanes_per_clock(DataType type, const std::string& compute_capability) {
  if (compute_capability != "9.0") return 0;
  switch (type) {
    case DataType::kFp64:
      return 64;
    case DataType::kFp32:
      return 128;
    case DataType::kFp16:
    case DataType::kBf16:
      return 256;
  }
  return 0;
}

int lanes(DataType type) { return type == DataType::kFp16 || type == DataType::kBf16 ? 2 : 1; }
std::size_t element_bytes(DataType type) { return type == DataType::kFp64 ? 8 : 4; }

class CudaFmaPeak final : public DeviceResidentCase {
 public:
  CudaFmaPeak(const Device& device, const Params& params)
      : device_(device),
        type_(data_type(params)),
        sm_count_(required(device, device.facts.compute_units, "SM count")),
        threads_(static_cast<long>(kBlocksPerSm) * sm_count_ * kThreadsPerBlock) {}

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
    const int blocks = static_cast<int>(threads_ / kThreadsPerBlock);
    clocks_ = cuda::DeviceBuffer<unsigned long long>(2 * static_cast<std::size_t>(blocks));
    stream_.create();
    hold_.prepare({kernel()});
    operations_ = 1;
    const double calibration = timed_iteration();
    operations_ = cuda::operations_per_iteration(calibration);
  }

  nlohmann::ordered_json placement() const override {
    return {{"device", device_.name},
            {"threads", threads_},
            {"threads_per_block", kThreadsPerBlock},
            {"kernels_per_iteration", operations_}};
  }

  // The clock the last kernel ran at (median over blocks of clock64 cycles
  // over %globaltimer ns), and the % of peak at it and at the highest clock;
  // read after verify().
  nlohmann::ordered_json details() const override {
    nlohmann::ordered_json out = {{"clock_method",
                                   "in the kernel: clock64 cycles / %globaltimer ns per block, "
                                   "median over blocks"}};
    if (measured_mhz_ <= 0) return out;
    out["measured_sm_clock_mhz"] = measured_mhz_;
    // No peak without the compute capability (the lanes per clock are stated
    // for 9.0 only).
    const int lanes =
        device_.facts.architecture ? fma_lanes_per_clock(type_, *device_.facts.architecture) : 0;
    if (lanes > 0 && sm_count_ > 0 && seconds_per_kernel_ > 0) {
      const double achieved = work().flops / seconds_per_kernel_ / 1e9;
      const auto peak = [&](double mhz) { return 2.0 * lanes * sm_count_ * mhz * 1e6 / 1e9; };
      out["fma_lanes_per_clock_per_sm"] = lanes;
      out["peak_gflops_at_measured_clock"] = peak(measured_mhz_);
      out["percent_of_peak_at_measured_clock"] = 100 * achieved / peak(measured_mhz_);
      // The clock fact (NVML's highest SM clock, else the runtime's); without
      // it, no highest-clock figure.
      if (device_.facts.clock_mhz && *device_.facts.clock_mhz > 0) {
        const double highest = *device_.facts.clock_mhz;
        out["highest_sm_clock_mhz"] = highest;
        out["percent_of_peak_at_highest_clock"] = 100 * achieved / peak(highest);
      }
    }
    return out;
  }

 private:
  double timed_iteration() override {
    const int blocks = static_cast<int>(threads_ / kThreadsPerBlock);
    const float step = static_cast<float>(kStep);
    const cudaStream_t s = stream_.get();
    auto* clocks = clocks_.get();
    last_seconds_ = hold_.time(s, events_, operations_, [&] {
      switch (type_) {
        case DataType::kFp64:
          fma_chains<double><<<blocks, kThreadsPerBlock, 0, s>>>(
              reinterpret_cast<double*>(out_.get()), clocks, 1.0f, step, kPairsPerKernel);
          break;
        case DataType::kFp32:
          fma_chains<float><<<blocks, kThreadsPerBlock, 0, s>>>(
              reinterpret_cast<float*>(out_.get()), clocks, 1.0f, step, kPairsPerKernel);
          break;
        case DataType::kFp16:
          fma_chains<__half2><<<blocks, kThreadsPerBlock, 0, s>>>(
              reinterpret_cast<__half2*>(out_.get()), clocks, 1.0f, step, kPairsPerKernel);
          break;
        case DataType::kBf16:
          fma_chains<__nv_bfloat162><<<blocks, kThreadsPerBlock, 0, s>>>(
              reinterpret_cast<__nv_bfloat162*>(out_.get()), clocks, 1.0f, step, kPairsPerKernel);
          break;
      }
    });
    return last_seconds_;
  }

  Verification check_mirror() override {
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

  std::span<std::byte> mirror_bytes() override { return host_; }

  const void* kernel() const {
    switch (type_) {
      case DataType::kFp64:
        return reinterpret_cast<const void*>(&fma_chains<double>);
      case DataType::kFp32:
        return reinterpret_cast<const void*>(&fma_chains<float>);
      case DataType::kFp16:
        return reinterpret_cast<const void*>(&fma_chains<__half2>);
      case DataType::kBf16:
        break;
    }
    return reinterpret_cast<const void*>(&fma_chains<__nv_bfloat162>);
  }

  // Copies the lanes and the blocks' clock readings back; untimed.
  void fetch_result() override {
    stream_.synchronize();
    ACCELBENCH_CUDA_CHECK(
        cudaMemcpy(host_.data(), out_.get(), out_.bytes(), cudaMemcpyDeviceToHost));
    std::vector<unsigned long long> clocks(clocks_.size());
    ACCELBENCH_CUDA_CHECK(
        cudaMemcpy(clocks.data(), clocks_.get(), clocks_.bytes(), cudaMemcpyDeviceToHost));
    std::vector<double> mhz;
    for (std::size_t b = 0; b + 1 < clocks.size(); b += 2) {
      if (clocks[b + 1] > 0) mhz.push_back(1e3 * clocks[b] / clocks[b + 1]);
    }
    if (!mhz.empty()) {
      std::nth_element(mhz.begin(), mhz.begin() + mhz.size() / 2, mhz.end());
      measured_mhz_ = mhz[mhz.size() / 2];
    }
    seconds_per_kernel_ = last_seconds_;
  }

  Device device_;
  DataType type_;
  int sm_count_;
  long threads_;
  cuda::DeviceBuffer<std::byte> out_;
  cuda::DeviceBuffer<unsigned long long> clocks_;
  std::vector<std::byte> host_;
  cuda::EventPair events_;
  cuda::Stream stream_;
  cuda::HeldStream hold_;
  int operations_ = 1;
  double last_seconds_ = 0;
  double seconds_per_kernel_ = 0;
  double measured_mhz_ = 0;
};

ACCELBENCH_REGISTER(kCudaFmaPeak,
                    std::vector<Definition>{{
                        .id = "compute/fma_peak",
                        .backend = "cuda",
                        .claim = Claim::kCompute,
                        .metric = MetricKind::kFlops,
                        .spec = &spec(),
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
