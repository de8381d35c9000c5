#include <accelbench/verification.h>

namespace accelbench {

std::string_view outcome_name(Verification::Outcome outcome) {
  switch (outcome) {
    case Verification::Outcome::kPassed:
      return "passed";
    case Verification::Outcome::kFailed:
      return "failed";
    case Verification::Outcome::kUnverified:
      return "unverified";
  }
  return "unknown";
}

Verification check_scalar(double actual, double expected, double tolerance, std::string method) {
  Verification v;
  v.method = std::move(method);
  v.tolerance = tolerance;
  v.elements_checked = 1;
  v.bytes_checked = sizeof(double);
  v.non_finite = std::isfinite(actual) ? 0 : 1;
  if (std::isfinite(actual) && expected != 0) {
    v.max_relative_error = std::fabs(actual - expected) / std::fabs(expected);
  }
  if (!within_tolerance(expected, actual, tolerance)) {
    v.mismatches = 1;
    v.first_mismatches.push_back({0, expected, actual});
  }
  v.outcome = v.mismatches == 0 ? Verification::Outcome::kPassed : Verification::Outcome::kFailed;
  return v;
}

}  // namespace accelbench
