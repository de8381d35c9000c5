#include "compute/fma_peak/fma_peak.h"

#include <gtest/gtest.h>

namespace accelbench::fma_peak {
namespace {

std::vector<double> finished_accumulators(int threads, int per_chain) {
  std::vector<double> out;
  for (int t = 0; t < threads; ++t) {
    for (int k = 0; k < kChains; ++k) {
      for (int i = 0; i < per_chain; ++i) out.push_back(start_value(k));
    }
  }
  return out;
}

TEST(FmaPeakVerify, AllAccumulatorsAtTheirStartValuesPass) {
  const auto v = verify(finished_accumulators(2, 8), 8);
  EXPECT_EQ(v.outcome, Verification::Outcome::kPassed);
  EXPECT_EQ(v.elements_checked, 2u * kChains * 8);
}

TEST(FmaPeakVerify, OneAccumulatorOffByOneStepIsCaught) {
  auto out = finished_accumulators(2, 16);
  out[kChains * 16 + 5 * 16 + 3] += kStep;  // thread 1, chain 5, lane 3: a lost FMA
  const auto v = verify(out, 16);
  EXPECT_EQ(v.mismatches, 1u);
  EXPECT_EQ(v.first_mismatches[0].expected, start_value(5));
}

TEST(FmaPeakVerify, StartValuesAndStepAreExactInHalfPrecision) {
  for (int k = 0; k < kChains; ++k) {
    const double v = start_value(k);
    EXPECT_EQ(static_cast<double>(static_cast<float>(v + kStep)), v + kStep);
    // 11 significant bits (fp16) and 8 (bf16) hold 1 + k/16 + 1/64.
    EXPECT_EQ(std::ldexp(std::round(std::ldexp(v + kStep, 6)), -6), v + kStep);
  }
}

TEST(FmaPeakWork, CountsTwoFlopPerLanePerFma) {
  const Variant v = variant(DataType::kFp64, Isa::kAvx512);
  EXPECT_EQ(work(v, 1).flops, 2.0 * kPairsPerIteration * kChains * 8 * 2);
  EXPECT_EQ(work(v, 3).flops, 3 * work(v, 1).flops);
  EXPECT_EQ(variant(DataType::kBf16, Isa::kAvx512).accumulators, 16);
  EXPECT_THROW(variant(DataType::kFp16, Isa::kAvx2), Error);
}

TEST(FmaPeakSweep, EveryVariantAtOneAndAllCores) {
  const auto quick = sweep(Suite::kQuick, 4);
  EXPECT_EQ(quick.size(), 12u);  // 6 variants x {1, 4}
  const auto full = sweep(Suite::kFull, 4);
  EXPECT_EQ(full.size(), 24u);  // 6 variants x {1, 2, 3, 4}
  EXPECT_EQ(sweep(Suite::kQuick, 1).size(), 6u);
}

}  // namespace
}  // namespace accelbench::fma_peak

namespace accelbench::fma_peak {
namespace {

TEST(FmaPeakWidening, HalfAndBfloat16BitsBecomeTheirValues) {
  EXPECT_EQ(half_to_double(0x3c00), 1.0);
  EXPECT_EQ(half_to_double(0x3e00), 1.5);
  EXPECT_EQ(half_to_double(0xc000), -2.0);
  EXPECT_EQ(half_to_double(0x0001), 0x1.0p-24);  // the smallest subnormal
  EXPECT_EQ(bf16_to_double(0x3f80), 1.0);
  EXPECT_EQ(bf16_to_double(0x3fc0), 1.5);
  EXPECT_EQ(bf16_to_double(0xc000), -2.0);
}

}  // namespace
}  // namespace accelbench::fma_peak
