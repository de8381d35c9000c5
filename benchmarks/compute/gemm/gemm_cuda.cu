// compute/gemm on a CUDA device through cuBLAS (cublasGemmEx): fp64, fp32,
// tf32 (fp32 data, tensor cores), fp16 and bf16 (fp32 accumulation and fp32
// result); and fp8 (e4m3 inputs, fp32 accumulation and result) through
// cuBLASLt (cublasLtMatmul), where the GPU has fp8 tensor cores (compute
// capability 8.9 and later). The data are the random non-zero integers of
// gemm.h, exact in every one of these types, and every product is exact in
// the fp32 or fp64 accumulator, so C is known exactly: it is copied back and
// checked with C·x = A·(B·x) in 64-bit integers, independently of the library.
// fp8 runs with cuBLASLt's default accumulation (fast accumulation off: the
// partial sums are promoted to fp32 periodically), as the exactness needs.
#include <cublasLt.h>
#include <cublas_v2.h>
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_fp8.h>

#include <memory>
#include <utility>
#include <vector>

#include "cuda/cuda_runtime.h"
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
    throw failure(std::string(call) + " failed: " + cublasGetStatusName(status) + " (" +
                  cublasGetStatusString(status) + ")");
  }
}
#define ACCELBENCH_CUBLAS_CHECK(call) check_cublas((call), #call)

template <class Value>
void set_attribute(cublasLtMatmulDesc_t operation, cublasLtMatmulDescAttributes_t what,
                   const Value& value) {
  ACCELBENCH_CUBLAS_CHECK(cublasLtMatmulDescSetAttribute(operation, what, &value, sizeof value));
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
      ACCELBENCH_CUBLAS_CHECK(cublasLtCreate(&handle_));
      ACCELBENCH_CUBLAS_CHECK(
          cublasLtMatmulDescCreate(&operation_, CUBLAS_COMPUTE_32F, CUDA_R_32F));
      set_attribute(operation_, CUBLASLT_MATMUL_DESC_TRANSA, CUBLAS_OP_T);
      set_attribute(operation_, CUBLASLT_MATMUL_DESC_TRANSB, CUBLAS_OP_N);
      set_attribute(operation_, CUBLASLT_MATMUL_DESC_FAST_ACCUM, std::int8_t{0});
      const auto rows = static_cast<std::uint64_t>(n);
      ACCELBENCH_CUBLAS_CHECK(cublasLtMatrixLayoutCreate(&inputs_, CUDA_R_8F_E4M3, rows, rows, n));
      ACCELBENCH_CUBLAS_CHECK(cublasLtMatrixLayoutCreate(&output_, CUDA_R_32F, rows, rows, n));
      choose_algorithm(n);
    } catch (...) {
      release();
      throw;
    }
  }

  ~LtFp8Multiply() { release(); }
  LtFp8Multiply(const LtFp8Multiply&) = delete;
  LtFp8Multiply& operator=(const LtFp8Multiply&) = delete;

  void multiply(const void* b_transposed, const void* a, void* c) {
    const float one = 1, zero = 0;
    ACCELBENCH_CUBLAS_CHECK(cublasLtMatmul(handle_, operation_, &one, b_transposed, inputs_, a,
                                           inputs_, &zero, c, output_, c, output_, &algorithm_,
                                           workspace_.get(), workspace_.bytes(), nullptr));
  }

 private:
  static constexpr std::uint64_t kMostWorkspaceBytes = 32 << 20;

  // cuBLASLt's first choice within the workspace we allow.
  void choose_algorithm(std::int64_t n) {
    cublasLtMatmulPreference_t preference = nullptr;
    ACCELBENCH_CUBLAS_CHECK(cublasLtMatmulPreferenceCreate(&preference));
    const std::uint64_t workspace = kMostWorkspaceBytes;
    cublasLtMatmulHeuristicResult_t choice{};
    int found = 0;
    cublasStatus_t status = cublasLtMatmulPreferenceSetAttribute(
        preference, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, &workspace, sizeof workspace);
    if (status == CUBLAS_STATUS_SUCCESS) {
      status = cublasLtMatmulAlgoGetHeuristic(handle_, operation_, inputs_, inputs_, output_,
                                              output_, preference, 1, &choice, &found);
    }
    cublasLtMatmulPreferenceDestroy(preference);
    if (status == CUBLAS_STATUS_NOT_SUPPORTED || (status == CUBLAS_STATUS_SUCCESS && found == 0)) {
      throw unsupported("cuBLASLt has no fp8 algorithm for n = " + std::to_string(n) +
                        " on this GPU");
    }
    check_cublas(status, "cublasLtMatmulAlgoGetHeuristic");
    algorithm_ = choice.algo;
    workspace_ = cuda::DeviceBuffer<std::byte>(choice.workspaceSize);
  }

  void release() {
    if (output_) cublasLtMatrixLayoutDestroy(std::exchange(output_, nullptr));
    if (inputs_) cublasLtMatrixLayoutDestroy(std::exchange(inputs_, nullptr));
    if (operation_) cublasLtMatmulDescDestroy(std::exchange(operation_, nullptr));
    if (handle_) cublasLtDestroy(std::exchange(handle_, nullptr));
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

std::vector<double> transposed(const std::vector<double>& m, std::int64_t n) {
  const auto size = static_cast<std::size_t>(n);
  std::vector<double> t(m.size());
  for (std::size_t i = 0; i < size; ++i) {
    for (std::size_t j = 0; j < size; ++j) t[j * size + i] = m[i * size + j];
  }
  return t;
}

std::int64_t cuda_matrix_size(const Params& params) {
  return params.integer_in("matrix_size", 16, 65536);
}

class CudaGemm final : public Case {
 public:
  CudaGemm(const Device& device, const Params& params)
      : device_(device), type_(cuda_type(params)), n_(cuda_matrix_size(params)) {}

  ~CudaGemm() override {
    if (handle_) cublasDestroy(handle_);
  }

  Work work() const override { return gemm::work(n_); }

  void setup() override {
    cuda::use_device(device_);
    if (type_ == CudaType::kFp8) {
      require_fp8(device_);
      fp8_ = std::make_unique<LtFp8Multiply>(n_);
    } else {
      ACCELBENCH_CUBLAS_CHECK(cublasCreate(&handle_));
    }
    const auto count = static_cast<std::size_t>(n_ * n_);
    a_.resize(count);
    b_.resize(count);
    fill_random<double>(a_, kStreamA);
    fill_random<double>(b_, kStreamB);
    a_device_ = upload(a_);
    b_device_ = upload(type_ == CudaType::kFp8 ? transposed(b_, n_) : b_);
    c_device_ = cuda::DeviceBuffer<std::byte>(count * (type_ == CudaType::kFp64 ? 8 : 4));
    if (type_ == CudaType::kTf32) {
      ACCELBENCH_CUBLAS_CHECK(cublasSetMathMode(handle_, CUBLAS_TF32_TENSOR_OP_MATH));
    }
    multiply();  // untimed warm-up: cuBLAS picks and loads its kernel
  }

  double iterate() override {
    fetched_ = false;
    ACCELBENCH_CUDA_CHECK(cudaEventRecord(events_.start()));
    multiply();
    ACCELBENCH_CUDA_CHECK(cudaEventRecord(events_.stop()));
    return events_.seconds();
  }

  Verification verify() override {
    fetch();
    return verify_product<double>(a_, b_, c_, n_);
  }

  std::span<std::byte> result_bytes() override {
    fetch();
    return std::as_writable_bytes(std::span(c_));
  }

  nlohmann::ordered_json placement() const override {
    return {{"device", device_.name},
            {"library", type_ == CudaType::kFp8 ? "cuBLASLt cublasLtMatmul (e4m3, fp32 result)"
                                                : "cuBLAS cublasGemmEx"}};
  }

 private:
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

  // The matrix in the input type, on the device.
  cuda::DeviceBuffer<std::byte> upload(const std::vector<double>& m) {
    std::vector<std::byte> bytes;
    const auto append = [&bytes](const auto& value) {
      const auto* p = reinterpret_cast<const std::byte*>(&value);
      bytes.insert(bytes.end(), p, p + sizeof value);
    };
    for (double v : m) {
      switch (type_) {
        case CudaType::kFp64:
          append(v);
          break;
        case CudaType::kFp16:
          append(__double2half(v));
          break;
        case CudaType::kBf16:
          append(__double2bfloat16(v));
          break;
        case CudaType::kFp8:
          append(__nv_fp8_e4m3(v));
          break;
        default:
          append(static_cast<float>(v));
      }
    }
    cuda::DeviceBuffer<std::byte> buffer(bytes.size());
    ACCELBENCH_CUDA_CHECK(
        cudaMemcpy(buffer.get(), bytes.data(), bytes.size(), cudaMemcpyHostToDevice));
    return buffer;
  }

  // Row-major C = A·B is column-major C^T = B^T·A^T: B and A swap places.
  void multiply() {
    if (fp8_) {
      fp8_->multiply(b_device_.get(), a_device_.get(), c_device_.get());
      return;
    }
    const int n = static_cast<int>(n_);
    if (type_ == CudaType::kFp64) {
      const double one = 1, zero = 0;
      ACCELBENCH_CUBLAS_CHECK(cublasGemmEx(handle_, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, &one,
                                           b_device_.get(), CUDA_R_64F, n, a_device_.get(),
                                           CUDA_R_64F, n, &zero, c_device_.get(), CUDA_R_64F, n,
                                           CUBLAS_COMPUTE_64F, CUBLAS_GEMM_DEFAULT));
      return;
    }
    const float one = 1, zero = 0;
    const cublasComputeType_t compute =
        type_ == CudaType::kTf32 ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F;
    ACCELBENCH_CUBLAS_CHECK(cublasGemmEx(handle_, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, &one,
                                         b_device_.get(), input_type(), n, a_device_.get(),
                                         input_type(), n, &zero, c_device_.get(), CUDA_R_32F, n,
                                         compute, CUBLAS_GEMM_DEFAULT));
  }

  void fetch() {
    if (fetched_) return;
    const auto count = static_cast<std::size_t>(n_ * n_);
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
    fetched_ = true;
  }

  Device device_;
  CudaType type_;
  std::int64_t n_;
  cublasHandle_t handle_ = nullptr;
  std::unique_ptr<LtFp8Multiply> fp8_;
  std::vector<double> a_, b_, c_;
  cuda::DeviceBuffer<std::byte> a_device_, b_device_, c_device_;
  cuda::EventPair events_;
  bool fetched_ = false;
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
        .timer = Timer::kDevice,
        .summary = "cuBLAS GEMM (fp64, fp32, tf32, fp16, bf16) and cuBLASLt fp8, random "
                   "integer data, C verified exactly",
        .instances = [](const Device&, Suite suite) { return cuda_sweep(suite); },
        .make_case = [](const Device& device, const Params& params) -> std::unique_ptr<Case> {
          return std::make_unique<CudaGemm>(device, params);
        },
        .analyze = [](const Device&,
                      const std::vector<SweepPoint>& points) { return analyze(points); },
    }});

}  // namespace
}  // namespace accelbench::gemm
