// FMA peak on the CPU: hand-vectorised kernels per ISA, chosen at run time
// (the binary is built for the baseline x86-64; each kernel carries its own
// target attribute). Threads pinned to cores, timed with the host clock.
#include <omp.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "cpu/cpu_backend.h"
#include "cpu/cpu_clock.h"
#include "fma_peak.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace accelbench::fma_peak {
namespace {

#if defined(__x86_64__)

// Each kernel: kChains accumulators in registers, `pairs` times (+step, -step)
// on each, then every accumulator stored as double into `out`.
#define ACCELBENCH_FMA_LOOP(vector_type, set1, fma)                          \
  vector_type acc[kChains];                                                  \
  for (int k = 0; k < kChains; ++k) acc[k] = set1(start_value(k));           \
  const vector_type a = set1(one), plus = set1(kStep), minus = set1(-kStep); \
  for (std::int64_t i = 0; i < pairs; ++i) {                                 \
    for (int k = 0; k < kChains; ++k) acc[k] = fma(acc[k], a, plus);         \
    for (int k = 0; k < kChains; ++k) acc[k] = fma(acc[k], a, minus);        \
  }

__attribute__((target("avx512f"))) void fp64_avx512(std::int64_t pairs, double one, double* out) {
  ACCELBENCH_FMA_LOOP(__m512d, _mm512_set1_pd, _mm512_fmadd_pd)
  for (int k = 0; k < kChains; ++k) _mm512_storeu_pd(out + 8 * k, acc[k]);
}

__attribute__((target("avx2,fma"))) void fp64_avx2(std::int64_t pairs, double one, double* out) {
  ACCELBENCH_FMA_LOOP(__m256d, _mm256_set1_pd, _mm256_fmadd_pd)
  for (int k = 0; k < kChains; ++k) _mm256_storeu_pd(out + 4 * k, acc[k]);
}

__attribute__((target("avx512f"))) __m512 set1_ps512(double v) {
  return _mm512_set1_ps(static_cast<float>(v));
}
__attribute__((target("avx2"))) __m256 set1_ps256(double v) {
  return _mm256_set1_ps(static_cast<float>(v));
}

__attribute__((target("avx512f"))) void fp32_avx512(std::int64_t pairs, double one, double* out) {
  ACCELBENCH_FMA_LOOP(__m512, set1_ps512, _mm512_fmadd_ps)
  float values[16];
  for (int k = 0; k < kChains; ++k) {
    _mm512_storeu_ps(values, acc[k]);
    for (int i = 0; i < 16; ++i) out[16 * k + i] = values[i];
  }
}

__attribute__((target("avx2,fma"))) void fp32_avx2(std::int64_t pairs, double one, double* out) {
  ACCELBENCH_FMA_LOOP(__m256, set1_ps256, _mm256_fmadd_ps)
  float values[8];
  for (int k = 0; k < kChains; ++k) {
    _mm256_storeu_ps(values, acc[k]);
    for (int i = 0; i < 8; ++i) out[8 * k + i] = values[i];
  }
}

// bf16: acc (16 fp32) += a0*b0 + a1*b1 per lane with a = (one, one) and
// b = (±step/2, ±step/2): both products real, the sum exactly ±step.
__attribute__((target("avx512f,avx512bf16"))) void bf16_avx512(std::int64_t pairs, double one,
                                                               double* out) {
  __m512 acc[kChains];
  for (int k = 0; k < kChains; ++k) acc[k] = _mm512_set1_ps(static_cast<float>(start_value(k)));
  const __m512bh a = _mm512_cvtne2ps_pbh(_mm512_set1_ps(static_cast<float>(one)),
                                         _mm512_set1_ps(static_cast<float>(one)));
  const __m512 half = _mm512_set1_ps(static_cast<float>(kStep / 2));
  const __m512bh plus = _mm512_cvtne2ps_pbh(half, half);
  const __m512 minus_half = _mm512_set1_ps(static_cast<float>(-kStep / 2));
  const __m512bh minus = _mm512_cvtne2ps_pbh(minus_half, minus_half);
  for (std::int64_t i = 0; i < pairs; ++i) {
    for (int k = 0; k < kChains; ++k) acc[k] = _mm512_dpbf16_ps(acc[k], a, plus);
    for (int k = 0; k < kChains; ++k) acc[k] = _mm512_dpbf16_ps(acc[k], a, minus);
  }
  float values[16];
  for (int k = 0; k < kChains; ++k) {
    _mm512_storeu_ps(values, acc[k]);
    for (int i = 0; i < 16; ++i) out[16 * k + i] = values[i];
  }
}

// AVX512-FP16 (_Float16 vectors) needs GCC 12 or clang 15; an older compiler
// builds without this kernel, and the variant is unsupported in that build.
#if (defined(__clang__) && __clang_major__ >= 15) || (!defined(__clang__) && __GNUC__ >= 12)
#define ACCELBENCH_AVX512FP16_KERNEL 1
__attribute__((target("avx512fp16"))) __m512h set1_ph(double v) {
  return _mm512_set1_ph(static_cast<_Float16>(v));
}

__attribute__((target("avx512fp16"))) void fp16_avx512(std::int64_t pairs, double one,
                                                       double* out) {
  ACCELBENCH_FMA_LOOP(__m512h, set1_ph, _mm512_fmadd_ph)
  _Float16 values[32];
  for (int k = 0; k < kChains; ++k) {
    _mm512_storeu_ph(values, acc[k]);
    for (int i = 0; i < 32; ++i) out[32 * k + i] = static_cast<double>(values[i]);
  }
}
#endif

#undef ACCELBENCH_FMA_LOOP

using Kernel = void (*)(std::int64_t pairs, double one, double* out);

// The kernel of a variant, or nullptr when this CPU lacks its features.
Kernel kernel_for(const Variant& v) {
  __builtin_cpu_init();
  const bool avx512 = __builtin_cpu_supports("avx512f");
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  switch (v.type) {
    case DataType::kFp64:
      if (v.isa == Isa::kAvx512) return avx512 ? fp64_avx512 : nullptr;
      return avx2 ? fp64_avx2 : nullptr;
    case DataType::kFp32:
      if (v.isa == Isa::kAvx512) return avx512 ? fp32_avx512 : nullptr;
      return avx2 ? fp32_avx2 : nullptr;
    case DataType::kBf16:
      return avx512 && __builtin_cpu_supports("avx512bf16") ? bf16_avx512 : nullptr;
    case DataType::kFp16:
#ifdef ACCELBENCH_AVX512FP16_KERNEL
      return __builtin_cpu_supports("avx512fp16") ? fp16_avx512 : nullptr;
#else
      return nullptr;
#endif
  }
  return nullptr;
}

#else

using Kernel = void (*)(std::int64_t, double, double*);
Kernel kernel_for(const Variant&) { return nullptr; }

#endif

// The multiplier, read at run time so no compiler can fold FMA(x, 1, y).
volatile double g_one = 1.0;

class CpuFmaPeak final : public Case {
 public:
  explicit CpuFmaPeak(const Params& params)
      : variant_(variant(data_type(params), isa(params))), threads_(threads(params)) {}

  Work work() const override { return fma_peak::work(variant_, threads_); }

  void setup() override {
    kernel_ = kernel_for(variant_);
    if (!kernel_) {
      throw unsupported(std::string(data_type_name(variant_.type)) + " " +
                        std::string(isa_name(variant_.isa)) + " needs " + variant_.requirement +
                        ", which this CPU (or build) does not have");
    }
    placement_ = cpu::pin_openmp_threads(threads_);
    out_.assign(static_cast<std::size_t>(threads_) * kChains * variant_.accumulators, 0.0);
  }

  double iterate() override {
    const double one = g_one;
    const std::size_t per_thread = static_cast<std::size_t>(kChains) * variant_.accumulators;
#pragma omp parallel num_threads(threads_)
    kernel_(kPairsPerIteration, one, out_.data() + per_thread * omp_get_thread_num());
    return 0;
  }

  Verification verify() override { return fma_peak::verify(out_, variant_.accumulators); }

  std::span<std::byte> result_bytes() override { return std::as_writable_bytes(std::span(out_)); }

  nlohmann::ordered_json placement() const override { return placement_; }

 private:
  Variant variant_;
  int threads_;
  Kernel kernel_ = nullptr;
  std::vector<double> out_;
  nlohmann::ordered_json placement_;
};

// FLOP per cycle per core the pipes can sustain, or 0 when not known: two FMA
// pipes of the vector width; AMD family 19h (Zen 4) runs 512-bit FMAs as two
// 256-bit halves. bf16 and fp16 pipes differ too much between parts to claim.
double nominal_flop_per_cycle(const Variant& v) {
  if (v.type == DataType::kBf16 || v.type == DataType::kFp16) return 0;
  double lanes = v.lanes;
  if (v.isa == Isa::kAvx512 && cpu::is_amd_family_19h()) lanes /= 2;
  return 2 /* pipes */ * lanes * 2 /* FLOP per FMA */;
}

nlohmann::ordered_json analyze(const std::vector<SweepPoint>& points) {
  const cpu::ClockMeasurement clock = cpu::measure_core_clock();
  if (!(clock.ghz > 0)) {
    return {{"summary", "core clock not measurable here: " + clock.method},
            {"clock", clock.to_json()}};
  }
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  std::int64_t most_threads = 0;
  for (const auto& p : points) most_threads = std::max(most_threads, p.params.integer("threads"));
  std::string summary = "on " + std::to_string(most_threads) + " cores, % of theoretical: ";
  for (const auto& p : points) {
    const Variant v = variant(data_type(p.params), isa(p.params));
    const int t = threads(p.params);
    const double per_cycle = nominal_flop_per_cycle(v);
    nlohmann::ordered_json row = {{"dtype", data_type_name(v.type)},
                                  {"isa", isa_name(v.isa)},
                                  {"threads", t},
                                  {"gflops", p.median},
                                  {"flop_per_cycle_per_core_measured", p.median / (t * clock.ghz)}};
    if (per_cycle > 0) {
      const double peak = t * clock.ghz * per_cycle;
      row["theoretical_gflops"] = peak;
      row["percent_of_theoretical"] = 100 * p.median / peak;
      row["theoretical_basis"] = std::to_string(t) + " cores x measured clock x " +
                                 std::to_string(static_cast<int>(per_cycle)) +
                                 " FLOP/cycle (2 FMA pipes x vector lanes x 2" +
                                 (cpu::is_amd_family_19h() && v.isa == Isa::kAvx512
                                      ? ", 512-bit split in two 256-bit halves on AMD family 19h)"
                                      : ")");
      if (t == most_threads) {
        char text[160];
        std::snprintf(text, sizeof text, "%s%s %s %.4g GFLOP/s (%.0f%%)",
                      summary.back() == ' ' ? "" : ", ",
                      std::string(data_type_name(v.type)).c_str(),
                      std::string(isa_name(v.isa)).c_str(), p.median, 100 * p.median / peak);
        summary += text;
      }
    } else {
      row["theoretical_gflops"] = nullptr;
      row["theoretical_basis"] = "not known for this data type on this CPU";
    }
    rows.push_back(row);
  }
  char clock_text[96];
  std::snprintf(clock_text, sizeof clock_text,
                " [clock %.3g GHz measured by a dependent add chain]", clock.ghz);
  return {{"summary", summary + clock_text}, {"clock", clock.to_json()}, {"points", rows}};
}

ACCELBENCH_REGISTER(
    kCpuFmaPeak,
    std::vector<Definition>{{
        .id = "compute/fma_peak",
        .backend = "cpu",
        .claim = Claim::kCompute,
        .metric = MetricKind::kFlops,
        .spec = &spec(),
        .timer = Timer::kHost,
        .summary = "peak FMA throughput per data type and ISA, 1 to all cores, exact verification",
        .instances = [](const Device&, Suite suite) { return sweep(suite, cpu::core_count()); },
        .make_case = make_case_from_params<CpuFmaPeak>,
        .analyze = [](const Device&,
                      const std::vector<SweepPoint>& points) { return analyze(points); },
    }});

}  // namespace
}  // namespace accelbench::fma_peak
