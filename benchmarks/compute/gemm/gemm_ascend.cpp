// compute/gemm on an Ascend NPU (ascend:N) through aclnnMatmul: fp32, fp16
// and bf16, cubeMathType KEEP_DTYPE (0: the cube computes in the input type;
// fp32 stays fp32, not HiFloat32), C in the input type. aclnnMatmul takes no
// fp64 and no fp8, and Ascend has no tf32 (its reduced fp32 is HiFloat32, a
// different format): those dtypes are not in the sweep and are skipped with
// the reason when asked for. Ascend 910 and 310P (Atlas training and
// inference series) have no bf16 and no KEEP_DTYPE fp32 in aclnnMatmul: the
// operator's parameter error there is reported as skipped with the reason.
//
// Data: the timed multiplies run on full-mantissa random data (uniform in
// [-1, 1), rounded to the input type), generated on the host and uploaded in
// setup, as CUDA times on random data: small integers with nearly empty
// mantissas can run faster than real work. Verification is a separate pass
// of the same call on integer matrices (their own device buffers), whose C
// is known exactly and checked with gemm::verify_product (C·x = A·(B·x) in
// 64-bit integers, every element of C integral):
//
//   fp32: A and B dense random non-zero integers in ±[1, 8] (gemm.h): every
//         product and partial sum is an integer below 64 n < 2^24, exact in
//         fp32 in any summation order.
//   fp16, bf16: aclnnMatmul's out must be the input type (the operator's
//         documentation: out's type is the deduced type of self and mat2),
//         so, unlike CUDA (fp32 C), every partial sum and C itself must be
//         exact in fp16 (integers up to 2^11) or bf16 (up to 2^8). B is
//         dense ±[1, 8]; each row i of A has t non-zero entries, ±[1, 8], in
//         the columns (i + r·⌊n/t⌋) mod n, r = 0 … t−1, all other entries 0,
//         t = 32 for fp16 and 4 for bf16 (t = n when n is smaller). Every
//         product is at most 64 and every partial sum, in any order, at most
//         64 t = 2048 (fp16) or 256 (bf16): exact in the output type. The
//         non-zeros move across all columns from row to row, so every tile of
//         A, B and C takes part; any wrong element of C changes its row's C·x.
//
// Timing: each iteration queues K multiplies between two events, K from a
// calibration in setup (at least 2 ms of device work, at most 128), and
// reports the device time per multiply. aclnn's executors are single use, so
// the K executors are prepared (aclnnMatmulGetWorkspaceSize) before the start
// event is recorded; only the launches are queued inside the timed region.
//
// Signatures: hicann/ops-nn matmul/mat_mul_v3/docs/aclnnMatmul_en.md and
// Hayden727/cann-ops src/matmul/mat_mul_v3/doc/aclnnMatmul.md
// (aclnnMatmulGetWorkspaceSize(self, mat2, out, int8 cubeMathType, workspaceSize,
// executor), aclnnMatmul; types BFLOAT16, FLOAT16, FLOAT32; 161002
// ACLNN_ERR_PARAM_INVALID for unsupported types); hiascend aolapi operatorlist_00019
// (aclCreateTensor, aclDestroyTensor); hicann/runtime docs/api_docs
// (aclrtMalloc, aclrtMemcpy, aclrtSynchronizeStream, aclrtRecordEvent,
// aclrtEventElapsedTime, via ascend_runtime.h).
#include <accelbench/device_case.h>
#include <accelbench/random_data.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <memory>
#include <optional>
#include <vector>

#include "ascend/aclnn_objects.h"
#include "ascend/ascend_runtime.h"
#include "gemm.h"

namespace accelbench::gemm {
namespace {

using ascend::aclOpExecutor;
using ascend::aclTensor;

enum class AscendType { kFp32, kFp16, kBf16 };

// The dtype parameter, with CUDA's names: fp32, fp16, bf16 run; fp64, tf32
// and fp8 are known and skipped in setup (see unsupported_reason); anything
// else is a usage error.
std::string_view checked_dtype(const Params& params) {
  const std::string& name = params.text("dtype");
  for (const char* known : {"fp32", "fp16", "bf16", "fp64", "tf32", "fp8"}) {
    if (name == known) return known;
  }
  throw usage_error(
      "dtype must be fp32, fp16 or bf16 on Ascend (fp64, tf32 and fp8 are "
      "skipped there), not '" +
      name + "'");
}

std::optional<std::string> unsupported_reason(std::string_view dtype) {
  if (dtype == "fp64") return "aclnnMatmul has no fp64 (it takes FLOAT, FLOAT16 and BFLOAT16)";
  if (dtype == "tf32") {
    return "Ascend has no tf32: the cube's reduced-precision fp32 is HiFloat32 "
           "(cubeMathType USE_HF32), another format";
  }
  if (dtype == "fp8") return "aclnnMatmul has no fp8 (it takes FLOAT, FLOAT16 and BFLOAT16)";
  return std::nullopt;
}

AscendType ascend_type(std::string_view dtype) {
  if (dtype == "fp16") return AscendType::kFp16;
  if (dtype == "bf16") return AscendType::kBf16;
  return AscendType::kFp32;
}

ascend::aclDataType acl_type(AscendType type) {
  switch (type) {
    case AscendType::kFp16:
      return ascend::ACL_FLOAT16;
    case AscendType::kBf16:
      return ascend::ACL_BF16;
    case AscendType::kFp32:
      break;
  }
  return ascend::ACL_FLOAT;
}

std::size_t element_bytes(AscendType type) { return type == AscendType::kFp32 ? 4 : 2; }

// IEEE binary16 bits of `value`, rounded to nearest even (no NaN here).
std::uint16_t fp16_bits(float value) {
  std::uint32_t f = std::bit_cast<std::uint32_t>(value);
  const auto sign = static_cast<std::uint16_t>((f >> 16) & 0x8000u);
  f &= 0x7fffffffu;
  if (f >= 0x47800000u) return sign | 0x7c00u;                // 2^16 and above: infinity
  if (f < 0x38800000u) {                                      // below 2^-14: a subnormal (or 0)
    const float units = std::bit_cast<float>(f) * 0x1.0p24f;  // exact: a power of 2
    return static_cast<std::uint16_t>(sign | static_cast<std::uint32_t>(std::nearbyint(units)));
  }
  // Rebias the exponent (127 -> 15) and round 23 mantissa bits to 10; a carry
  // moves into the exponent as it should.
  const std::uint32_t rounded = f - (112u << 23) + 0xfffu + ((f >> 13) & 1u);
  return static_cast<std::uint16_t>(sign | (rounded >> 13));
}

double fp16_value(std::uint16_t bits) {
  const int exponent = (bits >> 10) & 0x1f;
  const int mantissa = bits & 0x3ff;
  double magnitude = 0;
  if (exponent == 0) {
    magnitude = std::ldexp(mantissa, -24);
  } else if (exponent == 31) {
    magnitude = mantissa == 0 ? INFINITY : NAN;
  } else {
    magnitude = std::ldexp(1024 + mantissa, exponent - 25);
  }
  return (bits & 0x8000u) != 0 ? -magnitude : magnitude;
}

// bfloat16 bits of `value`, rounded to nearest even (no NaN here).
std::uint16_t bf16_bits(float value) {
  const std::uint32_t f = std::bit_cast<std::uint32_t>(value);
  return static_cast<std::uint16_t>((f + 0x7fffu + ((f >> 16) & 1u)) >> 16);
}

double bf16_value(std::uint16_t bits) {
  return std::bit_cast<float>(static_cast<std::uint32_t>(bits) << 16);
}

// Non-zero entries per row of the verification A (see the header): every
// partial sum stays within the integers the output type holds exactly.
std::int64_t nonzeros_per_row(AscendType type, std::int64_t n) {
  const std::int64_t t = type == AscendType::kFp16 ? 32 : type == AscendType::kBf16 ? 4 : n;
  return std::min(t, n);
}

// The verification matrices as doubles (host copies for verify_product):
// B dense ±[1, 8]; A with nonzeros_per_row entries per row.
std::vector<double> verification_a(AscendType type, std::int64_t n) {
  const auto size = static_cast<std::size_t>(n);
  std::vector<double> a(size * size, 0.0);
  const std::int64_t t = nonzeros_per_row(type, n);
  const std::int64_t spacing = n / t;
#pragma omp parallel for schedule(static)
  for (std::int64_t i = 0; i < n; ++i) {
    for (std::int64_t r = 0; r < t; ++r) {
      const auto index = static_cast<std::size_t>(i * n + (i + r * spacing) % n);
      a[index] = static_cast<double>(random_entry(kStreamA, index));
    }
  }
  return a;
}

std::vector<double> verification_b(std::int64_t n) {
  std::vector<double> b(static_cast<std::size_t>(n * n));
  fill_random<double>(b, kStreamB);
  return b;
}

// Full-mantissa timed data, element `index` of `stream`: uniform in [-1, 1).
double timed_value(std::uint64_t stream, std::uint64_t index) {
  return random_value(stream + 0x100, index, -1.0, 1.0);
}

// A contiguous row-major n x n tensor of `type` over `data`.
ascend::Tensor matrix_tensor(void* data, std::int64_t n, AscendType type) {
  return ascend::contiguous_tensor(data, {n, n}, acl_type(type));
}

// Multiplies per timed iteration: at least 2 ms of device work, at most 128.
constexpr double kAscendTargetSeconds = 2e-3;
constexpr int kAscendMostMultiplies = 128;

int ascend_multiplies_per_iteration(double seconds_per_multiply) {
  if (!(seconds_per_multiply > 0) || !std::isfinite(seconds_per_multiply)) return 1;
  const double wanted = std::ceil(kAscendTargetSeconds / seconds_per_multiply);
  return static_cast<int>(std::clamp(wanted, 1.0, static_cast<double>(kAscendMostMultiplies)));
}

class AscendGemm final : public DeviceResidentCase {
 public:
  AscendGemm(const Device& device, const Params& params)
      : device_(device),
        dtype_(checked_dtype(params)),
        type_(ascend_type(dtype_)),
        n_(params.integer_in("matrix_size", 16, 65536)) {}

  // aclrtFree does not wait for queued work: the stream is drained before the
  // matrices and the workspace are freed.
  ~AscendGemm() override {
    try {
      stream_.synchronize();
    } catch (...) {  // nothing to report from a destructor
    }
  }

  Work work() const override { return gemm::work(n_); }

  void setup() override {
    if (const auto reason = unsupported_reason(dtype_)) throw unsupported(*reason);
    ascend::use_device(device_);
    stream_.create();
    ascend::aclnn();  // unsupported (skipped) without aclnn
    const std::size_t bytes = static_cast<std::size_t>(n_ * n_) * element_bytes(type_);
    a_device_ = ascend::DeviceBuffer<std::byte>(bytes);
    b_device_ = ascend::DeviceBuffer<std::byte>(bytes);
    a_integers_ = ascend::DeviceBuffer<std::byte>(bytes);
    b_integers_ = ascend::DeviceBuffer<std::byte>(bytes);
    c_device_ = ascend::DeviceBuffer<std::byte>(bytes);
    upload(a_device_, [](std::size_t i) { return timed_value(kStreamA, i); });
    upload(b_device_, [](std::size_t i) { return timed_value(kStreamB, i); });
    a_ = verification_a(type_, n_);
    b_ = verification_b(n_);
    upload(a_integers_, [this](std::size_t i) { return a_[i]; });
    upload(b_integers_, [this](std::size_t i) { return b_[i]; });
    a_tensor_ = matrix_tensor(a_device_.get(), n_, type_);
    b_tensor_ = matrix_tensor(b_device_.get(), n_, type_);
    a_integers_tensor_ = matrix_tensor(a_integers_.get(), n_, type_);
    b_integers_tensor_ = matrix_tensor(b_integers_.get(), n_, type_);
    c_tensor_ = matrix_tensor(c_device_.get(), n_, type_);
    // Untimed warm-up (the runtime picks and loads the kernels), then the
    // calibration of K on one timed multiply.
    multiply_now(a_tensor_.get(), b_tensor_.get(), /*first=*/true);
    multiplies_ = 1;
    multiplies_ = ascend_multiplies_per_iteration(timed_iteration());
  }

  nlohmann::ordered_json placement() const override {
    return {{"device", device_.name},
            {"library", "aclnn aclnnMatmul (cubeMathType KEEP_DTYPE, C in the input type)"},
            {"multiplies_per_iteration", multiplies_}};
  }

  nlohmann::ordered_json details() const override {
    return {{"timed_data", "uniform random in [-1, 1) (full mantissas), uploaded in setup"},
            {"verification_data", verification_note()},
            {"timing", "device time per multiply: " + std::to_string(multiplies_) +
                           " multiplies between two events, their executors prepared "
                           "before the first event"}};
  }

 private:
  std::string verification_note() const {
    if (type_ == AscendType::kFp32) {
      return "random integers in +-[1, 8], a separate pass of the same call after the timing";
    }
    return "B random integers in +-[1, 8], A " + std::to_string(nonzeros_per_row(type_, n_)) +
           " such integers per row (others 0) so that every partial sum and C are exact in " +
           dtype_ + "; a separate pass of the same call after the timing";
  }

  // value_of(0 … n² − 1), rounded to the input type, into `buffer` (staged
  // in the input type: no n² doubles for the timed data).
  template <class ValueOf>
  void upload(ascend::DeviceBuffer<std::byte>& buffer, ValueOf value_of) {
    const std::int64_t count = n_ * n_;
    std::vector<std::byte> staged(static_cast<std::size_t>(count) * element_bytes(type_));
    auto* out32 = reinterpret_cast<float*>(staged.data());
    auto* out16 = reinterpret_cast<std::uint16_t*>(staged.data());
    const AscendType type = type_;
#pragma omp parallel for schedule(static)
    for (std::int64_t i = 0; i < count; ++i) {
      const auto v = static_cast<float>(value_of(static_cast<std::size_t>(i)));
      if (type == AscendType::kFp32) {
        out32[i] = v;
      } else {
        out16[i] = type == AscendType::kFp16 ? fp16_bits(v) : bf16_bits(v);
      }
    }
    ACCELBENCH_ACL_CHECK(ascend::acl().aclrtMemcpy(buffer.get(), buffer.bytes(), staged.data(),
                                                   staged.size(),
                                                   ascend::ACL_MEMCPY_HOST_TO_DEVICE));
  }

  // One executor of C = A·B over the given tensors, with the workspace grown
  // to what it needs; untimed. `first`: a parameter error means this SoC's
  // aclnnMatmul does not take the type (skipped, not failed).
  aclOpExecutor* prepare(aclTensor* a, aclTensor* b, bool first = false) {
    std::uint64_t bytes = 0;
    aclOpExecutor* executor = nullptr;
    const ascend::aclnnStatus status = ascend::aclnn().aclnnMatmulGetWorkspaceSize(
        a, b, c_tensor_.get(), ascend::kCubeMathKeepDtype, &bytes, &executor);
    if (first && status == ascend::ACLNN_ERR_PARAM_INVALID && type_ != AscendType::kFp16) {
      throw unsupported("aclnnMatmul does not take " + dtype_ +
                        " with cubeMathType KEEP_DTYPE on " + device_.name +
                        " (status 161002): Ascend 910 and 310P have no bf16 and no fp32 "
                        "KEEP_DTYPE matmul");
    }
    ACCELBENCH_ACLNN_CHECK(status);
    if (bytes > workspace_.bytes()) {
      stream_.synchronize();  // no queued multiply still uses the old workspace
      workspace_ = ascend::DeviceBuffer<std::byte>(bytes);
    }
    return executor;
  }

  void launch(aclOpExecutor* executor) {
    void* workspace = workspace_.bytes() > 0 ? workspace_.get() : nullptr;
    ACCELBENCH_ACLNN_CHECK(
        ascend::aclnn().aclnnMatmul(workspace, workspace_.bytes(), executor, stream_.get()));
  }

  void multiply_now(aclTensor* a, aclTensor* b, bool first = false) {
    launch(prepare(a, b, first));
    stream_.synchronize();
  }

  double timed_iteration() override {
    executors_.clear();
    for (int k = 0; k < multiplies_; ++k) {
      executors_.push_back(prepare(a_tensor_.get(), b_tensor_.get()));
    }
    events_.record_start(stream_);
    for (aclOpExecutor* executor : executors_) launch(executor);
    events_.record_stop(stream_);
    return events_.seconds() / multiplies_;
  }

  // The verification pass: the integer matrices, one multiply, C copied back
  // and widened to double.
  void fetch_result() override {
    multiply_now(a_integers_tensor_.get(), b_integers_tensor_.get());
    const auto count = static_cast<std::size_t>(n_ * n_);
    std::vector<std::byte> c(count * element_bytes(type_));
    ACCELBENCH_ACL_CHECK(ascend::acl().aclrtMemcpy(
        c.data(), c.size(), c_device_.get(), c_device_.bytes(), ascend::ACL_MEMCPY_DEVICE_TO_HOST));
    c_.resize(count);
    if (type_ == AscendType::kFp32) {
      const auto* values = reinterpret_cast<const float*>(c.data());
      for (std::size_t i = 0; i < count; ++i) c_[i] = values[i];
    } else {
      const auto* bits = reinterpret_cast<const std::uint16_t*>(c.data());
      const bool half = type_ == AscendType::kFp16;
      for (std::size_t i = 0; i < count; ++i) {
        c_[i] = half ? fp16_value(bits[i]) : bf16_value(bits[i]);
      }
    }
  }

  Verification check_mirror() override {
    Verification v = verify_product<double>(a_, b_, c_, n_);
    if (type_ != AscendType::kFp32) {
      v.method += "; A has " + std::to_string(nonzeros_per_row(type_, n_)) +
                  " non-zeros per row (others 0), so every partial sum and C are exact in " +
                  dtype_;
    }
    return v;
  }

  std::span<std::byte> mirror_bytes() override { return std::as_writable_bytes(std::span(c_)); }

  Device device_;
  std::string dtype_;
  AscendType type_;
  std::int64_t n_;
  ascend::Stream stream_;
  ascend::EventPair events_;
  ascend::DeviceBuffer<std::byte> a_device_, b_device_, a_integers_, b_integers_, c_device_;
  ascend::DeviceBuffer<std::byte> workspace_;
  ascend::Tensor a_tensor_, b_tensor_, a_integers_tensor_, b_integers_tensor_, c_tensor_;
  std::vector<aclOpExecutor*> executors_;
  std::vector<double> a_, b_, c_;  // the verification A and B, and C widened
  int multiplies_ = 1;
};

std::vector<Params> ascend_gemm_sweep(Suite suite) {
  const std::vector<std::int64_t> sizes =
      suite == Suite::kQuick ? std::vector<std::int64_t>{1024, 4096, 8192}
                             : std::vector<std::int64_t>{1024, 2048, 4096, 8192, 16384};
  std::vector<Params> points;
  for (const char* dtype : {"fp32", "fp16", "bf16"}) {
    for (std::int64_t n : sizes) {
      Params p;
      p.set("dtype", std::string(dtype)).set("matrix_size", n);
      points.push_back(p);
    }
  }
  return points;
}

ACCELBENCH_REGISTER(
    kAscendGemm,
    std::vector<Definition>{{
        .id = "compute/gemm",
        .backend = "ascend",
        .claim = Claim::kCompute,
        .metric = MetricKind::kFlops,
        .spec = &spec(),
        .timer = Timer::kDevice,
        .summary = "aclnnMatmul GEMM (fp32, fp16, bf16; KEEP_DTYPE), timed on random data, C "
                   "verified exactly on an integer pass",
        .instances = [](const Device&, Suite suite) { return ascend_gemm_sweep(suite); },
        .make_case = [](const Device& device, const Params& params) -> std::unique_ptr<Case> {
          return std::make_unique<AscendGemm>(device, params);
        },
        .analyze = [](const Device&,
                      const std::vector<SweepPoint>& points) { return analyze(points); },
    }});

}  // namespace
}  // namespace accelbench::gemm
