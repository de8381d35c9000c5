#include "number_options.h"

#include <accelbench/error.h>

#include <charconv>

#include "units.h"

namespace accelbench::cli {
namespace {

// Runs `check` on the option's text; a usage error becomes CLI11's message.
template <class Check>
CLI::Validator validator(Check check, const std::string& description) {
  return CLI::Validator(
      [check](std::string& text) {
        try {
          check(text);
        } catch (const Error& e) {
          return std::string(e.what());
        }
        return std::string();
      },
      description);
}

std::string bounds_text(double min, double max) {
  std::ostringstream out;
  out << "in [" << min << ", " << max << "]";
  return out.str();
}

}  // namespace

double checked_number(double value, Bounds bounds, const std::string& what) {
  return check_in_range(value, bounds.min, bounds.max, what);
}

std::int64_t checked_integer(std::int64_t value, std::int64_t min, std::int64_t max,
                             const std::string& what) {
  if (value < min || value > max) {
    throw usage_error(what + " must be between " + std::to_string(min) + " and " +
                      std::to_string(max) + ", not " + std::to_string(value));
  }
  return value;
}

CLI::Validator number_in(Bounds bounds) {
  return validator(
      [bounds](const std::string& text) {
        checked_number(parse_finite_number(text, ""), bounds, "the value");
      },
      bounds_text(bounds.min, bounds.max));
}

CLI::Validator integer_in(std::int64_t min, std::int64_t max) {
  return validator(
      [min, max](std::string& text) {
        std::int64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, value);
        if (text.empty() || ec != std::errc() || ptr != end) {
          throw usage_error("'" + text + "' is not a decimal integer between " +
                            std::to_string(min) + " and " + std::to_string(max));
        }
        text = std::to_string(checked_integer(value, min, max, "the value"));
      },
      bounds_text(static_cast<double>(min), static_cast<double>(max)));
}

CLI::Validator percent_as_fraction() {
  return validator(
      [](std::string& text) {
        if (text.empty() || text.back() != '%') return;
        const double percent = parse_finite_number(text.substr(0, text.size() - 1), "");
        char fraction[32];
        const auto [end, ec] = std::to_chars(fraction, fraction + sizeof fraction, percent / 100);
        text.assign(fraction, end);
      },
      "FRACTION or PERCENT%");
}

}  // namespace accelbench::cli
