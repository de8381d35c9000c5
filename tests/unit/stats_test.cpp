#include "stats.h"

#include <gtest/gtest.h>

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
