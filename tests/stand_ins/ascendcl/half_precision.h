// IEEE binary16 (fp16) and bfloat16 for the aclnn stand-in: a double rounded
// to the nearest value of the format, ties to even, overflow to infinity,
// subnormals kept (as the NPU's conversion in round-to-nearest mode); and
// back, exactly. Written out here so that the stand-in rounds once, from the
// double it computed in (through float would round twice).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace accelbench::standin {

struct HalfFormat {
  int mantissa_bits;  // stored fraction bits
  int exponent_bits;
};
inline constexpr HalfFormat kFp16{10, 5};
inline constexpr HalfFormat kBf16{7, 8};

// The bits of `value` in `format`, rounded to nearest, ties to even.
inline std::uint16_t round_to_half(double value, HalfFormat format) {
  const int bias = (1 << (format.exponent_bits - 1)) - 1;
  const int min_exponent = 1 - bias;  // of the normal numbers
  const std::uint16_t sign = std::signbit(value) ? std::uint16_t(1U << 15) : std::uint16_t(0);
  const std::uint16_t infinity =
      std::uint16_t(((1U << format.exponent_bits) - 1U) << format.mantissa_bits);
  if (std::isnan(value)) return sign | infinity | std::uint16_t(1U << (format.mantissa_bits - 1));
  const double magnitude = std::fabs(value);
  if (std::isinf(magnitude)) return sign | infinity;
  if (magnitude == 0) return sign;
  // The spacing of the format's values around `magnitude` (the subnormals'
  // below the normal range); dividing by a power of two is exact, and
  // nearbyint rounds ties to even in the default rounding mode.
  const int exponent = std::max(std::ilogb(magnitude), min_exponent);
  const double spacing = std::ldexp(1.0, exponent - format.mantissa_bits);
  const double rounded = std::nearbyint(magnitude / spacing) * spacing;
  if (rounded >= std::ldexp(1.0, bias + 1)) return sign | infinity;
  if (rounded < std::ldexp(1.0, min_exponent)) {  // subnormal (or zero)
    const double units = rounded / std::ldexp(1.0, min_exponent - format.mantissa_bits);
    return sign | static_cast<std::uint16_t>(units);
  }
  const int rounded_exponent = std::ilogb(rounded);  // rounding may carry into the next binade
  const double fraction = rounded / std::ldexp(1.0, rounded_exponent - format.mantissa_bits) -
                          std::ldexp(1.0, format.mantissa_bits);
  return sign |
         static_cast<std::uint16_t>(static_cast<unsigned>(rounded_exponent + bias)
                                    << format.mantissa_bits) |
         static_cast<std::uint16_t>(fraction);
}

// The value of `bits` in `format` (exact).
inline double half_to_double(std::uint16_t bits, HalfFormat format) {
  const int bias = (1 << (format.exponent_bits - 1)) - 1;
  const unsigned exponent_mask = (1U << format.exponent_bits) - 1U;
  const unsigned exponent = (bits >> format.mantissa_bits) & exponent_mask;
  const unsigned fraction = bits & ((1U << format.mantissa_bits) - 1U);
  const double sign = (bits >> 15) ? -1.0 : 1.0;
  if (exponent == exponent_mask)
    return fraction ? std::nan("") : sign * std::numeric_limits<double>::infinity();
  if (exponent == 0) return sign * std::ldexp(fraction, 1 - bias - format.mantissa_bits);
  return sign * std::ldexp(fraction + (1U << format.mantissa_bits),
                           static_cast<int>(exponent) - bias - format.mantissa_bits);
}

}  // namespace accelbench::standin
