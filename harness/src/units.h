// Parsing and printing of quantities (sizes, durations) for the CLI and
// reports.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace accelbench {

// Parses "1048576", "64KiB", "256MiB", "1GiB", "4k", "2M", "1G" (k/M/G are
// powers of 1000). Throws a usage error naming `what` when it does not parse,
// is negative or overflows.
std::int64_t parse_quantity(std::string_view text, const std::string& what);

// Parses a duration: "90" or "90s" (seconds), "30m", "2h", "1.5h". Throws a
// usage error naming `what` when it does not parse, is not finite, or lies
// outside [1 ms, 1 year].
double parse_duration(std::string_view text, const std::string& what);

// Parses a finite decimal number: "0.25", "-3", "1e-3", "+2". Throws a usage
// error naming `what` for anything else: NaN and infinities in every spelling,
// values that overflow a double ("1e999"), hexadecimal floats, trailing text.
// Every floating-point option and value of accelbench goes through here.
double parse_finite_number(std::string_view text, const std::string& what);

// The range check that follows the parse: a usage error ("what must be
// between MIN and MAX, not VALUE") unless `value` is finite and in [min, max].
// A non-finite value fails first, with its own words: NaN compares false with
// every bound, so a plain comparison would let it through.
double check_in_range(double value, double min, double max, const std::string& what);

// "32 MiB", "1.5 GiB", "512 B".
std::string format_bytes(double bytes);

// How a number is printed: `digits` significant digits (printf's %g) or
// `digits` decimals (%f), with a sign also when positive if `sign`.
struct NumberFormat {
  enum class Kind { kSignificant, kFixed };
  Kind kind = Kind::kSignificant;
  int digits = 6;
  bool sign = false;
};

// The formats accelbench prints numbers in, named by what they show. Every
// printed number goes through format_number with one of them.
namespace number_format {
// A measured value (median, percentile): 4 significant digits.
inline constexpr NumberFormat kMeasured{NumberFormat::Kind::kSignificant, 4};
// A machine-readable value (CSV, parameters): 6 significant digits.
inline constexpr NumberFormat kFull{NumberFormat::Kind::kSignificant, 6};
// A ratio or share stated in prose: 3 significant digits.
inline constexpr NumberFormat kRatio{NumberFormat::Kind::kSignificant, 3};
// A signed trend (drift): 3 significant digits with its sign.
inline constexpr NumberFormat kSignedRatio{NumberFormat::Kind::kSignificant, 3, true};
// A ratio in a table column, compared against 1: 3 decimals.
inline constexpr NumberFormat kRatioColumn{NumberFormat::Kind::kFixed, 3};
// A p-value: 2 significant digits.
inline constexpr NumberFormat kPValue{NumberFormat::Kind::kSignificant, 2};
// A percentage or a duration in a summary: 1 decimal.
inline constexpr NumberFormat kOneDecimal{NumberFormat::Kind::kFixed, 1};
// A signed change in percent: 1 decimal with its sign.
inline constexpr NumberFormat kSignedChange{NumberFormat::Kind::kFixed, 1, true};
// A limit's ratio (p99/p50): 2 decimals.
inline constexpr NumberFormat kTwoDecimals{NumberFormat::Kind::kFixed, 2};
}  // namespace number_format

// "0.0123", "+4.5", "1.23e+04".
std::string format_number(double value, NumberFormat format = number_format::kMeasured);

// The number and its unit: "12.5 GB/s", "3.0 s"; a percent sign follows the
// number without a space ("12.5%").
std::string format_quantity(double value, std::string_view unit,
                            NumberFormat format = number_format::kMeasured);

}  // namespace accelbench
