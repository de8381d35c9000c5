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

TEST(OpenblasKernel, CoreNamesMapToTheIsaTheirProcessorHas) {
  EXPECT_EQ(openblas_kernel_isa("Haswell"), VectorIsa::kAvx2);
  EXPECT_EQ(openblas_kernel_isa("ZEN"), VectorIsa::kAvx2);  // any case
  EXPECT_EQ(openblas_kernel_isa("SkylakeX"), VectorIsa::kAvx512);
  EXPECT_EQ(openblas_kernel_isa("cooperlake"), VectorIsa::kAvx512);
  EXPECT_EQ(openblas_kernel_isa("Sandybridge"), VectorIsa::kAvx);
  EXPECT_EQ(openblas_kernel_isa("Nehalem"), VectorIsa::kSse);
  EXPECT_EQ(openblas_kernel_isa("Unknown"), VectorIsa::kUnknown);
  EXPECT_EQ(openblas_kernel_isa("NEOVERSEN1"), VectorIsa::kUnknown);
}

TEST(OpenblasKernel, WarnsWhenTheVariablePinsANarrowerKernel) {
  const std::string warning = narrower_kernel_warning({"Haswell", "Haswell", VectorIsa::kAvx512});
  EXPECT_EQ(warning,
            "OPENBLAS_CORETYPE=Haswell pins OpenBLAS's Haswell kernel (avx2) on a CPU with avx512: "
            "these GEMM figures are the avx2 kernel's and may be below the CPU's (unset the "
            "variable where this OpenBLAS detects the CPU)");
  // OpenBLAS takes the variable in any case.
  EXPECT_NE(narrower_kernel_warning({"Haswell", "haswell", VectorIsa::kAvx512})
                .find("OPENBLAS_CORETYPE=haswell pins"),
            std::string::npos);
}

TEST(OpenblasKernel, NoWarningWhenTheKernelIsAsWideAsTheCpu) {
  // The same variable on an AVX2 CPU (a Zen 2, say) costs nothing.
  EXPECT_EQ(narrower_kernel_warning({"Haswell", "Haswell", VectorIsa::kAvx2}), "");
  EXPECT_EQ(narrower_kernel_warning({"SkylakeX", "SkylakeX", VectorIsa::kAvx512}), "");
  EXPECT_EQ(narrower_kernel_warning({"SkylakeX", std::nullopt, VectorIsa::kAvx512}), "");
  // Unknown on either side: no claim.
  EXPECT_EQ(narrower_kernel_warning({"Unknown", "Haswell", VectorIsa::kAvx512}), "");
  EXPECT_EQ(narrower_kernel_warning({"Haswell", "Haswell", VectorIsa::kUnknown}), "");
}

TEST(OpenblasKernel, ANarrowerKernelOpenblasChoseIsNotBlamedOnTheVariable) {
  const std::string chosen = narrower_kernel_warning({"Zen", std::nullopt, VectorIsa::kAvx512});
  EXPECT_EQ(chosen.rfind("OpenBLAS chose its Zen kernel (avx2) on a CPU with avx512", 0), 0u)
      << chosen;
  EXPECT_EQ(chosen.find("OPENBLAS_CORETYPE"), std::string::npos);
  // A variable OpenBLAS did not take (a name it does not know) is named as such.
  const std::string ignored = narrower_kernel_warning({"Zen", "Bogus", VectorIsa::kAvx512});
  EXPECT_NE(ignored.find("OPENBLAS_CORETYPE=Bogus was not taken"), std::string::npos) << ignored;
}

TEST(Analyze, TheSummaryEndsWithTheKernelWarning) {
  Params p;
  p.set("dtype", std::string("fp64")).set("matrix_size", 256).set("threads", 1);
  nlohmann::ordered_json details = {{"blas", {{"warning", "pinned"}}}};
  const auto out = analyze({{p, 50.0, details}});
  const std::string summary = out["summary"];
  EXPECT_NE(summary.find("fp64 best 50 GFLOP/s"), std::string::npos) << summary;
  EXPECT_NE(summary.find("; WARNING: pinned"), std::string::npos) << summary;
  EXPECT_EQ(analyze({{p, 50.0, {}}})["summary"].get<std::string>().find("WARNING"),
            std::string::npos);
}

}  // namespace
}  // namespace accelbench::gemm
