// compute/gemm on a CUDA device through cuBLAS (cublasGemmEx): fp64, fp32,
// tf32 (fp32 data, tensor cores), fp16 and bf16 (fp32 accumulation and fp32
// result). The data are the random non-zero integers of gemm.h, exact in
// every one of these types, and every product is exact in the fp32 or fp64
// accumulator, so C is known exactly: it is copied back and checked with
// C·x = A·(B·x) in 64-bit integers, independently of the library.
#include <cublas_v2.h>
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <vector>

#include "cuda/cuda_runtime.h"
#include "gemm.h"

namespace accelbench::gemm {
namespace {

enum class CudaType { kFp64, kFp32, kTf32, kFp16, kBf16 };

CudaType cuda_type(const Params& params) {
  const std::string& name = params.text("dtype");
  if (name == "fp64") return CudaType::kFp64;
  if (name == "fp32") return CudaType::kFp32;
  if (name == "tf32") return CudaType::kTf32;
  if (name == "fp16") return CudaType::kFp16;
  if (name == "bf16") return CudaType::kBf16;
  throw usage_error("dtype must be fp64, fp32, tf32, fp16 or bf16, not '" + name + "'");
}

void check_cublas(cublasStatus_t status, const char* call) {
  if (status != CUBLAS_STATUS_SUCCESS) {
    throw failure(std::string(call) + " failed: " + cublasGetStatusName(status) + " (" +
                  cublasGetStatusString(status) + ")");
  }
}
#define ACCELBENCH_CUBLAS_CHECK(call) check_cublas((call), #call)

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
    ACCELBENCH_CUBLAS_CHECK(cublasCreate(&handle_));
    const auto count = static_cast<std::size_t>(n_ * n_);
    a_.resize(count);
    b_.resize(count);
    fill_random<double>(a_, kStreamA);
    fill_random<double>(b_, kStreamB);
    a_device_ = upload(a_);
    b_device_ = upload(b_);
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
    return {{"device", device_.name}, {"library", "cuBLAS cublasGemmEx"}};
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
  for (const char* dtype : {"fp64", "fp32", "tf32", "fp16", "bf16"}) {
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
        .summary = "cuBLAS GEMM (fp64, fp32, tf32, fp16, bf16), random integer "
                   "data, C verified exactly",
        .instances = [](const Device&, Suite suite) { return cuda_sweep(suite); },
        .make_case = [](const Device& device, const Params& params) -> std::unique_ptr<Case> {
          return std::make_unique<CudaGemm>(device, params);
        },
        .analyze = [](const Device&,
                      const std::vector<SweepPoint>& points) { return analyze(points); },
    }});

}  // namespace
}  // namespace accelbench::gemm
