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

}  // namespace accelbench
