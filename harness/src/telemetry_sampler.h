// The telemetry sampler: a background thread that reads every registered
// provider at a fixed interval (and on demand at the start and end of each
// benchmark), keeps the series, and measures its own cost.
//
// fork() (isolated benchmarks, soak workers, enumeration children) waits for
// a sample in progress to finish: a child that inherited a lock the sampler
// held mid-sample (the allocator's, a driver library's) would deadlock on it.
#pragma once

#include <accelbench/telemetry.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

namespace accelbench {

struct TelemetrySample {
  double t_s = 0;                        // since the sampler started
  std::map<std::string, double> values;  // "provider.reading" -> value
};

class TelemetrySampler {
 public:
  explicit TelemetrySampler(double interval_s);
  ~TelemetrySampler();
  TelemetrySampler(const TelemetrySampler&) = delete;
  TelemetrySampler& operator=(const TelemetrySampler&) = delete;

  // Takes a sample now; returns its index.
  std::size_t sample_now();
  // Every reading over samples [from, to]: its min and max, and its value at
  // the first and last sample that has it ("before", "after": after - before
  // is a counter's change, e.g. ECC errors or PCIe replays during a run).
  // {"samples", "readings": {name: {"min", "max", "before", "after"}}}.
  nlohmann::ordered_json window(std::size_t from, std::size_t to) const;
  std::vector<TelemetrySample> series() const;
  // When the sampler started: t_s = 0 of its series.
  std::chrono::steady_clock::time_point start() const { return start_; }
  // Providers, interval, samples taken and the sampler's own CPU time as a
  // share of wall time (its overhead).
  nlohmann::ordered_json describe() const;

 private:
  void loop();
  std::size_t take_sample();  // requires mutex_
  // pthread_atfork handlers: hold every live sampler's mutex across fork().
  static void hold_samplers_for_fork();
  static void release_samplers_after_fork();

  double interval_s_;
  std::vector<std::unique_ptr<TelemetryProvider>> providers_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool running_ = false;  // the thread is in its loop
  std::vector<TelemetrySample> samples_;
  double sampling_cpu_s_ = 0;  // CPU time spent reading providers
  std::chrono::steady_clock::time_point start_;
  std::thread thread_;
};

}  // namespace accelbench
