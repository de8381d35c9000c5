// The outcome of checking a benchmark's result. Every run verifies; a run
// that cannot be verified says so (kUnverified) and why.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace accelbench {

struct Mismatch {
  std::uint64_t index = 0;
  double expected = 0;
  double actual = 0;
};

struct Verification {
  enum class Outcome { kPassed, kFailed, kUnverified };
  static constexpr std::size_t kMaxReportedMismatches = 8;

  Outcome outcome = Outcome::kUnverified;
  std::string method;  // what was compared with what
  std::uint64_t elements_checked = 0;
  std::uint64_t bytes_checked = 0;
  std::uint64_t mismatches = 0;
  std::uint64_t non_finite = 0;  // NaN or Inf among the checked values
  double tolerance = 0;          // relative; 0 means exact
  double max_relative_error = 0;
  std::vector<Mismatch> first_mismatches;
  std::string note;
};

std::string_view outcome_name(Verification::Outcome outcome);

// Whether `actual` matches `expected` within the relative tolerance (0 asks
// for bit-exact equality). Non-finite values never match.
inline bool within_tolerance(double expected, double actual, double tolerance) {
  if (!std::isfinite(actual) || !std::isfinite(expected)) return false;
  if (tolerance == 0) return actual == expected;
  return std::fabs(actual - expected) <= tolerance * std::fabs(expected);
}

// Compares every element of `actual` with `expected(i)`. The comparison runs
// in parallel; the first mismatches are then collected in index order.
template <class ExpectedFn>
Verification check_elements(std::span<const double> actual, ExpectedFn expected, double tolerance,
                            std::string method) {
  Verification v;
  v.method = std::move(method);
  v.tolerance = tolerance;
  v.elements_checked = actual.size();
  v.bytes_checked = actual.size_bytes();
  const auto n = static_cast<std::int64_t>(actual.size());
  std::uint64_t mismatches = 0;
  std::uint64_t non_finite = 0;
  double max_error = 0;
#pragma omp parallel for schedule(static) \
    reduction(+ : mismatches, non_finite) reduction(max : max_error)
  for (std::int64_t i = 0; i < n; ++i) {
    const double want = expected(static_cast<std::uint64_t>(i));
    const double got = actual[i];
    if (!std::isfinite(got)) ++non_finite;
    if (!within_tolerance(want, got, tolerance)) ++mismatches;
    if (std::isfinite(got) && want != 0) {
      max_error = std::max(max_error, std::fabs(got - want) / std::fabs(want));
    }
  }
  v.mismatches = mismatches;
  v.non_finite = non_finite;
  v.max_relative_error = max_error;
  for (std::int64_t i = 0;
       i < n && v.first_mismatches.size() < Verification::kMaxReportedMismatches &&
       v.first_mismatches.size() < mismatches;
       ++i) {
    const double want = expected(static_cast<std::uint64_t>(i));
    if (!within_tolerance(want, actual[i], tolerance)) {
      v.first_mismatches.push_back({static_cast<std::uint64_t>(i), want, actual[i]});
    }
  }
  v.outcome = mismatches == 0 ? Verification::Outcome::kPassed : Verification::Outcome::kFailed;
  return v;
}

// Checks one scalar result (a reduction) against its reference.
Verification check_scalar(double actual, double expected, double tolerance, std::string method);

}  // namespace accelbench
