// Numbers from the command line, journals and --param: NaN, infinities and
// overflow are refused before any range check.
#include <accelbench/error.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "units.h"

namespace accelbench {
namespace {

std::string usage_message(const std::function<void()>& call) {
  try {
    call();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    return e.what();
  }
  ADD_FAILURE() << "no usage error";
  return "";
}

TEST(ParseFiniteNumber, DecimalNumbers) {
  EXPECT_DOUBLE_EQ(parse_finite_number("0.25", "x"), 0.25);
  EXPECT_DOUBLE_EQ(parse_finite_number("-3", "x"), -3);
  EXPECT_DOUBLE_EQ(parse_finite_number("+2", "x"), 2);
  EXPECT_DOUBLE_EQ(parse_finite_number("1e-3", "x"), 1e-3);
  EXPECT_DOUBLE_EQ(parse_finite_number("1E3", "x"), 1000);
  EXPECT_DOUBLE_EQ(parse_finite_number("1e308", "x"), 1e308);
}

TEST(ParseFiniteNumber, RefusesEverySpellingOfNotANumber) {
  for (const char* bad :
       {"nan", "NaN",      "NAN",      "-nan",  "+nan",   "nan(0x1)", "inf",  "-inf",  "+inf",
        "INF", "infinity", "Infinity", "1e999", "-1e999", "0x1p3",    "0x10", "",      "+",
        "-",   "++1",      "+-1",      " 1",    "1 ",     "1s",       "1,5",  "1_000", "abc"}) {
    const std::string message = usage_message([&] { parse_finite_number(bad, "--min-time"); });
    EXPECT_NE(message.find("--min-time: '" + std::string(bad) + "' is not a finite decimal number"),
              std::string::npos)
        << bad << ": " << message;
  }
}

TEST(CheckInRange, NonFiniteFailsBeforeTheBounds) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(usage_message([&] { check_in_range(nan, 0, 100, "--max-cv"); }),
            "--max-cv must be a finite number, not nan");
  EXPECT_EQ(usage_message([&] { check_in_range(-inf, -inf, inf, "--alpha"); }),
            "--alpha must be a finite number, not -inf");
  EXPECT_EQ(usage_message([&] { check_in_range(1000, 0, 100, "--max-cv"); }),
            "--max-cv must be between 0 and 100, not 1000");
  EXPECT_EQ(usage_message([&] { check_in_range(0, 1e-6, 3600, "--min-time"); }),
            "--min-time must be between 1e-06 and 3600, not 0");
  EXPECT_DOUBLE_EQ(check_in_range(0.5, 0, 1, "x"), 0.5);
  EXPECT_DOUBLE_EQ(check_in_range(1, 0, 1, "x"), 1);  // bounds included
}

TEST(ParseDuration, UnitsBoundsAndNonFinite) {
  EXPECT_DOUBLE_EQ(parse_duration("90", "d"), 90);
  EXPECT_DOUBLE_EQ(parse_duration("90s", "d"), 90);
  EXPECT_DOUBLE_EQ(parse_duration("30m", "d"), 1800);
  EXPECT_DOUBLE_EQ(parse_duration("1.5h", "d"), 5400);
  EXPECT_DOUBLE_EQ(parse_duration("0.3", "d"), 0.3);
  for (const char* bad : {"nan", "nans", "inf", "infh", "-inf", "1e999", "abc", "", "s", "10x"}) {
    EXPECT_NE(usage_message([&] {
                parse_duration(bad, "--duration");
              }).find("is not a positive duration"),
              std::string::npos)
        << bad;
  }
  // Finite, but out of bounds, including a value its unit pushes to infinity.
  for (const char* bad : {"0", "-5", "0.0001", "1e308h", "400d0", "9000h"}) {
    const std::string message = usage_message([&] { parse_duration(bad, "--duration"); });
    EXPECT_NE(message.find("--duration: '" + std::string(bad) + "'"), std::string::npos) << bad;
  }
}

TEST(ParseQuantity, RefusesNonFiniteAndOverflow) {
  for (const char* bad :
       {"nan", "inf", "-1", "1e15", "99999999999999999999", "9223372036854775807k", "0x10"}) {
    EXPECT_FALSE(usage_message([&] { parse_quantity(bad, "parameter array_bytes"); }).empty())
        << bad;
  }
  EXPECT_EQ(parse_quantity("9223372036854775807", "x"), std::numeric_limits<std::int64_t>::max());
}

TEST(FormatBytes, UpToExbibytes) {
  EXPECT_EQ(format_bytes(3.0 * (1LL << 50)), "3 PiB");
  EXPECT_EQ(format_bytes(2.4e18), "2.1 EiB");
}

}  // namespace
}  // namespace accelbench
