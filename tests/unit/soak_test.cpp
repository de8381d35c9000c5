#include "soak.h"

#include <gtest/gtest.h>

#include "stats.h"

namespace accelbench {
namespace {

TEST(Slopes, OlsOnALineAndTheilSenThroughOutliers) {
  std::vector<double> x, y;
  for (int i = 0; i < 100; ++i) {
    x.push_back(i);
    y.push_back(3.0 + 0.5 * i);
  }
  EXPECT_NEAR(stats::ols_slope(x, y), 0.5, 1e-12);
  EXPECT_NEAR(stats::theil_sen_slope(x, y), 0.5, 1e-12);
  // Ten wild outliers pull least squares off the line; Theil-Sen stays on it.
  for (int i = 0; i < 100; i += 10)
    y[static_cast<std::size_t>(i)] = 1000.0 * (i % 20 == 0 ? 1 : -1) + i;
  EXPECT_GT(std::fabs(stats::ols_slope(x, y) - 0.5), 0.5);
  EXPECT_NEAR(stats::theil_sen_slope(x, y), 0.5, 0.01);
  EXPECT_THROW(stats::ols_slope(std::vector<double>{1}, std::vector<double>{1}),
               std::invalid_argument);
  EXPECT_THROW(stats::ols_slope(std::vector<double>{2, 2}, std::vector<double>{1, 3}),
               std::invalid_argument);
}

TEST(ChangePoints, FindsAStepAndNothingInNoise) {
  std::vector<double> steady;
  for (int i = 0; i < 200; ++i) steady.push_back(100 + (i % 7) * 0.1);
  EXPECT_TRUE(stats::change_points(steady).empty());
  std::vector<double> step(steady);
  for (std::size_t i = 120; i < step.size(); ++i) step[i] -= 10;
  const auto points = stats::change_points(step);
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(points[0].index, 120u);
  EXPECT_NEAR(points[0].mean_before - points[0].mean_after, 10, 0.1);
}

// A series as the soak records it, for analyze_series.
SoakSeries series(const Definition& d, std::vector<double> values, std::size_t error_at = 0) {
  SoakSeries s;
  s.instance.definition = &d;
  s.instance.name = d.id;
  for (std::size_t i = 0; i < values.size(); ++i) {
    s.t_s.push_back(static_cast<double>(i));
    s.mismatches.push_back(error_at != 0 && i >= error_at ? 1 : 0);
  }
  s.value = std::move(values);
  s.bytes_verified = 1'000'000;
  return s;
}

TEST(AnalyzeSeries, SteadyThroughputIsStableAndErrorsAreCensored) {
  Definition d;
  d.id = "memory/test";
  d.metric = MetricKind::kBandwidth;
  std::vector<double> v;
  for (int i = 0; i < 400; ++i) v.push_back(50 + (i % 5) * 0.01);
  const auto a = analyze_series(series(d, v), 400);
  EXPECT_EQ(a["verdict"], "stable") << a.dump();
  EXPECT_TRUE(a["time_to_first_error_s"].is_null());
  EXPECT_EQ(a["time_to_first_error_censored_at_s"], 400);
  EXPECT_NEAR(a["sustain_ratio"].get<double>(), 1.0, 0.01);
  EXPECT_EQ(a["throttle_share"], 0.0);
}

TEST(AnalyzeSeries, ThrottlingAndFirstErrorMakeItUnstable) {
  Definition d;
  d.id = "memory/test";
  d.metric = MetricKind::kBandwidth;
  std::vector<double> v;
  for (int i = 0; i < 400; ++i) v.push_back(i < 300 ? 50.0 : 30.0);  // throttled at 300 s
  const auto a = analyze_series(series(d, v, 350), 400);
  EXPECT_EQ(a["verdict"], "unstable");
  EXPECT_EQ(a["time_to_first_error_s"], 350);
  EXPECT_LT(a["sustain_ratio"].get<double>(), 0.7);
  EXPECT_NEAR(a["throttle_share"].get<double>(), 100.0 / 380.0, 0.01);  // after warm-up
  EXPECT_LT(a["drift_percent_per_hour"]["ols"].get<double>(), 0);       // getting worse
  ASSERT_EQ(a["change_points"].size(), 1u);
  EXPECT_EQ(a["change_points"][0]["t_s"], 300);
}

TEST(AnalyzeSeries, RisingLatencyIsANegativeDrift) {
  Definition d;
  d.id = "memory/test";
  d.metric = MetricKind::kLatency;
  std::vector<double> v;
  for (int i = 0; i < 400; ++i) v.push_back(100 + 0.1 * i);
  const auto a = analyze_series(series(d, v), 400);
  EXPECT_LT(a["drift_percent_per_hour"]["theil_sen"].get<double>(), 0);
  EXPECT_LT(a["sustain_ratio"].get<double>(), 1);
}

}  // namespace
}  // namespace accelbench
