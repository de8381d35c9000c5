#include <accelbench/work.h>
#include <gtest/gtest.h>

namespace accelbench {
namespace {

TEST(MetricValue, DerivedFromDeclaredWorkAndSeconds) {
  Work w;
  w.bytes = 3e9;
  w.flops = 2e9;
  w.operations = 1000;
  EXPECT_DOUBLE_EQ(metric_value(MetricKind::kBandwidth, w, 2.0), 1.5);   // GB/s, 1 GB = 1e9 B
  EXPECT_DOUBLE_EQ(metric_value(MetricKind::kFlops, w, 0.5), 4.0);       // GFLOP/s
  EXPECT_DOUBLE_EQ(metric_value(MetricKind::kLatency, w, 1e-4), 100.0);  // ns per operation
}

TEST(MetricValue, UnitsAndDirections) {
  EXPECT_EQ(metric_unit(MetricKind::kBandwidth), "GB/s");
  EXPECT_EQ(metric_unit(MetricKind::kLatency), "ns");
  EXPECT_EQ(metric_direction(MetricKind::kLatency), Direction::kLowerIsBetter);
  EXPECT_EQ(metric_direction(MetricKind::kFlops), Direction::kHigherIsBetter);
  EXPECT_EQ(claim_name(Claim::kInterconnect), "interconnect");
}

}  // namespace
}  // namespace accelbench
