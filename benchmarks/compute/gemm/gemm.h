// compute/gemm: dense matrix multiply through the platform's BLAS.
//
//   C = A · B   (n × n, row major, alpha = 1, beta = 0)
//
// Unit: GFLOP/s = 2 n³ / t / 1e9 (n³ multiplies and n³ adds; the classical
// count, whatever algorithm the library uses). Data: random non-zero integers
// in ±[1, 8], so every product and every partial sum is exact in fp32 and
// fp64 whatever the summation order (|C| <= 64 n < 2^24): the result is
// known exactly and verification needs no tolerance (as in nccl-tests).
// Verified independently of the library: every element of C must be an
// integer, and C·x must equal A·(B·x) exactly, in 64-bit integers, for a
// random non-zero integer vector x.
#pragma once

#include <accelbench/benchmark.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace accelbench::gemm {

enum class DataType { kFp64, kFp32 };

DataType data_type(const Params& params);  // "fp64" or "fp32"; usage error otherwise
std::string_view data_type_name(DataType type);
std::int64_t matrix_size(const Params& params);  // n; usage error outside [16, 65536]
// (the exactness bound 64 n < 2^24 holds for fp32 up to n = 262144)
int threads(const Params& params);

// quick: n = 256, 512, 1024; full: powers of two from 256 until one
// multiply takes >= 100 ms even at `peak_gflops_guess` (sizes only; never
// reported as a measurement).
std::vector<Params> sweep(Suite suite, int threads, double peak_gflops_guess);

Work work(std::int64_t n);

// Data streams of the random inputs.
inline constexpr std::uint64_t kStreamA = 101;
inline constexpr std::uint64_t kStreamB = 102;
inline constexpr std::uint64_t kStreamX = 103;

// A random non-zero integer in ±[1, 8] for element `index` of `stream`.
std::int64_t random_entry(std::uint64_t stream, std::uint64_t index);

template <class T>
void fill_random(std::span<T> matrix, std::uint64_t stream);

// Checks C = A·B exactly: row i passes when every C[i][j] is an integer and
// Σ_j C[i][j] x_j = (A·(B·x))_i in 64-bit integer arithmetic. Any changed
// element of C changes its row's sum (x_j != 0), so one wrong value is
// always caught.
template <class T>
Verification verify_product(std::span<const T> a, std::span<const T> b, std::span<const T> c,
                            std::int64_t n);

// Per data type: the best median and the smallest n that reaches 90% of it;
// the summary ends with the first details.blas.warning of the points.
nlohmann::ordered_json analyze(const std::vector<SweepPoint>& points);

// The kernel a CPU BLAS runs, against what the CPU supports. OpenBLAS picks
// its kernel at load time, unless OPENBLAS_CORETYPE pins one (older OpenBLAS
// builds misdetect newer processors, so the variable is set on some hosts);
// a kernel for a narrower ISA can halve GEMM's rate (on cores with
// full-width AVX-512), and nothing else says so.
//
// x86 vector ISA levels, narrowest first.
enum class VectorIsa { kUnknown, kSse, kAvx, kAvx2, kAvx512 };
std::string_view vector_isa_name(VectorIsa isa);  // "unknown", "sse", "avx", "avx2", "avx512"

// The ISA level of the processor an OpenBLAS x86-64 kernel is written for,
// by its core name as openblas_get_corename() gives it (any case): Haswell,
// Zen, Excavator avx2; SkylakeX, Cooperlake, SapphireRapids avx512; ...;
// kUnknown for a name not in the table (another architecture, "Unknown").
VectorIsa openblas_kernel_isa(std::string_view corename);

struct BlasKernel {
  std::string corename;                          // openblas_get_corename()
  std::optional<std::string> coretype_variable;  // OPENBLAS_CORETYPE, when set
  VectorIsa cpu_isa = VectorIsa::kUnknown;       // the widest this CPU and OS support
};

// The warning for the console when the kernel in use is for a narrower ISA
// than the CPU supports, naming OPENBLAS_CORETYPE when it chose that kernel;
// "" when the kernel is not narrower, or either ISA is unknown.
std::string narrower_kernel_warning(const BlasKernel& kernel);

// The benchmark's spec (claim, metric, parameters, footprint), shared by every
// backend.
const Spec& spec();

}  // namespace accelbench::gemm
