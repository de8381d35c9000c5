// STREAM on the CPU: OpenMP threads pinned to cores, static schedule for
// initialisation and every kernel, so each thread touches the same pages it
// first wrote (NUMA-local). Timed with the host clock (real time).
#include <omp.h>

#include "cpu/cpu_backend.h"
#include "stream.h"

namespace accelbench::stream {
namespace {

class CpuStream final : public Case {
 public:
  CpuStream(Kernel kernel, const Params& params)
      : kernel_(kernel), n_(elements(params)), threads_(threads(params)) {}

  Work work() const override { return stream::work(kernel_, n_); }

  void setup() override {
    placement_ = cpu::pin_openmp_threads(threads_);
    const auto count = static_cast<std::size_t>(n_);
    a_ = cpu::allocate_buffer<double>(count);
    b_ = cpu::allocate_buffer<double>(count);
    c_ = cpu::allocate_buffer<double>(count);
    double* a = a_.get();
    double* b = b_.get();
    double* c = c_.get();
#pragma omp parallel for schedule(static) num_threads(threads_)
    for (std::int64_t i = 0; i < n_; ++i) {
      const auto index = static_cast<std::uint64_t>(i);
      a[i] = initial_value(Array::kA, index);
      b[i] = initial_value(Array::kB, index);
      c[i] = initial_value(Array::kC, index);
    }
  }

  double iterate() override {
    double* __restrict a = a_.get();
    double* __restrict b = b_.get();
    double* __restrict c = c_.get();
    const std::int64_t n = n_;
    switch (kernel_) {
      case Kernel::kCopy:
#pragma omp parallel for schedule(static) num_threads(threads_)
        for (std::int64_t i = 0; i < n; ++i) c[i] = a[i];
        break;
      case Kernel::kScale:
#pragma omp parallel for schedule(static) num_threads(threads_)
        for (std::int64_t i = 0; i < n; ++i) b[i] = kScalar * c[i];
        break;
      case Kernel::kAdd:
#pragma omp parallel for schedule(static) num_threads(threads_)
        for (std::int64_t i = 0; i < n; ++i) c[i] = a[i] + b[i];
        break;
      case Kernel::kTriad:
#pragma omp parallel for schedule(static) num_threads(threads_)
        for (std::int64_t i = 0; i < n; ++i) a[i] = b[i] + kScalar * c[i];
        break;
      case Kernel::kDot: {
        double sum = 0;
#pragma omp parallel for schedule(static) num_threads(threads_) reduction(+ : sum)
        for (std::int64_t i = 0; i < n; ++i) sum += a[i] * b[i];
        dot_ = sum;
        break;
      }
    }
    return 0;
  }

  Verification verify() override {
    const auto count = static_cast<std::size_t>(n_);
    return stream::verify(kernel_, {a_.get(), count}, {b_.get(), count}, {c_.get(), count}, dot_);
  }

  std::span<std::byte> result_bytes() override {
    const auto count = static_cast<std::size_t>(n_);
    switch (kernel_) {
      case Kernel::kCopy:
      case Kernel::kAdd:
        return std::as_writable_bytes(std::span(c_.get(), count));
      case Kernel::kScale:
        return std::as_writable_bytes(std::span(b_.get(), count));
      case Kernel::kTriad:
        return std::as_writable_bytes(std::span(a_.get(), count));
      case Kernel::kDot:
        return std::as_writable_bytes(std::span(&dot_, 1));
    }
    return {};
  }

  nlohmann::ordered_json placement() const override { return placement_; }

 private:
  Kernel kernel_;
  std::int64_t n_;
  int threads_;
  std::unique_ptr<double[], cpu::FreeDeleter> a_, b_, c_;
  double dot_ = 0;
  nlohmann::ordered_json placement_;
};

ACCELBENCH_REGISTER(kCpuStream, definitions(
                                    "cpu", Timer::kHost,
                                    [](const Device&, Suite) {
                                      return std::vector<Params>{default_params(
                                          cpu::last_level_cache_bytes(), cpu::core_count())};
                                    },
                                    [](Kernel kernel, const Device&,
                                       const Params& params) -> std::unique_ptr<Case> {
                                      return std::make_unique<CpuStream>(kernel, params);
                                    }));

}  // namespace
}  // namespace accelbench::stream
