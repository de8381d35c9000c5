// The benchmark API: what a benchmark declares and the one object a backend
// implements per run (Case). See benchmarks/memory/stream for an example.
#pragma once

#include <accelbench/device.h>
#include <accelbench/error.h>
#include <accelbench/params.h>
#include <accelbench/verification.h>
#include <accelbench/work.h>

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

namespace accelbench {

// Who times an iteration: the runner's steady clock around iterate() (real
// time, right for OpenMP), or the device's own timer (events), which iterate()
// returns.
enum class Timer { kHost, kDevice };

enum class Suite { kQuick, kFull };

// One benchmark on one device with one parameter set. The constructor only
// checks the parameters (throwing a usage error for bad values; it also runs
// once when the command line is checked); setup() allocates and initialises
// (untimed); iterate() is the timed body; verify() checks the result after
// the timed iterations.
class Case {
 public:
  virtual ~Case() = default;
  virtual Work work() const = 0;
  virtual void setup() {}
  // Runs one iteration. Returns the device-timer seconds when the benchmark's
  // timer is Timer::kDevice; host-timed cases return 0 (the runner times them).
  virtual double iterate() = 0;
  virtual Verification verify() = 0;
  // The bytes verify() checks (the result buffer). Fault injection and the
  // tests flip bits here to prove that verification catches corruption.
  virtual std::span<std::byte> result_bytes() = 0;
  // Where the work ran (threads, cores, memory binding), for the results file.
  virtual nlohmann::ordered_json placement() const { return nlohmann::ordered_json::object(); }
  // Figures the benchmark measured beyond its metric (a latency matrix, noise
  // per core), read after verify(); for the results file and analyze().
  virtual nlohmann::ordered_json details() const { return nlohmann::ordered_json::object(); }
  // Fault injection (--inject delay, hang) happens per iteration, by default
  // outside a device-timed case's timed region. A case whose timed region the
  // runner cannot bracket (a collective timed across ranks) returns true and
  // calls `disturb` inside its timed region in every iteration.
  virtual bool take_disturbance(std::function<void()> /*disturb*/) { return false; }
};

// One measured instance of a benchmark, as Definition::analyze sees it.
struct SweepPoint {
  Params params;
  double median = 0;               // of the metric over all kept iterations
  nlohmann::ordered_json details;  // Case::details()
  // The metric at the mean iteration time: the work of all kept iterations
  // over their total time, as OSU reports. For a latency it is the mean of
  // the iterations' latencies; for a rate, the rate whose time per
  // operation is the mean one (a mean latency derived from a rate uses it).
  double at_mean_time = 0;
};

// The memory one instance allocates, from its parameters: bytes in its
// device's memory, and bytes of host memory beside them (staging buffers of a
// device with its own memory). On a device whose memory is the host's (cpu,
// mpi) both count against the host. A lower bound is enough: the selection
// refuses an instance that cannot fit before anything is allocated.
struct Footprint {
  double device_bytes = 0;
  double host_bytes = 0;
};
using FootprintFunction = std::function<Footprint(const Params& params)>;

// What a benchmark's headline figure (results: suite.headlines) reads from
// its size sweep (Spec::sweep), per point of its other what-parameters.
enum class SweepHeadline {
  kPeak,           // bandwidth: the best of every size, and the smallest size reaching 90% of it
  kLargest,        // the value at the largest size (memory, not a cache)
  kSmallest,       // latency: the value at the smallest size
  kLevels,         // the largest size, and one value per memory level: the sizes the
                   // benchmark's analysis assigns to each level (its "levels")
  kLargestCommon,  // the largest size, and the best at every size ("sizes"), so
                   // that two devices compare at the largest size both measured
                   // (GEMM: efficiency grows with the matrix)
};

// The what-parameter along which sizes are swept (bytes, a matrix's order), and what the
// headline reads from the sweep. No parameter: a headline is the best
// instance at each point of the what-parameters.
struct Sweep {
  std::string parameter;
  SweepHeadline headline = SweepHeadline::kLargest;
};

// What a benchmark id means on every backend, declared once in the
// benchmark's backend-neutral file (stream.cpp, not stream_cuda.cu) and named
// by each backend's Definition::spec. The registry refuses a definition
// without a spec, one whose id, claim or metric differs from its spec's, two
// specs for one id, a spec whose link does not fit its claim, one whose `how`
// or `sweep` names no parameter of it
// (or sweeps a how-parameter, or headlines a peak of a lower-is-better metric
// or the smallest size of a higher-is-better one), and (when its instances
// are listed) an instance with a parameter the spec does not
// declare. Unit and direction follow the metric.
struct Spec {
  std::string id;  // "group/name", e.g. "memory/stream_triad"
  Claim claim = Claim::kCompute;
  // The link measured: kNone exactly when the claim is not kInterconnect.
  Link link = Link::kNone;
  MetricKind metric = MetricKind::kBandwidth;
  // The practical threshold `accelbench compare` applies (results field
  // "compare_class").
  CompareClass compare_class = CompareClass::kCompute;
  // How Work is counted, in one line (each Case's Work::convention gives the
  // figures of its parameter set).
  std::string convention;
  // The parameter sweep's axes: every parameter an instance may carry, on
  // any backend (each backend picks its points along them).
  std::vector<std::string> parameters;
  // Of `parameters`, those that only say how the work is run (isa, vector
  // width, threads, method, protocol): instances that differ only in them
  // measure the same thing, and a comparison across platforms takes the best
  // of them. The others say what is measured (data type, sizes, direction, pair) and mean
  // the same, in the same units, on every backend, so that two platforms'
  // figures can be set side by side.
  std::vector<std::string> how;
  Sweep sweep;
  // Optional: the memory an instance allocates; empty when it is small.
  FootprintFunction footprint;
};

struct Definition {
  std::string id;       // "group/name", e.g. "memory/stream_triad"
  std::string backend;  // "cpu", "opencl", ...
  Claim claim = Claim::kCompute;
  MetricKind metric = MetricKind::kBandwidth;
  // The benchmark's spec (a function-local static of its neutral file, so
  // that it exists whatever the order of static initialisation).
  const Spec* spec = nullptr;
  Timer timer = Timer::kHost;
  std::string summary;  // one line for `accelbench list`
  // The parameter sets to run on `device` for `suite`.
  std::function<std::vector<Params>(const Device& device, Suite suite)> instances;
  // Throws Error(kUnsupported) when this parameter set cannot run here.
  std::function<std::unique_ptr<Case>(const Device& device, const Params& params)> make_case;
  // Optional: figures derived from all measured instances of this benchmark
  // on one device (cache-level latencies, plateaus, size to 90% of peak).
  // Returns an object with at least a one-line "summary"; it goes to the
  // results file (suite.analyses) and under the console table.
  std::function<nlohmann::ordered_json(const Device& device, const std::vector<SweepPoint>& points)>
      analyze;
};

// Definition::make_case for a benchmark whose Case is built from its
// parameters alone: `.make_case = make_case_from_params<CpuLatency>`.
template <class CaseType>
std::unique_ptr<Case> make_case_from_params(const Device&, const Params& params) {
  return std::make_unique<CaseType>(params);
}

class Registry {
 public:
  static Registry& instance();
  // Throws std::logic_error when (id, backend) is already registered, the
  // id is not of the form "group/name" or the definition disagrees with its
  // spec (see Spec). `file`: the registering source file
  // (__FILE__), kept from the folder under benchmarks/ on as the source.
  void add(Definition definition, std::string_view file = {});
  const std::vector<Definition>& all() const { return definitions_; }
  // The file that registered `definition` (one of all()), from its group
  // folder on: "comm/collectives/collectives_mpi.cpp".
  const std::string& source(const Definition& definition) const;

  // The spec of a registered benchmark id, or nullptr.
  const Spec* spec(const std::string& id) const;
  // The footprint its spec declares, or nullptr: the benchmark allocates little.
  const FootprintFunction* footprint(const std::string& id) const;

 private:
  std::vector<Definition> definitions_;
  std::vector<std::string> sources_;
  std::map<std::string, const Spec*> specs_;
};

}  // namespace accelbench

// Registers benchmark definitions at static-initialisation time, next to the
// code they describe. Benchmarks are linked as object files, so the
// registration is never dropped by the linker.
#define ACCELBENCH_REGISTER(variable, ...)                                     \
  [[maybe_unused]] static const bool variable = [] {                           \
    for (auto& definition : __VA_ARGS__) {                                     \
      ::accelbench::Registry::instance().add(std::move(definition), __FILE__); \
    }                                                                          \
    return true;                                                               \
  }()
