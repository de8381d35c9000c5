// GEMM on the CPU through OpenBLAS (cblas_dgemm / cblas_sgemm). OpenBLAS runs
// its own thread pool; accelbench sets its size and does not pin its threads.
#include <cstdlib>

#include "cpu/cpu_backend.h"
#include "gemm.h"

#ifdef ACCELBENCH_HAVE_OPENBLAS
#include <cblas.h>
#endif

namespace accelbench::gemm {
namespace {

#ifdef ACCELBENCH_HAVE_OPENBLAS

// The widest vector ISA this CPU and its OS support (GCC's
// __builtin_cpu_supports checks that the OS saves the wider registers).
VectorIsa widest_cpu_isa() {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx512f")) return VectorIsa::kAvx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return VectorIsa::kAvx2;
  if (__builtin_cpu_supports("avx")) return VectorIsa::kAvx;
  return VectorIsa::kSse;
#else
  return VectorIsa::kUnknown;
#endif
}

template <class T>
class CpuGemm final : public Case {
 public:
  CpuGemm(std::int64_t n, int threads) : n_(n), threads_(threads) {}

  Work work() const override { return gemm::work(n_); }

  void setup() override {
    openblas_set_num_threads(threads_);
    const auto count = static_cast<std::size_t>(n_ * n_);
    a_ = cpu::allocate_buffer<T>(count);
    b_ = cpu::allocate_buffer<T>(count);
    c_ = cpu::allocate_buffer<T>(count);
    fill_random(std::span(a_.get(), count), kStreamA);
    fill_random(std::span(b_.get(), count), kStreamB);
    std::fill_n(c_.get(), count, T{0});
  }

  double iterate() override {
    const auto n = static_cast<blasint>(n_);
    if constexpr (sizeof(T) == 8) {
      cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, a_.get(), n, b_.get(), n,
                  0.0, c_.get(), n);
    } else {
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a_.get(), n, b_.get(),
                  n, 0.0f, c_.get(), n);
    }
    return 0;
  }

  Verification verify() override {
    const auto count = static_cast<std::size_t>(n_ * n_);
    return verify_product<T>({a_.get(), count}, {b_.get(), count}, {c_.get(), count}, n_);
  }

  std::span<std::byte> result_bytes() override {
    return std::as_writable_bytes(std::span(c_.get(), static_cast<std::size_t>(n_ * n_)));
  }

  nlohmann::ordered_json placement() const override {
    return {{"threads", threads_},
            {"binding", "OpenBLAS's own thread pool (not pinned by accelbench)"},
            {"library", openblas_get_config()},
            {"kernel", openblas_get_corename()}};
  }

  // The library and kernel that ran, as OpenBLAS reports them, and the
  // warning when the kernel is narrower than the CPU.
  nlohmann::ordered_json details() const override {
    BlasKernel kernel;
    kernel.corename = openblas_get_corename();
    if (const char* variable = std::getenv("OPENBLAS_CORETYPE"); variable && *variable) {
      kernel.coretype_variable = variable;
    }
    kernel.cpu_isa = widest_cpu_isa();
    nlohmann::ordered_json blas = {
        {"library", "OpenBLAS"},
        {"config", openblas_get_config()},
        {"kernel", kernel.corename},
        {"kernel_isa", vector_isa_name(openblas_kernel_isa(kernel.corename))},
        {"cpu_isa", vector_isa_name(kernel.cpu_isa)},
        {"threads", openblas_get_num_threads()},
        {"coretype_variable", kernel.coretype_variable
                                  ? nlohmann::ordered_json(*kernel.coretype_variable)
                                  : nlohmann::ordered_json(nullptr)}};
    if (const std::string warning = narrower_kernel_warning(kernel); !warning.empty()) {
      blas["warning"] = warning;
    }
    return {{"blas", blas}};
  }

 private:
  std::int64_t n_;
  int threads_;
  std::unique_ptr<T[], cpu::FreeDeleter> a_, b_, c_;
};

std::unique_ptr<Case> make_case(const Params& params) {
  const std::int64_t n = matrix_size(params);
  const int t = threads(params);
  if (data_type(params) == DataType::kFp64) return std::make_unique<CpuGemm<double>>(n, t);
  return std::make_unique<CpuGemm<float>>(n, t);
}

#else

std::unique_ptr<Case> make_case(const Params& params) {
  matrix_size(params);
  threads(params);
  data_type(params);
  throw unsupported("built without OpenBLAS (install libopenblas-dev and rebuild)");
}

#endif

// Only to choose sweep sizes: a generous 64 GFLOP/s per core, so the largest
// size takes >= 100 ms on any current core.
constexpr double kSizingGflopsPerCore = 64;

ACCELBENCH_REGISTER(
    kCpuGemm,
    std::vector<Definition>{{
        .id = "compute/gemm",
        .backend = "cpu",
        .claim = Claim::kCompute,
        .metric = MetricKind::kFlops,
        .spec = &spec(),
        .timer = Timer::kHost,
        .summary = "dense matrix multiply through OpenBLAS, fp64 and fp32, exact verification",
        .instances =
            [](const Device&, Suite suite) {
              return sweep(suite, cpu::core_count(), kSizingGflopsPerCore * cpu::core_count());
            },
        .make_case = [](const Device&, const Params& params) { return make_case(params); },
        .analyze = [](const Device&,
                      const std::vector<SweepPoint>& points) { return analyze(points); },
    }});

}  // namespace
}  // namespace accelbench::gemm
