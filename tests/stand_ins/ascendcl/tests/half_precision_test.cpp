// The aclnn stand-in's fp16 and bf16 conversions (half_precision.h) and its
// fault list (stand_in.h), on their own: every finite value survives a round
// trip, and every midpoint between neighbours goes to the even one.
#include "half_precision.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "stand_in.h"

namespace accelbench::standin {
namespace {

void expect_round_to_nearest_even(HalfFormat format) {
  const std::uint16_t infinity =
      std::uint16_t(((1U << format.exponent_bits) - 1U) << format.mantissa_bits);
  int failures = 0;
  for (std::uint32_t bits = 0; bits < infinity && failures < 5; ++bits) {
    const auto low = static_cast<std::uint16_t>(bits);
    const double value = half_to_double(low, format);
    if (round_to_half(value, format) != low || round_to_half(-value, format) != (low | 0x8000)) {
      ADD_FAILURE() << "round trip of bits " << bits;
      ++failures;
    }
    const auto high = static_cast<std::uint16_t>(bits + 1);  // infinity for the largest
    const double next = bits + 1 == infinity ? std::ldexp(1.0, (1 << (format.exponent_bits - 1)))
                                             : half_to_double(high, format);
    const double middle = (value + next) / 2;  // exact in double
    const std::uint16_t even = (low & 1U) == 0 ? low : high;
    if (round_to_half(middle, format) != even ||
        round_to_half(std::nextafter(middle, 0.0), format) != low ||
        round_to_half(std::nextafter(middle, INFINITY), format) != high) {
      ADD_FAILURE() << "rounding between bits " << bits << " and " << bits + 1;
      ++failures;
    }
  }
}

TEST(HalfPrecision, Fp16RoundsToNearestEvenEverywhere) { expect_round_to_nearest_even(kFp16); }

TEST(HalfPrecision, Bf16RoundsToNearestEvenEverywhere) { expect_round_to_nearest_even(kBf16); }

TEST(HalfPrecision, SpecialValues) {
  EXPECT_EQ(round_to_half(65504, kFp16), 0x7BFF);
  EXPECT_EQ(round_to_half(1e6, kFp16), 0x7C00);
  EXPECT_EQ(round_to_half(-INFINITY, kFp16), 0xFC00);
  EXPECT_TRUE(std::isnan(half_to_double(round_to_half(NAN, kFp16), kFp16)));
  EXPECT_EQ(round_to_half(-0.0, kBf16), 0x8000);
  EXPECT_EQ(round_to_half(1.0, kBf16), 0x3F80);
  EXPECT_EQ(round_to_half(1.0, kFp16), 0x3C00);
  EXPECT_EQ(half_to_double(0x0001, kFp16), std::ldexp(1.0, -24));
}

TEST(StandInFaults, ParsesTheListAndNamesAnUnknownEntry) {
  const Faults faults =
      parse_faults("corrupt_copy,,error:aclrtMemcpy,hang:aclnnAdd,error:HcclAllReduce");
  EXPECT_TRUE(faults.corrupt_copy);
  EXPECT_TRUE(faults.errors.contains("aclrtMemcpy"));
  EXPECT_TRUE(faults.errors.contains("HcclAllReduce"));  // another stand-in's
  EXPECT_TRUE(faults.hangs.contains("aclnnAdd"));
  EXPECT_TRUE(faults.problem.empty());
  EXPECT_NE(parse_faults("error:").problem.find("'error:'"), std::string::npos);
  EXPECT_NE(parse_faults("corrupt").problem.find("'corrupt'"), std::string::npos);
  EXPECT_FALSE(parse_faults("").corrupt_copy);
}

}  // namespace
}  // namespace accelbench::standin
