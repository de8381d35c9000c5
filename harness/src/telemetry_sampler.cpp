#include "telemetry_sampler.h"

#include <pthread.h>
#include <time.h>

#include <algorithm>
#include <limits>
#include <set>

namespace accelbench {
namespace {

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// The samplers whose thread runs, for the fork handlers. Lock order: this
// mutex, then each sampler's.
std::mutex g_live_mutex;
std::set<TelemetrySampler*> g_live;

}  // namespace

void TelemetrySampler::hold_samplers_for_fork() {
  g_live_mutex.lock();
  for (TelemetrySampler* sampler : g_live) sampler->mutex_.lock();
}

void TelemetrySampler::release_samplers_after_fork() {
  for (TelemetrySampler* sampler : g_live) sampler->mutex_.unlock();
  g_live_mutex.unlock();
}

TelemetryRegistry& TelemetryRegistry::instance() {
  static TelemetryRegistry registry;
  return registry;
}

TelemetrySampler::TelemetrySampler(double interval_s)
    : interval_s_(interval_s), start_(std::chrono::steady_clock::now()) {
  for (const auto& factory : TelemetryRegistry::instance().factories()) {
    if (auto provider = factory()) providers_.push_back(std::move(provider));
  }
  static std::once_flag fork_handlers;
  std::call_once(fork_handlers, [] {
    pthread_atfork(hold_samplers_for_fork, release_samplers_after_fork,
                   release_samplers_after_fork);
  });
  thread_ = std::thread([this] { loop(); });
  // Until its loop runs, the new thread is in its start-up (the C library's
  // and a sanitizer's allocations), which the fork handlers cannot see.
  {
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [this] { return running_; });
  }
  std::lock_guard live(g_live_mutex);
  g_live.insert(this);
}

TelemetrySampler::~TelemetrySampler() {
  {
    std::lock_guard live(g_live_mutex);
    g_live.erase(this);
  }
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void TelemetrySampler::loop() {
  std::unique_lock lock(mutex_);
  running_ = true;
  wake_.notify_all();
  while (!stop_) {
    take_sample();
    wake_.wait_for(lock, std::chrono::duration<double>(interval_s_), [this] { return stop_; });
  }
}

std::size_t TelemetrySampler::take_sample() {
  const double cpu_before = thread_cpu_seconds();
  TelemetrySample sample;
  sample.t_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  for (const auto& provider : providers_) {
    for (const auto& [reading, value] : provider->sample()) {
      sample.values[provider->name() + "." + reading] = value;
    }
  }
  samples_.push_back(std::move(sample));
  sampling_cpu_s_ += thread_cpu_seconds() - cpu_before;
  return samples_.size() - 1;
}

std::size_t TelemetrySampler::sample_now() {
  std::lock_guard lock(mutex_);
  return take_sample();
}

nlohmann::ordered_json TelemetrySampler::window(std::size_t from, std::size_t to) const {
  std::lock_guard lock(mutex_);
  struct Reading {
    double min, max, before, after;
  };
  std::map<std::string, Reading> readings;
  std::size_t count = 0;
  for (std::size_t i = from; i <= to && i < samples_.size(); ++i, ++count) {
    for (const auto& [name, value] : samples_[i].values) {
      auto [it, fresh] = readings.try_emplace(name, Reading{value, value, value, value});
      it->second.min = std::min(it->second.min, value);
      it->second.max = std::max(it->second.max, value);
      it->second.after = value;
    }
  }
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [name, r] : readings) {
    out[name] = {{"min", r.min}, {"max", r.max}, {"before", r.before}, {"after", r.after}};
  }
  return {{"samples", count}, {"readings", out}};
}

std::vector<TelemetrySample> TelemetrySampler::series() const {
  std::lock_guard lock(mutex_);
  return samples_;
}

nlohmann::ordered_json TelemetrySampler::describe() const {
  std::lock_guard lock(mutex_);
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  nlohmann::ordered_json names = nlohmann::ordered_json::array();
  for (const auto& provider : providers_) names.push_back(provider->name());
  return {{"providers", names},
          {"interval_s", interval_s_},
          {"samples", samples_.size()},
          {"sampler_cpu_s", sampling_cpu_s_},
          {"wall_s", wall},
          {"overhead_fraction_of_one_core", wall > 0 ? sampling_cpu_s_ / wall : 0.0},
          {"overhead_note",
           "CPU time of the sampler thread while reading providers, over wall "
           "time: the share of one core it took from the benchmarks"}};
}

}  // namespace accelbench
