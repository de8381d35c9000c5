// compute/gemm on a CUDA device through cuBLAS (cublasGemmEx): fp64, fp32,
// tf32 (fp32 data, tensor cores), fp16 and bf16 (fp32 accumulation and fp32
// result); and fp8 (e4m3 inputs, fp32 accumulation and result) through
// cuBLASLt (cublasLtMatmul), where the GPU has fp8 tensor cores (compute
// capability 8.9 and later).
//
// Data: the timed multiplies run on full-mantissa random data, N(0, 1) as
// PyTorch's randn (Box-Muller on a counter hash), since small integers with
// nearly empty mantissas lower the tensor cores' power and can read faster
// than real work. Verification is a separate pass with the same call (same
// handle, algorithm and layout) on the random non-zero integers of gemm.h,
// exact in every one of these types, every product exact in the fp32 or fp64
// accumulator, so C is known exactly: it is copied back and checked with
// C·x = A·(B·x) in 64-bit integers, independently of the library; the
// random data are then restored. Both data sets are generated on the device
// in the input type (B transposed for fp8), so set-up costs no host upload.
// fp8 runs with cuBLASLt's default accumulation (fast accumulation off: the
// partial sums are promoted to fp32 periodically), as the exactness needs.
//
// Timing: cuBLAS works on the case's own non-blocking stream; an iteration
// queues K multiplies behind a held stream (cuda/held_stream.h) between two
// events, K from a calibration (at least 2 ms of device work, at most 128),
// and reports the device time per multiply: host launch time and cuBLAS's
// host path stay out.
#include <accelbench/device_case.h>
#include <cublasLt.h>
#include <cublas_v2.h>
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_fp8.h>

#include <memory>
#include <utility>
#include <vector>

#include "cuda/cublas_library.h"
#include "cuda/cuda_runtime.h"
#include "cuda/held_stream.cuh"
#include "gemm.h"

namespace accelbench::gemm {
namespace {

enum class CudaType { kFp64, kFp32, kTf32, kFp16, kBf16, kFp8 };

CudaType cuda_type(const Params& params) {
  const std::string& name = params.text("dtype");
  if (name == "fp64") return CudaType::kFp64;
  if (name == "fp32") return CudaType::kFp32;
  if (name == "tf32") return CudaType::kTf32;
  if (name == "fp16") return CudaType::kFp16;
  if (name == "bf16") return CudaType::kBf16;
  if (name == "fp8") return CudaType::kFp8;
  throw usage_error("dtype must be fp64, fp32, tf32, fp16, bf16 or fp8, not '" + name + "'");
}

void check_cublas(cublasStatus_t status, const char* call) {
  if (status != CUBLAS_STATUS_SUCCESS) {
    throw failure(std::string(call) + " failed: " + cuda::cublas().cublasGetStatusName(status) +
                  " (" + cuda::cublas().cublasGetStatusString(status) + ")");
  }
}
#define ACCELBENCH_CUBLAS_CHECK(call) check_cublas((call), #call)

template <class Value>
void set_attribute(cublasLtMatmulDesc_t operation, cublasLtMatmulDescAttributes_t what,
                   const Value& value) {
  ACCELBENCH_CUBLAS_CHECK(
      cuda::cublas().cublasLtMatmulDescSetAttribute(operation, what, &value, sizeof value));
}

// C = A·B for n × n fp8 (e4m3) matrices through cuBLASLt, fp32 result.
// Hopper's fp8 kernels take the first operand transposed ("TN"). In
// column-major terms C^T = B^T·A^T, the first operand given as X with
// op(X) = X^T = B^T: X is B in column-major order, that is the row-major
// buffer of B^T (the caller uploads B transposed); the second is A's row-major
// buffer as it is.
class LtFp8Multiply {
 public:
  explicit LtFp8Multiply(std::int64_t n) {
    try {
      ACCELBENCH_CUBLAS_CHECK(cuda::cublas().cublasLtCreate(&handle_));
      ACCELBENCH_CUBLAS_CHECK(
          cuda::cublas().cublasLtMatmulDescCreate(&operation_, CUBLAS_COMPUTE_32F, CUDA_R_32F));
      set_attribute(operation_, CUBLASLT_MATMUL_DESC_TRANSA, CUBLAS_OP_T);
      set_attribute(operation_, CUBLASLT_MATMUL_DESC_TRANSB, CUBLAS_OP_N);
      set_attribute(operation_, CUBLASLT_MATMUL_DESC_FAST_ACCUM, std::int8_t{0});
      const auto rows = static_cast<std::uint64_t>(n);
      ACCELBENCH_CUBLAS_CHECK(
          cuda::cublas().cublasLtMatrixLayoutCreate(&inputs_, CUDA_R_8F_E4M3, rows, rows, n));
      ACCELBENCH_CUBLAS_CHECK(
          cuda::cublas().cublasLtMatrixLayoutCreate(&output_, CUDA_R_32F, rows, rows, n));
      choose_algorithm(n);
    } catch (...) {
      release();
      throw;
    }
  }

  ~LtFp8Multiply() { release(); }
  LtFp8Multiply(const LtFp8Multiply&) = delete;
  LtFp8Multiply& operator=(const LtFp8Multiply&) = delete;

  void multiply(const void* b_transposed, const void* a, void* c, cudaStream_t stream) {
    const float one = 1, zero = 0;
    ACCELBENCH_CUBLAS_CHECK(cuda::cublas().cublasLtMatmul(
        handle_, operation_, &one, b_transposed, inputs_, a, inputs_, &zero, c, output_, c, output_,
        &algorithm_, workspace_.get(), workspace_.bytes(), stream));
  }

 private:
  static constexpr std::uint64_t kMostWorkspaceBytes = 32 << 20;

  // cuBLASLt's first choice within the workspace we allow.
  void choose_algorithm(std::int64_t n) {
    cublasLtMatmulPreference_t preference = nullptr;
    ACCELBENCH_CUBLAS_CHECK(cuda::cublas().cublasLtMatmulPreferenceCreate(&preference));
    const std::uint64_t workspace = kMostWorkspaceBytes;
    cublasLtMatmulHeuristicResult_t choice{};
    int found = 0;
    cublasStatus_t status = cuda::cublas().cublasLtMatmulPreferenceSetAttribute(
        preference, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &workspace, sizeof workspace);
    if (status == CUBLAS_STATUS_SUCCESS) {
      status = cuda::cublas().cublasLtMatmulAlgoGetHeuristic(
          handle_, operation_, inputs_, inputs_, output_, output_, preference, 1, &choice, &found);
    }
    cuda::cublas().cublasLtMatmulPreferenceDestroy(preference);
    if (status == CUBLAS_STATUS_NOT_SUPPORTED || (status == CUBLAS_STATUS_SUCCESS && found == 0)) {
      throw unsupported("cuBLASLt has no fp8 algorithm for n = " + std::to_string(n) +
                        " on this GPU");
    }
    check_cublas(status, "cublasLtMatmulAlgoGetHeuristic");
    algorithm_ = choice.algo;
    workspace_ = cuda::DeviceBuffer<std::byte>(choice.workspaceSize);
  }

  void release() {
    if (output_) cuda::cublas().cublasLtMatrixLayoutDestroy(std::exchange(output_, nullptr));
    if (inputs_) cuda::cublas().cublasLtMatrixLayoutDestroy(std::exchange(inputs_, nullptr));
    if (operation_) cuda::cublas().cublasLtMatmulDescDestroy(std::exchange(operation_, nullptr));
    if (handle_) cuda::cublas().cublasLtDestroy(std::exchange(handle_, nullptr));
  }

  cublasLtHandle_t handle_ = nullptr;
  cublasLtMatmulDesc_t operation_ = nullptr;
  cublasLtMatrixLayout_t inputs_ = nullptr, output_ = nullptr;
  cublasLtMatmulAlgo_t algorithm_{};
  cuda::DeviceBuffer<std::byte> workspace_;
};

// fp8 tensor cores: compute capability 8.9 (Ada) and later.
void require_fp8(const Device& device) {
  int major = 0, minor = 0;
  ACCELBENCH_CUDA_CHECK(
      cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, device.index));
  ACCELBENCH_CUDA_CHECK(
      cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, device.index));
  if (major * 10 + minor < 89) {
    throw unsupported("fp8 GEMM needs compute capability 8.9 or later; " + device.id + " has " +
                      std::to_string(major) + "." + std::to_string(minor));
  }
}

// The device's copy of gemm::random_entry (splitmix64 of random_data.h):
// the verification pass's integers, identical to the host's (the GPU test's
// exact verification fails otherwise).
__device__ std::uint64_t device_splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

__device__ float device_random_entry(std::uint64_t stream, std::uint64_t index) {
  const std::uint64_t bits = device_splitmix64(device_splitmix64(stream) ^ index);
  const auto magnitude = static_cast<float>(1 + (bits & 7));
  return (bits & 8) != 0 ? -magnitude : magnitude;
}

// N(0, 1) for element `index` of `stream` (Box-Muller on two hashed uniforms).
__device__ float device_normal(std::uint64_t stream, std::uint64_t index) {
  const std::uint64_t seed = device_splitmix64(stream + 0x6e6f726d616cULL);
  const std::uint64_t u = device_splitmix64(seed ^ (2 * index));
  const std::uint64_t v = device_splitmix64(seed ^ (2 * index + 1));
  const float u1 = (static_cast<float>(u >> 40) + 1.0f) * 0x1.0p-24f;  // (0, 1]
  const float u2 = static_cast<float>(v >> 40) * 0x1.0p-24f;           // [0, 1)
  return sqrtf(-2.0f * logf(u1)) * cospif(2.0f * u2);
}

template <class T>
__device__ T from_float(float v);
template <>
__device__ double from_float<double>(float v) {
  return v;
}
template <>
__device__ float from_float<float>(float v) {
  return v;
}
template <>
__device__ __half from_float<__half>(float v) {
  return __float2half_rn(v);
}
template <>
__device__ __nv_bfloat16 from_float<__nv_bfloat16>(float v) {
  return __float2bfloat16_rn(v);
}
template <>
__device__ __nv_fp8_e4m3 from_float<__nv_fp8_e4m3>(float v) {
  return __nv_fp8_e4m3(v);
}

enum class Data { kNormal, kIntegers };

// Row-major element (r, c) of the n x n matrix of `stream`, stored at r*n+c,
// or at c*n+r when `transposed`.
template <class T>
__global__ void fill_matrix(T* m, std::uint64_t n, std::uint64_t stream, bool transposed,
                            Data data) {
  const std::uint64_t count = n * n;
  for (std::uint64_t i = static_cast<std::uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
       i < count; i += static_cast<std::uint64_t>(gridDim.x) * blockDim.x) {
    const float v =
        data == Data::kNormal ? device_normal(stream, i) : device_random_entry(stream, i);
    m[transposed ? (i % n) * n + i / n : i] = from_float<T>(v);
  }
}

std::int64_t cuda_matrix_size(const Params& params) {
  return params.integer_in("matrix_size", 16, 65536);
}

// cuBLAS's recommended workspace on Hopper.
constexpr std::size_t kCublasWorkspaceBytes = std::size_t{32} << 20;

class CudaGemm final : public DeviceResidentCase {
 public:
  CudaGemm(const Device& device, const Params& params)
      : device_(device),
        type_(cuda_type(params)),
        n_(cuda_matrix_size(params)),
        fill_blocks_(4 * required(device, device.facts.compute_units, "SM count")) {}

  ~CudaGemm() override {
    if (handle_) cuda::cublas().cublasDestroy_v2(handle_);
  }

  Work work() const override { return gemm::work(n_); }

  void setup() override {
    cuda::use_device(device_);
    stream_.create();
    if (type_ == CudaType::kFp8) {
      require_fp8(device_);
      fp8_ = std::make_unique<LtFp8Multiply>(n_);
    } else {
      ACCELBENCH_CUBLAS_CHECK(cuda::cublas().cublasCreate_v2(&handle_));
      ACCELBENCH_CUBLAS_CHECK(cuda::cublas().cublasSetStream_v2(handle_, stream_.get()));
      // A workspace of its own (after cublasSetStream, which resets it to the
      // default pool): no allocation can happen inside a held iteration.
      workspace_ = cuda::DeviceBuffer<std::byte>(kCublasWorkspaceBytes);
      ACCELBENCH_CUBLAS_CHECK(
          cuda::cublas().cublasSetWorkspace_v2(handle_, workspace_.get(), workspace_.bytes()));
    }
    if (type_ == CudaType::kTf32) {
      ACCELBENCH_CUBLAS_CHECK(
          cuda::cublas().cublasSetMathMode(handle_, CUBLAS_TF32_TENSOR_OP_MATH));
    }
    const auto count = static_cast<std::size_t>(n_ * n_);
    a_device_ = cuda::DeviceBuffer<std::byte>(count * input_bytes());
    b_device_ = cuda::DeviceBuffer<std::byte>(count * input_bytes());
    c_device_ = cuda::DeviceBuffer<std::byte>(count * (type_ == CudaType::kFp64 ? 8 : 4));
    hold_.prepare({fill_kernel()});
    fill(Data::kNormal);
    multiply();  // untimed warm-up: cuBLAS picks and loads its kernels before any hold
    stream_.synchronize();
    operations_ = 1;
    operations_ = cuda::operations_per_iteration(timed_iteration());
  }

  nlohmann::ordered_json placement() const override {
    return {{"device", device_.name},
            {"library", type_ == CudaType::kFp8 ? "cuBLASLt cublasLtMatmul (e4m3, fp32 result)"
                                                : "cuBLAS cublasGemmEx"},
            {"multiplies_per_iteration", operations_}};
  }

  nlohmann::ordered_json details() const override {
    return {{"timed_data", "N(0, 1) random (full mantissas), generated on the device"},
            {"verification_data",
             "random integers in +-[1, 8], a separate pass of the same call after the timing"},
            {"timing", "device time per multiply: " + std::to_string(operations_) +
                           " multiplies queued behind a held stream between two events"}};
  }

 private:
  double timed_iteration() override {
    return hold_.time(stream_.get(), events_, operations_, [this] { multiply(); });
  }

  Verification check_mirror() override { return verify_product<double>(a_, b_, c_, n_); }

  std::span<std::byte> mirror_bytes() override { return std::as_writable_bytes(std::span(c_)); }

  cudaDataType_t input_type() const {
    switch (type_) {
      case CudaType::kFp64:
        return CUDA_R_64F;
      case CudaType::kFp16:
        return CUDA_R_16F;
      case CudaType::kBf16:
        return CUDA_R_16BF;
      default:
        return CUDA_R_32F;
    }
  }

  std::size_t input_bytes() const {
    switch (type_) {
      case CudaType::kFp64:
        return 8;
      case CudaType::kFp16:
      case CudaType::kBf16:
        return 2;
      case CudaType::kFp8:
        return 1;
      default:
        return 4;
    }
  }

  const void* fill_kernel() const {
    switch (type_) {
      case CudaType::kFp64:
        return reinterpret_cast<const void*>(&fill_matrix<double>);
      case CudaType::kFp16:
        return reinterpret_cast<const void*>(&fill_matrix<__half>);
      case CudaType::kBf16:
        return reinterpret_cast<const void*>(&fill_matrix<__nv_bfloat16>);
      case CudaType::kFp8:
        return reinterpret_cast<const void*>(&fill_matrix<__nv_fp8_e4m3>);
      default:
        return reinterpret_cast<const void*>(&fill_matrix<float>);
    }
  }

  // A and B in the input type on the device, on the case's stream (fp8: B
  // transposed, as LtFp8Multiply takes it).
  void fill(Data data) {
    fill_one(a_device_.get(), kStreamA, false, data);
    fill_one(b_device_.get(), kStreamB, type_ == CudaType::kFp8, data);
    ACCELBENCH_CUDA_CHECK(cudaGetLastError());
  }

  void fill_one(void* m, std::uint64_t stream, bool transposed, Data data) {
    const auto n = static_cast<std::uint64_t>(n_);
    const int blocks = fill_blocks_;
    const cudaStream_t s = stream_.get();
    switch (type_) {
      case CudaType::kFp64:
        fill_matrix<<<blocks, 256, 0, s>>>(static_cast<double*>(m), n, stream, transposed, data);
        break;
      case CudaType::kFp16:
        fill_matrix<<<blocks, 256, 0, s>>>(static_cast<__half*>(m), n, stream, transposed, data);
        break;
      case CudaType::kBf16:
        fill_matrix<<<blocks, 256, 0, s>>>(static_cast<__nv_bfloat16*>(m), n, stream, transposed,
                                           data);
        break;
      case CudaType::kFp8:
        fill_matrix<<<blocks, 256, 0, s>>>(static_cast<__nv_fp8_e4m3*>(m), n, stream, transposed,
                                           data);
        break;
      default:
        fill_matrix<<<blocks, 256, 0, s>>>(static_cast<float*>(m), n, stream, transposed, data);
    }
  }

  // Row-major C = A·B is column-major C^T = B^T·A^T: B and A swap places.
  void multiply() {
    if (fp8_) {
      fp8_->multiply(b_device_.get(), a_device_.get(), c_device_.get(), stream_.get());
      return;
    }
    const int n = static_cast<int>(n_);
    if (type_ == CudaType::kFp64) {
      const double one = 1, zero = 0;
      ACCELBENCH_CUBLAS_CHECK(cuda::cublas().cublasGemmEx(
          handle_, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, &one, b_device_.get(), CUDA_R_64F, n,
          a_device_.get(), CUDA_R_64F, n, &zero, c_device_.get(), CUDA_R_64F, n, CUBLAS_COMPUTE_64F,
          CUBLAS_GEMM_DEFAULT));
      return;
    }
    const float one = 1, zero = 0;
    const cublasComputeType_t compute =
        type_ == CudaType::kTf32 ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F;
    ACCELBENCH_CUBLAS_CHECK(cuda::cublas().cublasGemmEx(
        handle_, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, &one, b_device_.get(), input_type(), n,
        a_device_.get(), input_type(), n, &zero, c_device_.get(), CUDA_R_32F, n, compute,
        CUBLAS_GEMM_DEFAULT));
  }

  // The verification pass: integer data, one multiply, C copied back, the
  // random data restored; the host's copies of the integer A and B.
  void fetch_result() override {
    const auto count = static_cast<std::size_t>(n_ * n_);
    fill(Data::kIntegers);
    multiply();
    stream_.synchronize();
    c_.resize(count);
    if (type_ == CudaType::kFp64) {
      ACCELBENCH_CUDA_CHECK(
          cudaMemcpy(c_.data(), c_device_.get(), count * 8, cudaMemcpyDeviceToHost));
    } else {
      std::vector<float> c(count);
      ACCELBENCH_CUDA_CHECK(
          cudaMemcpy(c.data(), c_device_.get(), count * 4, cudaMemcpyDeviceToHost));
      for (std::size_t i = 0; i < count; ++i) c_[i] = c[i];
    }
    fill(Data::kNormal);
    stream_.synchronize();
    if (a_.size() != count) {
      a_.resize(count);
      b_.resize(count);
      fill_random<double>(a_, kStreamA);
      fill_random<double>(b_, kStreamB);
    }
  }

  Device device_;
  CudaType type_;
  std::int64_t n_;
  int fill_blocks_;  // 4 per SM
  cublasHandle_t handle_ = nullptr;
  std::unique_ptr<LtFp8Multiply> fp8_;
  std::vector<double> a_, b_, c_;
  cuda::DeviceBuffer<std::byte> a_device_, b_device_, c_device_, workspace_;
  cuda::EventPair events_;
  cuda::Stream stream_;
  cuda::HeldStream hold_;
  int operations_ = 1;
};

std::vector<Params> cuda_sweep(Suite suite) {
  std::vector<std::int64_t> sizes = suite == Suite::kQuick
                                        ? std::vector<std::int64_t>{1024, 4096, 8192}
                                        : std::vector<std::int64_t>{1024, 2048, 4096, 8192, 16384};
  std::vector<Params> points;
  for (const char* dtype : {"fp64", "fp32", "tf32", "fp16", "bf16", "fp8"}) {
    for (std::int64_t n : sizes) {
      Params p;
      p.set("dtype", std::string(dtype)).set("matrix_size", n);
      points.push_back(p);
    }
  }
  return points;
}

ACCELBENCH_REGISTER(
    kCudaGemm,
    std::vector<Definition>{{
        .id = "compute/gemm",
        .backend = "cuda",
        .claim = Claim::kCompute,
        .metric = MetricKind::kFlops,
        .spec = &spec(),
        .timer = Timer::kDevice,
        .summary = "cuBLAS GEMM (fp64, fp32, tf32, fp16, bf16) and cuBLASLt fp8, timed on "
                   "N(0,1) random data, C verified exactly on an integer pass",
        .instances = [](const Device&, Suite suite) { return cuda_sweep(suite); },
        .make_case = [](const Device& device, const Params& params) -> std::unique_ptr<Case> {
          return std::make_unique<CudaGemm>(device, params);
        },
        .analyze = [](const Device&,
                      const std::vector<SweepPoint>& points) { return analyze(points); },
    }});

}  // namespace
}  // namespace accelbench::gemm
