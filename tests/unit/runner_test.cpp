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

}  // namespace
}  // namespace accelbench
