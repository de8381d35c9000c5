// STREAM on the CPU: OpenMP threads pinned to cores, each working on the same
// chunk for initialisation and every kernel, so each thread touches the pages
// it first wrote (NUMA-local). Timed with the host clock (real time).
#include <omp.h>

#include "cpu/cpu_backend.h"
#include "stream.h"

namespace accelbench::stream {
namespace {

// The kernels over one thread's chunk [begin, end), compiled for AVX-512,
// AVX2 and baseline x86-64 and chosen at load time (ifunc): cache-resident
// bandwidth depends on the vector width, DRAM bandwidth does not.
ACCELBENCH_VECTOR_CLONES void copy_chunk(double* __restrict c, const double* __restrict a,
                                         std::int64_t begin, std::int64_t end) {
  for (std::int64_t i = begin; i < end; ++i) c[i] = a[i];
}

ACCELBENCH_VECTOR_CLONES void scale_chunk(double* __restrict b, const double* __restrict c,
                                          std::int64_t begin, std::int64_t end) {
  for (std::int64_t i = begin; i < end; ++i) b[i] = kScalar * c[i];
}

ACCELBENCH_VECTOR_CLONES void add_chunk(double* __restrict c, const double* __restrict a,
                                        const double* __restrict b, std::int64_t begin,
                                        std::int64_t end) {
  for (std::int64_t i = begin; i < end; ++i) c[i] = a[i] + b[i];
}

ACCELBENCH_VECTOR_CLONES void triad_chunk(double* __restrict a, const double* __restrict b,
                                          const double* __restrict c, std::int64_t begin,
                                          std::int64_t end) {
  for (std::int64_t i = begin; i < end; ++i) a[i] = b[i] + kScalar * c[i];
}

ACCELBENCH_VECTOR_CLONES double dot_chunk(const double* __restrict a, const double* __restrict b,
                                          std::int64_t begin, std::int64_t end) {
  double sum = 0;
#pragma omp simd reduction(+ : sum)
  for (std::int64_t i = begin; i < end; ++i) sum += a[i] * b[i];
  return sum;
}

// Thread t's part of n elements: OpenMP's static schedule, written out so
// that initialisation (first touch) and every kernel use the same chunks.
struct Chunk {
  std::int64_t begin, end;
};
Chunk chunk_of(std::int64_t n, int threads, int t) {
  const std::int64_t size = (n + threads - 1) / threads;
  return {std::min(n, t * size), std::min(n, (t + 1) * size)};
}

class CpuStream final : public Case {
 public:
  CpuStream(Kernel kernel, const Params& params)
      : kernel_(kernel), n_(elements(params)), passes_(passes(n_)), threads_(threads(params)) {}

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
#pragma omp parallel num_threads(threads_)
    {
      const Chunk chunk = chunk_of(n_, threads_, omp_get_thread_num());
      for (std::int64_t i = chunk.begin; i < chunk.end; ++i) {
        const auto index = static_cast<std::uint64_t>(i);
        a[i] = initial_value(Array::kA, index);
        b[i] = initial_value(Array::kB, index);
        c[i] = initial_value(Array::kC, index);
      }
    }
  }

  // One parallel region per iteration; each thread sweeps its own chunk
  // `passes_` times without waiting for the others. The chunk function is an
  // opaque call, so passes cannot be merged or dropped.
  double iterate() override {
    double* a = a_.get();
    double* b = b_.get();
    double* c = c_.get();
    double sum = 0;
#pragma omp parallel num_threads(threads_) reduction(+ : sum)
    {
      const Chunk chunk = chunk_of(n_, threads_, omp_get_thread_num());
      for (std::int64_t pass = 0; pass < passes_; ++pass) {
        switch (kernel_) {
          case Kernel::kCopy:
            copy_chunk(c, a, chunk.begin, chunk.end);
            break;
          case Kernel::kScale:
            scale_chunk(b, c, chunk.begin, chunk.end);
            break;
          case Kernel::kAdd:
            add_chunk(c, a, b, chunk.begin, chunk.end);
            break;
          case Kernel::kTriad:
            triad_chunk(a, b, c, chunk.begin, chunk.end);
            break;
          case Kernel::kDot: {
            const double partial = dot_chunk(a, b, chunk.begin, chunk.end);
            if (pass == passes_ - 1) sum += partial;
            break;
          }
        }
      }
    }
    if (kernel_ == Kernel::kDot) dot_ = sum;
    return 0;
  }

  Verification verify() override {
    const auto count = static_cast<std::size_t>(n_);
    return stream::verify(kernel_, {a_.get(), count}, {b_.get(), count}, {c_.get(), count}, dot_);
  }

  std::span<std::byte> result_bytes() override {
    const auto count = static_cast<std::size_t>(n_);
    return output_bytes(kernel_, {a_.get(), count}, {b_.get(), count}, {c_.get(), count}, dot_);
  }

  nlohmann::ordered_json placement() const override { return placement_; }

 private:
  Kernel kernel_;
  std::int64_t n_;
  std::int64_t passes_;
  int threads_;
  std::unique_ptr<double[], cpu::FreeDeleter> a_, b_, c_;
  double dot_ = 0;
  nlohmann::ordered_json placement_;
};

DeviceTraits host_traits(const Device&) {
  DeviceTraits traits;
  traits.last_level_cache_bytes = cpu::last_level_cache_bytes();
  traits.cores = cpu::core_count();
  for (const auto& cache : cpu::data_caches()) traits.caches.push_back({cache.name, cache.bytes});
  return traits;
}

ACCELBENCH_REGISTER(kCpuStream, definitions("cpu", Timer::kHost, host_traits,
                                            [](Kernel kernel, const Device&,
                                               const Params& params) -> std::unique_ptr<Case> {
                                              return std::make_unique<CpuStream>(kernel, params);
                                            }));

}  // namespace
}  // namespace accelbench::stream
