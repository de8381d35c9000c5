#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "telemetry_sampler.h"

namespace accelbench {
namespace {

// A provider whose reading counts its own samples: 1, 2, 3, ...
class CountingProvider final : public TelemetryProvider {
 public:
  std::string name() const override { return "test"; }
  std::map<std::string, double> sample() override { return {{"count", ++count_}}; }

 private:
  double count_ = 0;
};

ACCELBENCH_REGISTER_TELEMETRY(kCountingProvider, [] {
  return std::unique_ptr<TelemetryProvider>(std::make_unique<CountingProvider>());
});

// A provider that, once armed, takes 300 ms over one sample and says so while
// it does (a driver call holding its lock, say).
std::atomic<bool> g_slow_sample_armed{false};
std::atomic<bool> g_in_slow_sample{false};

class SlowProvider final : public TelemetryProvider {
 public:
  std::string name() const override { return "slow"; }
  std::map<std::string, double> sample() override {
    if (g_slow_sample_armed.exchange(false)) {
      g_in_slow_sample = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      g_in_slow_sample = false;
    }
    return {};
  }
};

ACCELBENCH_REGISTER_TELEMETRY(kSlowProvider, [] {
  return std::unique_ptr<TelemetryProvider>(std::make_unique<SlowProvider>());
});

TEST(TelemetrySampler, AForkWaitsForTheSampleInProgress) {
  TelemetrySampler sampler(3600);  // its background thread samples once, at start
  g_slow_sample_armed = true;
  std::thread sampling([&sampler] { sampler.sample_now(); });  // the slow one
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!g_in_slow_sample && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  ASSERT_TRUE(g_in_slow_sample) << "the slow sample did not start";
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) _exit(g_in_slow_sample ? 1 : 0);  // the state the child inherited
  sampling.join();
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the child was forked in the middle of a sample";
}

TEST(TelemetrySampler, MinMaxBeforeAndAfterOverAWindowOfSamples) {
  TelemetrySampler sampler(3600);  // the background thread samples once, at start
  // Wait for that sample, so that it cannot land inside the window.
  while (sampler.series().empty()) std::this_thread::yield();
  const std::size_t first = sampler.sample_now();
  sampler.sample_now();
  const std::size_t last = sampler.sample_now();
  const auto window = sampler.window(first, last);
  EXPECT_EQ(window["samples"], 3);
  const auto& count = window["readings"]["test.count"];
  EXPECT_EQ(count["max"].get<double>() - count["min"].get<double>(), 2);
  EXPECT_EQ(count["after"].get<double>() - count["before"].get<double>(), 2);
  EXPECT_EQ(count["before"], count["min"]);
}

TEST(TelemetrySampler, SamplesInTheBackgroundAndStatesItsOverhead) {
  TelemetrySampler sampler(0.02);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto series = sampler.series();
  EXPECT_GE(series.size(), 3u);
  for (std::size_t i = 1; i < series.size(); ++i) EXPECT_GE(series[i].t_s, series[i - 1].t_s);
  const auto description = sampler.describe();
  EXPECT_GE(description["overhead_fraction_of_one_core"].get<double>(), 0);
  EXPECT_LT(description["overhead_fraction_of_one_core"].get<double>(), 0.5);
  EXPECT_NE(std::find(description["providers"].begin(), description["providers"].end(), "host"),
            description["providers"].end());
}

TEST(HostTelemetry, ReadsTheLoadAverage) {
  TelemetrySampler sampler(3600);
  const std::size_t i = sampler.sample_now();
  EXPECT_TRUE(sampler.window(i, i)["readings"].contains("host.load1"));
}

}  // namespace
}  // namespace accelbench
