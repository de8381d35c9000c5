#include "compute/gemm/gemm.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

namespace accelbench::gemm {
namespace {

template <class T>
struct Product {
  std::int64_t n;
  std::vector<T> a, b, c;
};

// C = A·B by the textbook loop: exact for these integer inputs.
template <class T>
Product<T> product(std::int64_t n) {
  const auto size = static_cast<std::size_t>(n);
  Product<T> p{n, std::vector<T>(size * size), std::vector<T>(size * size),
               std::vector<T>(size * size)};
  fill_random(std::span(p.a), kStreamA);
  fill_random(std::span(p.b), kStreamB);
  for (std::size_t i = 0; i < size; ++i) {
    for (std::size_t k = 0; k < size; ++k) {
      for (std::size_t j = 0; j < size; ++j)
        p.c[i * size + j] += p.a[i * size + k] * p.b[k * size + j];
    }
  }
  return p;
}

template <class T>
Verification check(const Product<T>& p) {
  return verify_product<T>(p.a, p.b, p.c, p.n);
}

TEST(RandomEntry, NonZeroIntegersFromMinusEightToEight) {
  std::set<std::int64_t> seen;
  for (std::uint64_t i = 0; i < 10000; ++i) {
    const auto v = random_entry(kStreamA, i);
    ASSERT_NE(v, 0);
    ASSERT_LE(std::llabs(v), 8);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 16u);
}

TEST(VerifyProduct, ExactProductPassesInBothPrecisions) {
  EXPECT_EQ(check(product<double>(48)).outcome, Verification::Outcome::kPassed);
  const auto v = check(product<float>(48));
  EXPECT_EQ(v.outcome, Verification::Outcome::kPassed);
  EXPECT_EQ(v.elements_checked, 48u * 48u);
  EXPECT_EQ(v.tolerance, 0);
}

TEST(VerifyProduct, OneUlpInOneElementIsCaught) {
  auto p = product<double>(48);
  p.c[17 * 48 + 5] = std::nextafter(p.c[17 * 48 + 5], 1e300);
  const auto v = check(p);
  EXPECT_EQ(v.outcome, Verification::Outcome::kFailed);
  EXPECT_EQ(v.mismatches, 1u);
  ASSERT_EQ(v.first_mismatches.size(), 1u);
  EXPECT_EQ(v.first_mismatches[0].index, 17u);  // the row
}

TEST(VerifyProduct, AnIntegerErrorAndANanAreCaught) {
  auto p = product<float>(32);
  p.c[3] += 1.0f;
  p.c[40] = std::nanf("");
  const auto v = check(p);
  EXPECT_EQ(v.mismatches, 2u);  // rows 0 and 1
  EXPECT_EQ(v.non_finite, 1u);
}

TEST(VerifyProduct, SwappedElementsInARowAreCaught) {
  auto p = product<double>(32);
  // Another column of row 2 with a different value and a different x_j (a
  // swap between columns with equal x_j would not change the row's sum).
  std::size_t other = 2 * 32 + 2;
  while (p.c[other] == p.c[2 * 32 + 1] ||
         random_entry(kStreamX, other - 64) == random_entry(kStreamX, 1)) {
    ++other;
  }
  std::swap(p.c[2 * 32 + 1], p.c[other]);
  EXPECT_EQ(check(p).mismatches, 1u);
}

TEST(Sweep, QuickAndFullSizesForBothTypes) {
  const auto quick = sweep(Suite::kQuick, 2, 128);
  ASSERT_EQ(quick.size(), 6u);
  EXPECT_EQ(quick[0].text("dtype"), "fp64");
  EXPECT_EQ(quick[5].text("dtype"), "fp32");
  EXPECT_EQ(quick[2].integer("matrix_size"), 1024);
  // At 128 GFLOP/s the largest full size takes >= 100 ms: 2 n^3 >= 12.8e9 -> n = 2048.
  const auto full = sweep(Suite::kFull, 2, 128);
  EXPECT_EQ(full[full.size() / 2 - 1].integer("matrix_size"), 2048);
}

TEST(Params, RejectUnknownTypeAndBadSizes) {
  Params p;
  p.set("dtype", std::string("fp16")).set("matrix_size", 8).set("threads", 1);
  EXPECT_THROW(data_type(p), Error);
  EXPECT_THROW(matrix_size(p), Error);
}

}  // namespace
}  // namespace accelbench::gemm
