#include "fma_peak.h"

#include <cmath>
#include <cstring>

namespace accelbench::fma_peak {
namespace {

constexpr Variant kVariants[] = {
    {DataType::kFp64, Isa::kAvx512, 8, 8, "avx512f"},
    {DataType::kFp64, Isa::kAvx2, 4, 4, "avx2 and fma"},
    {DataType::kFp32, Isa::kAvx512, 16, 16, "avx512f"},
    {DataType::kFp32, Isa::kAvx2, 8, 8, "avx2 and fma"},
    // vdpbf16ps: 32 bf16 products accumulated pairwise into 16 fp32 lanes.
    {DataType::kBf16, Isa::kAvx512, 32, 16, "avx512_bf16"},
    {DataType::kFp16, Isa::kAvx512, 32, 32, "avx512_fp16"},
};

}  // namespace

DataType data_type(const Params& params) {
  const std::string& name = params.text("dtype");
  if (name == "fp64") return DataType::kFp64;
  if (name == "fp32") return DataType::kFp32;
  if (name == "bf16") return DataType::kBf16;
  if (name == "fp16") return DataType::kFp16;
  throw usage_error("dtype must be fp64, fp32, bf16 or fp16, not '" + name + "'");
}

Isa isa(const Params& params) {
  const std::string& name = params.text("isa");
  if (name == "avx512") return Isa::kAvx512;
  if (name == "avx2") return Isa::kAvx2;
  throw usage_error("isa must be avx512 or avx2, not '" + name + "'");
}

int threads(const Params& params) {
  return static_cast<int>(params.integer_in("threads", 1, 4096));
}

std::string_view data_type_name(DataType type) {
  switch (type) {
    case DataType::kFp64:
      return "fp64";
    case DataType::kFp32:
      return "fp32";
    case DataType::kBf16:
      return "bf16";
    case DataType::kFp16:
      return "fp16";
  }
  return "unknown";
}

std::string_view isa_name(Isa isa) { return isa == Isa::kAvx512 ? "avx512" : "avx2"; }

Variant variant(DataType type, Isa isa) {
  for (const auto& v : kVariants) {
    if (v.type == type && v.isa == isa) return v;
  }
  throw usage_error(std::string(data_type_name(type)) + " has no " + std::string(isa_name(isa)) +
                    " variant");
}

Work work(const Variant& v, int threads) {
  Work w;
  w.flops = 2.0 * kPairsPerIteration * kChains * v.lanes * 2.0 * threads;
  w.convention = "2 FLOP per FMA lane (a bf16 product-accumulate counts 2 per product); " +
                 std::to_string(kChains) + " chains x " + std::to_string(2 * kPairsPerIteration) +
                 " dependent FMAs per thread per iteration";
  return w;
}

std::vector<Params> sweep(Suite suite, int cores) {
  std::vector<int> thread_counts;
  if (suite == Suite::kQuick) {
    thread_counts = {1};
    if (cores > 1) thread_counts.push_back(cores);
  } else {
    for (int t = 1; t <= cores; ++t) thread_counts.push_back(t);
  }
  std::vector<Params> points;
  for (const auto& v : kVariants) {
    for (int t : thread_counts) {
      Params p;
      p.set("dtype", std::string(data_type_name(v.type)))
          .set("isa", std::string(isa_name(v.isa)))
          .set("threads", t);
      points.push_back(p);
    }
  }
  return points;
}

double half_to_double(std::uint16_t bits) {
  const int exponent = (bits >> 10) & 0x1f;
  const int fraction = bits & 0x3ff;
  const double sign = (bits & 0x8000) ? -1.0 : 1.0;
  if (exponent == 0) return sign * std::ldexp(fraction, -24);
  if (exponent == 31) return fraction ? std::nan("") : sign * INFINITY;
  return sign * std::ldexp(1024 + fraction, exponent - 25);
}

double bf16_to_double(std::uint16_t bits) {
  const std::uint32_t widened = static_cast<std::uint32_t>(bits) << 16;
  float value;
  std::memcpy(&value, &widened, sizeof value);
  return value;
}

Verification verify(const std::vector<double>& accumulators, int accumulators_per_chain) {
  const auto per_chain = static_cast<std::uint64_t>(accumulators_per_chain);
  return check_elements(
      accumulators,
      [per_chain](std::uint64_t i) {
        return start_value(static_cast<int>((i / per_chain) % kChains));
      },
      0, "every accumulator of every chain of every thread back at its start value (exact)");
}

const Spec& spec() {
  static const Spec kSpec{
      .id = "compute/fma_peak",
      .claim = Claim::kCompute,
      .link = Link::kNone,
      .metric = MetricKind::kFlops,
      .compare_class = CompareClass::kCompute,
      .convention = "2 FLOP per FMA lane, independent chains, no memory traffic",
      .parameters = {"dtype", "isa", "threads", "vector_width"},
      .how = {"isa", "threads", "vector_width"},
      .sweep = {},
      .footprint = {},
  };
  return kSpec;
}

}  // namespace accelbench::fma_peak
