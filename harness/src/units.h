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
// usage error naming `what` when it does not parse or is not positive.
double parse_duration(std::string_view text, const std::string& what);

// "32 MiB", "1.5 GiB", "512 B".
std::string format_bytes(double bytes);

}  // namespace accelbench
