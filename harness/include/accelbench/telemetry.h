// Telemetry providers: what a backend can read about its devices while
// benchmarks run (the CPU backend: load, steal time, clocks and temperatures
// where the system exposes them; the CUDA backend: NVML clocks, power,
// temperature, throttle reasons, error counters). A background sampler reads
// every registered provider; each run keeps the min/max it saw.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace accelbench {

class TelemetryProvider {
 public:
  virtual ~TelemetryProvider() = default;
  virtual std::string name() const = 0;  // prefix of its readings: "host", "nvml"
  // One reading of everything available now: name -> value. Readings the
  // system does not expose are left out, never invented.
  virtual std::map<std::string, double> sample() = 0;
};

using TelemetryFactory = std::function<std::unique_ptr<TelemetryProvider>()>;

class TelemetryRegistry {
 public:
  static TelemetryRegistry& instance();
  void add(TelemetryFactory factory) { factories_.push_back(std::move(factory)); }
  const std::vector<TelemetryFactory>& factories() const { return factories_; }

 private:
  std::vector<TelemetryFactory> factories_;
};

}  // namespace accelbench

#define ACCELBENCH_REGISTER_TELEMETRY(variable, ...)              \
  [[maybe_unused]] static const bool variable = [] {              \
    ::accelbench::TelemetryRegistry::instance().add(__VA_ARGS__); \
    return true;                                                  \
  }()
