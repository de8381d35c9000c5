#include <accelbench/verification.h>
#include <gtest/gtest.h>

#include <limits>
#include <vector>

namespace accelbench {
namespace {

TEST(CheckElements, PassesWhenEveryElementMatches) {
  std::vector<double> v(1000);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = 0.5 * static_cast<double>(i);
  const auto result = check_elements(
      v, [](std::uint64_t i) { return 0.5 * static_cast<double>(i); }, 0, "test");
  EXPECT_EQ(result.outcome, Verification::Outcome::kPassed);
  EXPECT_EQ(result.elements_checked, 1000u);
  EXPECT_EQ(result.bytes_checked, 8000u);
  EXPECT_EQ(result.mismatches, 0u);
}

TEST(CheckElements, CountsAndReportsCorruptedElementsInIndexOrder) {
  std::vector<double> v(10000, 1.0);
  v[17] = 1.0000001;
  v[9000] = std::numeric_limits<double>::quiet_NaN();
  v[42] = std::numeric_limits<double>::infinity();
  const auto result = check_elements(
      v, [](std::uint64_t) { return 1.0; }, 0, "test");
  EXPECT_EQ(result.outcome, Verification::Outcome::kFailed);
  EXPECT_EQ(result.mismatches, 3u);
  EXPECT_EQ(result.non_finite, 2u);
  ASSERT_EQ(result.first_mismatches.size(), 3u);
  EXPECT_EQ(result.first_mismatches[0].index, 17u);
  EXPECT_EQ(result.first_mismatches[1].index, 42u);
  EXPECT_EQ(result.first_mismatches[2].index, 9000u);
  EXPECT_NEAR(result.max_relative_error, 1e-7, 1e-12);
}

TEST(CheckElements, ToleranceIsRelativeAndReportedMismatchesAreCapped) {
  std::vector<double> v(100, 2.0 * (1 + 1e-12));
  EXPECT_EQ(check_elements(
                v, [](std::uint64_t) { return 2.0; }, 1e-11, "t")
                .mismatches,
            0u);
  const auto strict = check_elements(
      v, [](std::uint64_t) { return 2.0; }, 1e-13, "t");
  EXPECT_EQ(strict.mismatches, 100u);
  EXPECT_EQ(strict.first_mismatches.size(), Verification::kMaxReportedMismatches);
}

TEST(CheckScalar, ComparesWithinTolerance) {
  // Relative difference 1e-11.
  EXPECT_EQ(check_scalar(100.0, 100.0 + 1e-9, 1e-12, "t").outcome, Verification::Outcome::kFailed);
  EXPECT_EQ(check_scalar(100.0, 100.0 + 1e-9, 1e-10, "t").outcome, Verification::Outcome::kPassed);
  EXPECT_EQ(check_scalar(std::numeric_limits<double>::quiet_NaN(), 1, 1, "t").non_finite, 1u);
}

}  // namespace
}  // namespace accelbench
