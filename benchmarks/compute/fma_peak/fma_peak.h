// compute/fma_peak: peak floating-point throughput per data type.
//
//   acc[k] = acc[k] · 1 + step;  acc[k] = acc[k] · 1 − step   (k = 0 … chains−1)
//
// Each thread runs `kChains` independent chains of fused multiply-adds (enough
// to cover the FMA latency on every pipe), in the widest vectors the ISA
// variant has. Unit: GFLOP/s, an FMA counting 2 FLOP per lane (a bf16 dot
// product pair step, 2 multiplies and 2 adds per fp32 lane, counts 4). The
// multiplier 1 is passed at run time so the compiler cannot turn the FMA into
// an add. Every chain returns exactly to its start value after each +step,
// −step pair (exact in every type), so every lane of every chain of every
// thread is verified bit-exactly.
#pragma once

#include <accelbench/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

namespace accelbench::fma_peak {

inline constexpr int kChains = 12;
inline constexpr std::int64_t kPairsPerIteration = 1 << 17;
inline constexpr double kStep = 0x1.0p-6;  // exact in fp16, bf16, fp32, fp64

// Start value of chain k: a distinct dyadic rational, exact in every type.
inline double start_value(int chain) { return 1.0 + chain * 0x1.0p-4; }

enum class DataType { kFp64, kFp32, kBf16, kFp16 };
enum class Isa { kAvx512, kAvx2 };

struct Variant {
  DataType type;
  Isa isa;
  int lanes;                // multiply-adds per instruction (bf16: products)
  int accumulators;         // values one chain's register holds (bf16: 16 fp32)
  const char* requirement;  // CPU features the variant needs, for the skip reason
};

DataType data_type(const Params& params);
Isa isa(const Params& params);
int threads(const Params& params);
std::string_view data_type_name(DataType type);
std::string_view isa_name(Isa isa);

// Throws a usage error for a combination that does not exist (fp16 with AVX2).
Variant variant(DataType type, Isa isa);

// FLOP per iteration of the whole team.
Work work(const Variant& v, int threads);

// Every (type, ISA) with threads 1 and all cores in quick, 1..cores in full.
std::vector<Params> sweep(Suite suite, int cores);

// IEEE binary16 and bfloat16 bits widened to double (for devices that return
// fp16 and bf16 accumulators).
double half_to_double(std::uint16_t bits);
double bf16_to_double(std::uint16_t bits);

// Checks that every accumulator of every chain (of every thread, in that
// order) is back at its start value.
Verification verify(const std::vector<double>& accumulators, int accumulators_per_chain);

// The benchmark's spec (claim, metric, parameters, footprint), shared by every
// backend.
const Spec& spec();

}  // namespace accelbench::fma_peak
