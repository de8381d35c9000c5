#include "stats.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace accelbench::stats {
namespace {

TEST(Percentile, NearestRankOnTenValues) {
  const std::vector<double> v{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  EXPECT_EQ(percentile_sorted(v, 0), 1);
  EXPECT_EQ(percentile_sorted(v, 5), 1);    // rank ceil(0.5) = 1
  EXPECT_EQ(percentile_sorted(v, 10), 1);   // rank 1
  EXPECT_EQ(percentile_sorted(v, 11), 2);   // rank ceil(1.1) = 2
  EXPECT_EQ(percentile_sorted(v, 50), 5);   // rank 5: nearest rank, no interpolation
  EXPECT_EQ(percentile_sorted(v, 95), 10);  // rank ceil(9.5) = 10
  EXPECT_EQ(percentile_sorted(v, 100), 10);
}

TEST(Percentile, RejectsEmptyAndOutOfRange) {
  const std::vector<double> none;
  const std::vector<double> one{3};
  EXPECT_THROW(percentile_sorted(none, 50), std::invalid_argument);
  EXPECT_THROW(percentile_sorted(one, -1), std::invalid_argument);
  EXPECT_THROW(percentile_sorted(one, 101), std::invalid_argument);
  EXPECT_EQ(percentile_sorted(one, 99), 3);
}

TEST(Summary, KnownVector) {
  // Mean 5, sample variance 32/7.
  const std::vector<double> v{2, 4, 4, 4, 5, 5, 7, 9};
  const Summary s = summarize(v);
  EXPECT_EQ(s.count, 8u);
  EXPECT_EQ(s.min, 2);
  EXPECT_EQ(s.max, 9);
  EXPECT_DOUBLE_EQ(s.mean, 5);
  EXPECT_EQ(s.median, 4);  // nearest rank: 4th of 8
  EXPECT_DOUBLE_EQ(s.stdev, std::sqrt(32.0 / 7.0));
  EXPECT_DOUBLE_EQ(s.cv, std::sqrt(32.0 / 7.0) / 5);
  EXPECT_EQ(s.p5, 2);
  EXPECT_EQ(s.p95, 9);
  EXPECT_EQ(s.p99, 9);
}

TEST(Summary, UnsortedInputAndSingleValue) {
  const std::vector<double> v{9, 1, 5};
  EXPECT_EQ(summarize(v).median, 5);
  const std::vector<double> one{42};
  const Summary s = summarize(one);
  EXPECT_EQ(s.stdev, 0);
  EXPECT_EQ(s.cv, 0);
  EXPECT_EQ(s.median, 42);
  EXPECT_THROW(summarize(std::vector<double>{}), std::invalid_argument);
}

}  // namespace
}  // namespace accelbench::stats

namespace accelbench::stats {
namespace {

TEST(BootstrapMedianCi, CoversTheTrueMedianOfAKnownDistribution) {
  // Uniform [0, 1): median 0.5. Over 200 independent samples of 101 values,
  // a 95% interval should cover it about 95% of the time.
  std::mt19937_64 generator(42);
  std::uniform_real_distribution<double> uniform(0, 1);
  int covered = 0;
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<double> sample(101);
    for (double& v : sample) v = uniform(generator);
    const Interval ci = bootstrap_median_ci(sample, 0.95, 400, trial + 1);
    EXPECT_LE(ci.low, ci.high);
    covered += ci.low <= 0.5 && 0.5 <= ci.high;
  }
  EXPECT_GE(covered, 180);  // 90%: a generous bound for a percentile bootstrap
  EXPECT_LE(covered, 200);
}

TEST(BootstrapMedianCi, IsReproducibleAndDegenerateForConstants) {
  const std::vector<double> v{3, 1, 4, 1, 5, 9, 2, 6};
  const Interval a = bootstrap_median_ci(v);
  const Interval b = bootstrap_median_ci(v);
  EXPECT_EQ(a.low, b.low);
  EXPECT_EQ(a.high, b.high);
  const Interval constant = bootstrap_median_ci(std::vector<double>(10, 7.0));
  EXPECT_EQ(constant.low, 7);
  EXPECT_EQ(constant.high, 7);
  EXPECT_THROW(bootstrap_median_ci(std::vector<double>{}), std::invalid_argument);
  EXPECT_THROW(bootstrap_median_ci(v, 1.0), std::invalid_argument);
}

TEST(TailRatios, SlowIterationsAgainstTheMedian) {
  std::vector<double> t(100, 1.0);
  t[99] = 5.0;  // the max; p99 is the 99th value: 1.0
  TailRatios r = tail_ratios(t);
  EXPECT_DOUBLE_EQ(r.p99_over_p50, 1.0);
  EXPECT_DOUBLE_EQ(r.max_over_p50, 5.0);
  t[98] = 3.0;  // now the 99th value is 3
  EXPECT_DOUBLE_EQ(tail_ratios(t).p99_over_p50, 3.0);
}

TEST(Describe, FlagsHighCvAndHeavyTailsWithTheReason) {
  const std::vector<double> steady(50, 10.0);
  const std::vector<double> seconds(50, 0.1);
  EXPECT_TRUE(describe(steady, seconds, {}, false).unstable_reasons.empty());

  std::vector<double> noisy(steady);
  for (std::size_t i = 0; i < noisy.size(); i += 2) noisy[i] = 5.0;  // CV about 0.33
  const auto d = describe(noisy, seconds, {0.10, 2.0}, true);
  ASSERT_EQ(d.unstable_reasons.size(), 1u);
  EXPECT_NE(d.unstable_reasons[0].find("CV"), std::string::npos);
  EXPECT_TRUE(d.has_median_ci);

  std::vector<double> stalled(seconds);
  stalled[10] = stalled[20] = 1.0;  // two iterations 10x slower: p99/p50 = 10
  const auto tails = describe(steady, stalled, {0.10, 2.0}, false);
  ASSERT_EQ(tails.unstable_reasons.size(), 1u);
  EXPECT_NE(tails.unstable_reasons[0].find("p99/p50"), std::string::npos);
  EXPECT_TRUE(to_json(tails)["unstable"].get<bool>());
}

}  // namespace
}  // namespace accelbench::stats
