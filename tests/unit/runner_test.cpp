// The runner with fake cases: device-timed samples reach the results
// unchanged, and every way a case can go wrong becomes a status.
#include "runner.h"

#include <benchmark/benchmark.h>
#include <gtest/gtest.h>

#include <deque>

#include "results_file.h"

namespace accelbench {
namespace {

enum class Fault { kNone, kUnsupportedInSetup, kThrowInIterate, kWrongResult };

class FakeCase final : public Case {
 public:
  explicit FakeCase(Fault fault) : fault_(fault) {}
  Work work() const override {
    Work w;
    w.bytes = 1e6;
    w.convention = "fake";
    return w;
  }
  void setup() override {
    if (fault_ == Fault::kUnsupportedInSetup) throw unsupported("no such hardware");
  }
  double iterate() override {
    if (fault_ == Fault::kThrowInIterate) throw failure("device lost");
    return 1e-3;  // the "device timer": 1 MB in 1 ms = 1 GB/s
  }
  Verification verify() override {
    if (fault_ == Fault::kWrongResult) out_[3] = 2.0;
    return check_elements(
        out_, [](std::uint64_t) { return 1.0; }, 0, "fake");
  }
  std::span<std::byte> result_bytes() override { return std::as_writable_bytes(std::span(out_)); }

 private:
  Fault fault_;
  std::vector<double> out_ = std::vector<double>(16, 1.0);
};

class Runner : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static std::string name = "runner_test";
    static std::string min_time = "--benchmark_min_time=0.01";
    static char* argv[] = {name.data(), min_time.data(), nullptr};
    int argc = 2;
    benchmark::Initialize(&argc, argv);
  }

  Instance instance(Fault fault, const std::string& name) {
    Definition& d = definitions_.emplace_back();
    d.id = "test/" + name;
    d.backend = "fake";
    d.metric = MetricKind::kBandwidth;
    d.timer = Timer::kDevice;
    d.instances = [](const Device&, Suite) { return std::vector<Params>{Params{}}; };
    d.make_case = [fault](const Device&, const Params&) {
      return std::make_unique<FakeCase>(fault);
    };
    return Instance{
        &d, Device{"fake:0", "fake", 0, "fake device", {}, {}}, Params{}, d.id + "/fake:0", {}};
  }

  std::deque<Definition> definitions_;
};

TEST_F(Runner, DeviceTimedSamplesAreKeptAndWarmupCounted) {
  const SuiteResult suite = run_instances({instance(Fault::kNone, "ok")}, {});
  ASSERT_EQ(suite.instances.size(), 1u);
  const InstanceResult& r = suite.instances[0];
  EXPECT_EQ(r.status, Status::kOk) << r.reason;
  ASSERT_EQ(r.repetitions.size(), 1u);
  // 10 ms at 1 ms per iteration: Google Benchmark settles on >= 10 iterations.
  EXPECT_GE(r.repetitions[0].size(), 10u);
  for (double s : r.repetitions[0]) EXPECT_EQ(s, 1e-3);
  EXPECT_GT(r.warmup_samples, 0u);  // the iteration-count estimation runs
  for (double v : r.metric_values()) EXPECT_DOUBLE_EQ(v, 1.0);  // GB/s
  ASSERT_EQ(r.run_repetitions.size(), 1u);
  EXPECT_EQ(r.run_repetitions[0], 0u);

  // Google Benchmark's own entry reports the manual time we gave it.
  const auto& runs = r.google_benchmark_runs;
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_NEAR(runs[0]["real_time"].get<double>(), 1e6, 1);  // ns
  // Our invocation counter is removed (Google Benchmark flattens counters into the entry).
  EXPECT_FALSE(runs[0].contains("accelbench_invocation"));
  EXPECT_TRUE(suite.google_benchmark_context.contains("host_name"));
}

TEST_F(Runner, EveryFaultBecomesAStatusAndTheSuiteGoesOn) {
  const SuiteResult suite = run_instances(
      {instance(Fault::kUnsupportedInSetup, "skip"), instance(Fault::kThrowInIterate, "throw"),
       instance(Fault::kWrongResult, "wrong"), instance(Fault::kNone, "fine")},
      {});
  ASSERT_EQ(suite.instances.size(), 4u);
  EXPECT_EQ(suite.instances[0].status, Status::kSkipped);
  EXPECT_EQ(suite.instances[0].reason, "no such hardware");
  EXPECT_EQ(suite.instances[1].status, Status::kFailed);
  EXPECT_EQ(suite.instances[1].reason, "device lost");
  EXPECT_EQ(suite.instances[2].status, Status::kInvalid);
  EXPECT_EQ(suite.instances[2].verification.mismatches, 1u);
  EXPECT_EQ(suite.instances[3].status, Status::kOk);
  EXPECT_EQ(overall_status(suite), Status::kInvalid);

  // Only timed runs have Google Benchmark entries: the invalid one (it was
  // timed, its result is wrong) and the good one; not the skipped or errored.
  EXPECT_EQ(suite.instances[0].google_benchmark_runs.size(), 0u);
  EXPECT_EQ(suite.instances[1].google_benchmark_runs.size(), 0u);
  EXPECT_EQ(suite.instances[2].google_benchmark_runs.size(), 1u);
  EXPECT_EQ(suite.instances[3].google_benchmark_runs.size(), 1u);
  for (const auto& r : suite.instances) {
    for (const auto& run : r.google_benchmark_runs) {
      EXPECT_FALSE(run.value("error_occurred", false));
    }
  }
}

TEST_F(Runner, FailedWithoutInvalidIsFailed) {
  const SuiteResult suite =
      run_instances({instance(Fault::kThrowInIterate, "a"), instance(Fault::kNone, "b")}, {});
  EXPECT_EQ(overall_status(suite), Status::kFailed);
}

// Iterations of alternately 1 ms and 3 ms (device timer).
class AlternatingCase final : public Case {
 public:
  explicit AlternatingCase(Work work) : work_(std::move(work)) {}
  Work work() const override { return work_; }
  double iterate() override { return (++count_ % 2 == 0) ? 3e-3 : 1e-3; }
  Verification verify() override {
    return check_elements(
        out_, [](std::uint64_t) { return 1.0; }, 0, "fake");
  }
  std::span<std::byte> result_bytes() override { return std::as_writable_bytes(std::span(out_)); }

 private:
  Work work_;
  int count_ = 0;
  std::vector<double> out_ = std::vector<double>(4, 1.0);
};

// What the analysis of a one-instance benchmark sees.
SweepPoint analysed_point(MetricKind metric, const Work& work, InstanceResult& result) {
  auto seen = std::make_shared<std::vector<SweepPoint>>();
  Definition d;
  d.id = "test/alternating";
  d.backend = "fake";
  d.metric = metric;
  d.timer = Timer::kDevice;
  d.make_case = [work](const Device&, const Params&) {
    return std::make_unique<AlternatingCase>(work);
  };
  d.analyze = [seen](const Device&, const std::vector<SweepPoint>& points) {
    *seen = points;
    return nlohmann::ordered_json{{"summary", "seen"}};
  };
  const SuiteResult suite = run_instances(
      {Instance{&d, Device{"fake:0", "fake", 0, "fake device", {}, {}}, Params{}, d.id, {}}}, {});
  result = suite.instances.at(0);
  result.instance.definition = nullptr;  // `d` ends here
  EXPECT_EQ(seen->size(), 1u);
  return seen->empty() ? SweepPoint{} : seen->front();
}

TEST_F(Runner, AnalysesSeeTheMetricAtTheMeanIterationTimeBesideTheMedian) {
  Work bytes;
  bytes.bytes = 1e6;
  InstanceResult r;
  const SweepPoint rate = analysed_point(MetricKind::kBandwidth, bytes, r);
  ASSERT_EQ(r.status, Status::kOk) << r.reason;
  const std::vector<double> seconds = r.seconds();
  ASSERT_GE(seconds.size(), 4u);
  double total = 0;
  double mean_of_rates = 0;
  for (double s : seconds) {
    total += s;
    mean_of_rates += 1e6 / s / 1e9 / static_cast<double>(seconds.size());
  }
  const double mean_seconds = total / static_cast<double>(seconds.size());
  // All the work over all the time (OSU's bandwidth), not the mean of the
  // iterations' rates.
  EXPECT_NEAR(rate.at_mean_time, 1e6 / mean_seconds / 1e9, 1e-12);
  EXPECT_GT(mean_of_rates - rate.at_mean_time, 0.1);
  EXPECT_EQ(rate.median, r.statistics->metric.median);

  Work operations;
  operations.operations = 10;
  const SweepPoint latency = analysed_point(MetricKind::kLatency, operations, r);
  ASSERT_EQ(r.status, Status::kOk) << r.reason;
  // For a latency the figure is the mean latency, as the results file's
  // statistics have it.
  EXPECT_NEAR(latency.at_mean_time, r.statistics->metric.mean, 1e-6);
  EXPECT_GT(latency.at_mean_time, 1e5);  // between 100 and 300 us per operation
  EXPECT_LT(latency.at_mean_time, 3e5);
}

}  // namespace
}  // namespace accelbench
