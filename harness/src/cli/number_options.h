// The command line's numbers, one way for every subcommand: a floating-point
// option takes a finite decimal number (NaN, infinities, overflow and hex
// floats are refused before any range check), an integer option a decimal
// integer; each then in its range. CLI11 puts the option's name in front of
// the message ("--min-time: 'nan' is not a finite decimal number").
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>

namespace accelbench::cli {

struct Bounds {
  double min;
  double max;
};

// For ->check(): a finite number in [min, max].
CLI::Validator number_in(Bounds bounds);

// For ->transform(): a decimal integer in [min, max], rewritten in plain
// decimal (CLI11 alone would read "010" as octal and "0x10" as hex).
CLI::Validator integer_in(std::int64_t min, std::int64_t max);

// For ->transform() before number_in: "3%" becomes 0.03; a plain number stays.
CLI::Validator percent_as_fraction();

// The same checks on a value that did not come from the command line (a
// journal's options): a usage error naming `what`.
double checked_number(double value, Bounds bounds, const std::string& what);
std::int64_t checked_integer(std::int64_t value, std::int64_t min, std::int64_t max,
                             const std::string& what);

}  // namespace accelbench::cli
