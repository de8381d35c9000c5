#include "gemm.h"

#include <accelbench/random_data.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

namespace accelbench::gemm {

DataType data_type(const Params& params) {
  const std::string& name = params.text("dtype");
  if (name == "fp64") return DataType::kFp64;
  if (name == "fp32") return DataType::kFp32;
  throw usage_error("dtype must be fp64 or fp32, not '" + name + "'");
}

std::string_view data_type_name(DataType type) { return type == DataType::kFp64 ? "fp64" : "fp32"; }

std::int64_t matrix_size(const Params& params) {
  return params.integer_in("matrix_size", 16, 65536);
}

int threads(const Params& params) {
  return static_cast<int>(params.integer_in("threads", 1, 4096));
}

std::vector<Params> sweep(Suite suite, int threads, double peak_gflops_guess) {
  std::vector<std::int64_t> sizes;
  if (suite == Suite::kQuick) {
    sizes = {256, 512, 1024};
  } else {
    constexpr double kLongestSeconds = 0.1;
    for (std::int64_t n = 256;; n *= 2) {
      sizes.push_back(n);
      const double seconds = 2.0 * std::pow(static_cast<double>(n), 3) / (peak_gflops_guess * 1e9);
      if (seconds >= kLongestSeconds || n >= 16384) break;
    }
  }
  std::vector<Params> points;
  for (const char* dtype : {"fp64", "fp32"}) {
    for (std::int64_t n : sizes) {
      Params p;
      p.set("dtype", std::string(dtype)).set("matrix_size", n).set("threads", threads);
      points.push_back(p);
    }
  }
  return points;
}

Work work(std::int64_t n) {
  Work w;
  const double size = static_cast<double>(n);
  w.flops = 2 * size * size * size;
  w.convention = "2 n^3 FLOP per multiply (n^3 multiplies + n^3 adds), whatever the algorithm";
  return w;
}

std::int64_t random_entry(std::uint64_t stream, std::uint64_t index) {
  const std::uint64_t bits = splitmix64(splitmix64(stream) ^ index);
  const auto magnitude = static_cast<std::int64_t>(1 + (bits & 7));
  return (bits & 8) != 0 ? -magnitude : magnitude;
}

template <class T>
void fill_random(std::span<T> matrix, std::uint64_t stream) {
  const auto count = static_cast<std::int64_t>(matrix.size());
#pragma omp parallel for schedule(static)
  for (std::int64_t i = 0; i < count; ++i) {
    matrix[i] = static_cast<T>(random_entry(stream, static_cast<std::uint64_t>(i)));
  }
}

template <class T>
Verification verify_product(std::span<const T> a, std::span<const T> b, std::span<const T> c,
                            std::int64_t n) {
  const auto size = static_cast<std::size_t>(n);
  std::vector<std::int64_t> x(size), bx(size);
  for (std::size_t j = 0; j < size; ++j) x[j] = random_entry(kStreamX, j);
#pragma omp parallel for schedule(static)
  for (std::int64_t i = 0; i < n; ++i) {
    std::int64_t sum = 0;
    const auto row = static_cast<std::size_t>(i) * size;
    for (std::size_t j = 0; j < size; ++j) sum += static_cast<std::int64_t>(b[row + j]) * x[j];
    bx[static_cast<std::size_t>(i)] = sum;
  }
  // Per row: the number of non-integral (or non-finite) elements, A·(B·x) and C·x.
  std::vector<std::int64_t> expected(size), actual(size);
  std::vector<std::uint64_t> not_integral(size), non_finite(size);
#pragma omp parallel for schedule(static)
  for (std::int64_t i = 0; i < n; ++i) {
    const auto r = static_cast<std::size_t>(i);
    const auto row = r * size;
    std::int64_t abx = 0, cx = 0;
    for (std::size_t j = 0; j < size; ++j) {
      abx += static_cast<std::int64_t>(a[row + j]) * bx[j];
      const double value = c[row + j];
      if (!std::isfinite(value)) {
        ++non_finite[r];
        ++not_integral[r];
      } else if (value != std::trunc(value) || std::fabs(value) > 0x1.0p52) {
        ++not_integral[r];
      } else {
        cx += static_cast<std::int64_t>(value) * x[j];
      }
    }
    expected[r] = abx;
    actual[r] = cx;
  }
  Verification v;
  v.method =
      "exact: every element of C integral and C*x == A*(B*x) in 64-bit integers for a "
      "random non-zero integer x (integer inputs in +-[1, 8]; fp arithmetic is exact)";
  v.tolerance = 0;
  v.elements_checked = size * size;
  v.bytes_checked = size * size * sizeof(T);
  for (std::size_t i = 0; i < size; ++i) {
    v.non_finite += non_finite[i];
    if (not_integral[i] == 0 && actual[i] == expected[i]) continue;
    ++v.mismatches;
    if (v.first_mismatches.size() < Verification::kMaxReportedMismatches) {
      v.first_mismatches.push_back(
          {i, static_cast<double>(expected[i]), static_cast<double>(actual[i])});
    }
    if (expected[i] != 0) {
      v.max_relative_error =
          std::max(v.max_relative_error, std::fabs(static_cast<double>(actual[i] - expected[i]) /
                                                   static_cast<double>(expected[i])));
    }
  }
  v.outcome = v.mismatches == 0 ? Verification::Outcome::kPassed : Verification::Outcome::kFailed;
  if (v.mismatches > 0) v.note = "mismatches are counted per row of C (index = row)";
  return v;
}

template void fill_random<double>(std::span<double>, std::uint64_t);
template void fill_random<float>(std::span<float>, std::uint64_t);
template Verification verify_product<double>(std::span<const double>, std::span<const double>,
                                             std::span<const double>, std::int64_t);
template Verification verify_product<float>(std::span<const float>, std::span<const float>,
                                            std::span<const float>, std::int64_t);

nlohmann::ordered_json analyze(const std::vector<SweepPoint>& points) {
  std::map<std::string, std::vector<const SweepPoint*>> by_type;
  for (const auto& p : points) by_type[p.params.text("dtype")].push_back(&p);
  nlohmann::ordered_json out;
  nlohmann::ordered_json types = nlohmann::ordered_json::object();
  std::string summary;
  for (const auto& [dtype, members] : by_type) {
    double best = 0;
    std::int64_t best_n = 0;
    for (const auto* p : members) {
      if (p->median > best) {
        best = p->median;
        best_n = p->params.integer("matrix_size");
      }
    }
    std::int64_t reach_90 = 0;
    for (const auto* p : members) {
      const std::int64_t n = p->params.integer("matrix_size");
      if (p->median >= 0.9 * best && (reach_90 == 0 || n < reach_90)) reach_90 = n;
    }
    types[dtype] = {
        {"best_gflops", best}, {"best_at_n", best_n}, {"n_reaching_90_percent", reach_90}};
    char text[128];
    std::snprintf(text, sizeof text, "%s%s best %.4g GFLOP/s at n=%lld (90%% from n=%lld)",
                  summary.empty() ? "" : "; ", dtype.c_str(), best, static_cast<long long>(best_n),
                  static_cast<long long>(reach_90));
    summary += text;
  }
  for (const auto& p : points) {
    if (p.details.contains("blas") && p.details.at("blas").contains("warning")) {
      summary += "; WARNING: " + p.details.at("blas").at("warning").get<std::string>();
      break;
    }
  }
  out["summary"] = summary;
  out["data_types"] = types;
  return out;
}

std::string_view vector_isa_name(VectorIsa isa) {
  switch (isa) {
    case VectorIsa::kSse:
      return "sse";
    case VectorIsa::kAvx:
      return "avx";
    case VectorIsa::kAvx2:
      return "avx2";
    case VectorIsa::kAvx512:
      return "avx512";
    case VectorIsa::kUnknown:
      break;
  }
  return "unknown";
}

VectorIsa openblas_kernel_isa(std::string_view corename) {
  // OpenBLAS's DYNAMIC_ARCH core names (driver/others/dynamic.c), by the
  // widest ISA of the processor each kernel set targets.
  static const std::map<std::string, VectorIsa> kKernels = {
      {"sapphirerapids", VectorIsa::kAvx512},
      {"cooperlake", VectorIsa::kAvx512},
      {"skylakex", VectorIsa::kAvx512},
      {"haswell", VectorIsa::kAvx2},
      {"zen", VectorIsa::kAvx2},
      {"excavator", VectorIsa::kAvx2},
      {"steamroller", VectorIsa::kAvx},
      {"piledriver", VectorIsa::kAvx},
      {"bulldozer", VectorIsa::kAvx},
      {"sandybridge", VectorIsa::kAvx},
      {"nehalem", VectorIsa::kSse},
      {"dunnington", VectorIsa::kSse},
      {"penryn", VectorIsa::kSse},
      {"core2", VectorIsa::kSse},
      {"atom", VectorIsa::kSse},
      {"prescott", VectorIsa::kSse},
      {"northwood", VectorIsa::kSse},
      {"banias", VectorIsa::kSse},
      {"coppermine", VectorIsa::kSse},
      {"katmai", VectorIsa::kSse},
      {"barcelona", VectorIsa::kSse},
      {"opteron(sse3)", VectorIsa::kSse},
      {"opteron", VectorIsa::kSse},
      {"athlon", VectorIsa::kSse},
      {"bobcat", VectorIsa::kSse},
      {"nano", VectorIsa::kSse},
  };
  std::string lower(corename);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const auto found = kKernels.find(lower);
  return found == kKernels.end() ? VectorIsa::kUnknown : found->second;
}

std::string narrower_kernel_warning(const BlasKernel& kernel) {
  const VectorIsa kernel_isa = openblas_kernel_isa(kernel.corename);
  if (kernel_isa == VectorIsa::kUnknown || kernel.cpu_isa == VectorIsa::kUnknown ||
      kernel_isa >= kernel.cpu_isa) {
    return "";
  }
  // Whether the narrower kernel is slower depends on the core (Zen 4 runs
  // AVX-512 FMAs as two 256-bit halves): say what ran, not how much it cost.
  const std::string isa(vector_isa_name(kernel_isa));
  const std::string what = kernel.corename + " kernel (" + isa + ") on a CPU with " +
                           std::string(vector_isa_name(kernel.cpu_isa)) +
                           ": these GEMM figures are the " + isa +
                           " kernel's and may be below the CPU's";
  // OpenBLAS matches the variable to its core names regardless of case.
  const bool pinned =
      kernel.coretype_variable &&
      std::equal(kernel.corename.begin(), kernel.corename.end(), kernel.coretype_variable->begin(),
                 kernel.coretype_variable->end(), [](char x, char y) {
                   return std::tolower(static_cast<unsigned char>(x)) ==
                          std::tolower(static_cast<unsigned char>(y));
                 });
  if (pinned) {
    return "OPENBLAS_CORETYPE=" + *kernel.coretype_variable + " pins OpenBLAS's " + what +
           " (unset the variable where this OpenBLAS detects the CPU)";
  }
  std::string text = "OpenBLAS chose its " + what + " (a newer OpenBLAS may detect the CPU)";
  if (kernel.coretype_variable) {
    text += "; OPENBLAS_CORETYPE=" + *kernel.coretype_variable + " was not taken";
  }
  return text;
}

// Memory: A, B and C of n x n elements of the data type, on the device.
Footprint footprint(const Params& params) {
  const std::string& dtype = params.text("dtype");
  const double element = dtype == "fp64"                      ? 8
                         : dtype == "fp16" || dtype == "bf16" ? 2
                         : dtype == "fp8"                     ? 1
                                                              : 4;
  const auto n = static_cast<double>(params.integer("matrix_size"));
  return {3 * n * n * element};
}

const Spec& spec() {
  static const Spec kSpec{
      .id = "compute/gemm",
      .claim = Claim::kCompute,
      .link = Link::kNone,
      .metric = MetricKind::kFlops,
      .compare_class = CompareClass::kCompute,
      .convention = "2 n^3 FLOP per multiply (n^3 multiplies + n^3 adds), whatever the algorithm",
      .parameters = {"dtype", "matrix_size", "threads"},
      .how = {"threads"},
      .sweep = {"matrix_size", SweepHeadline::kLargestCommon},
      .footprint = footprint,
  };
  return kSpec;
}

}  // namespace accelbench::gemm
