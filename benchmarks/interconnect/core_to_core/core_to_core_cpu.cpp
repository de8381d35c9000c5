// Ping-pong on the CPU: for each pair, two std::threads pinned to the two
// cores with hwloc. Only the round trips are timed, by the initiating thread
// (the thread start-up is not), so the case reports its own time
// (Timer::kDevice: the runner uses it as Google Benchmark's manual time).
#include <atomic>
#include <chrono>
#include <thread>

#include "core_to_core.h"
#include "cpu/cpu_backend.h"

namespace accelbench::core_to_core {
namespace {

struct alignas(64) Line {
  std::atomic<std::uint64_t> value{0};
};

// Returns the seconds of kRoundTrips round trips between cores a and b and
// the flag's final value (2 × kRoundTrips when no update was lost).
std::pair<double, std::uint64_t> ping_pong(const Pair& pair) {
  Line flag;
  Line ready;
  double seconds = 0;
  std::thread responder([&] {
    cpu::pin_current_thread(pair.b);
    ready.value.store(1, std::memory_order_release);
    for (std::uint64_t k = 0; k < kRoundTrips; ++k) {
      while (flag.value.load(std::memory_order_acquire) != 2 * k + 1) {
      }
      flag.value.store(2 * k + 2, std::memory_order_release);
    }
  });
  std::thread initiator([&] {
    cpu::pin_current_thread(pair.a);
    while (ready.value.load(std::memory_order_acquire) == 0) {
    }
    const auto start = std::chrono::steady_clock::now();
    for (std::uint64_t k = 0; k < kRoundTrips; ++k) {
      flag.value.store(2 * k + 1, std::memory_order_release);
      while (flag.value.load(std::memory_order_acquire) != 2 * k + 2) {
      }
    }
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  });
  initiator.join();
  responder.join();
  return {seconds, flag.value.load()};
}

class CpuCoreToCore final : public Case {
 public:
  explicit CpuCoreToCore(const Params& params) : cores_(cores(params)) {}

  Work work() const override {
    Work w;
    w.operations = static_cast<double>(all_pairs(cores_).size()) * 2 * kRoundTrips;
    w.convention = "one-way trips: 2 per round trip, " + std::to_string(kRoundTrips) +
                   " round trips per pair per iteration, every pair of cores";
    return w;
  }

  void setup() override {
    if (cores_ < 2) throw unsupported("one core: there is no pair of cores to measure");
    if (cores_ > cpu::core_count()) {
      throw unsupported("cores=" + std::to_string(cores_) + " but hwloc reports " +
                        std::to_string(cpu::core_count()));
    }
    for (const Pair& p : all_pairs(cores_)) {
      results_.push_back({p, cpu::core_sharing(p.a, p.b), {}});
    }
    final_flags_.assign(results_.size(), 0);
  }

  double iterate() override {
    double total = 0;
    for (std::size_t i = 0; i < results_.size(); ++i) {
      const auto [seconds, final_flag] = ping_pong(results_[i].pair);
      results_[i].one_way_ns.push_back(seconds * 1e9 / (2.0 * kRoundTrips));
      final_flags_[i] = final_flag;
      total += seconds;
    }
    return total;
  }

  // Every pair's flag must end at 2 × round trips: no lost or doubled update.
  Verification verify() override {
    return check_elements(
        final_flags_, [](std::uint64_t) { return 2.0 * kRoundTrips; }, 0,
        "every pair's flag at 2 x round trips after the last iteration");
  }

  std::span<std::byte> result_bytes() override {
    return std::as_writable_bytes(std::span(final_flags_));
  }

  nlohmann::ordered_json placement() const override {
    return {{"threads", 2}, {"binding", "hwloc: one thread on each core of the pair"}};
  }

  nlohmann::ordered_json details() const override {
    return core_to_core::details(cores_, results_);
  }

 private:
  int cores_;
  std::vector<PairResult> results_;
  std::vector<double> final_flags_;
};

ACCELBENCH_REGISTER(
    kCpuCoreToCore,
    std::vector<Definition>{{
        .id = "interconnect/core_to_core",
        .backend = "cpu",
        .claim = Claim::kInterconnect,
        .metric = MetricKind::kLatency,
        .spec = &spec(),
        .timer = Timer::kDevice,
        .summary = "cache-line ping-pong latency between every pair of cores, grouped by sharing",
        .instances =
            [](const Device&, Suite) {
              Params p;
              p.set("cores", cpu::core_count());
              return std::vector<Params>{p};
            },
        .make_case = make_case_from_params<CpuCoreToCore>,
        .analyze = [](const Device&,
                      const std::vector<SweepPoint>& points) { return analyze(points); },
    }});

}  // namespace
}  // namespace accelbench::core_to_core
