// FWQ on the CPU: one OpenMP thread per core, pinned with hwloc, all cores
// at once (as a parallel application would run), each timing its own quanta
// with the steady clock.
#include <omp.h>

#include <chrono>

#include "cpu/cpu_backend.h"
#include "os_noise.h"

namespace accelbench::os_noise {
namespace {

class CpuOsNoise final : public Case {
 public:
  explicit CpuOsNoise(const Params& params) : threads_(threads(params)) {}

  Work work() const override {
    Work w;
    w.operations = kQuantaPerIteration;
    w.convention = "one quantum = " + std::to_string(kStepsPerQuantum) +
                   " dependent 64-bit LCG steps; every thread runs " +
                   std::to_string(kQuantaPerIteration) + " quanta per iteration";
    return w;
  }

  void setup() override {
    placement_ = cpu::pin_openmp_threads(threads_);
    state_.assign(static_cast<std::size_t>(threads_), 0);
    for (int t = 0; t < threads_; ++t) state_[static_cast<std::size_t>(t)] = seed(t);
    samples_.assign(static_cast<std::size_t>(threads_), {});
    for (auto& s : samples_) s.reserve(kMaxSamplesPerThread);
    steps_ = 0;
  }

  double iterate() override {
#pragma omp parallel num_threads(threads_)
    {
      const auto t = static_cast<std::size_t>(omp_get_thread_num());
      std::uint64_t x = state_[t];
      auto& samples = samples_[t];
      for (std::int64_t q = 0; q < kQuantaPerIteration; ++q) {
        const auto start = std::chrono::steady_clock::now();
        for (std::int64_t i = 0; i < kStepsPerQuantum; ++i) x = lcg(x);
        asm volatile("" : "+r"(x));  // the chain is real work, every quantum
        const auto stop = std::chrono::steady_clock::now();
        if (samples.size() < kMaxSamplesPerThread) {
          samples.push_back(std::chrono::duration<double, std::nano>(stop - start).count());
        }
      }
      state_[t] = x;
    }
    steps_ += static_cast<std::uint64_t>(kQuantaPerIteration * kStepsPerQuantum);
    return 0;
  }

  // Every thread's LCG state must be where `steps_` steps from its seed lead.
  Verification verify() override {
    Verification v;
    v.method = "each thread's 64-bit LCG state vs the jump-ahead of its seed by all steps taken";
    v.elements_checked = state_.size();
    v.bytes_checked = state_.size() * sizeof(std::uint64_t);
    for (std::size_t t = 0; t < state_.size(); ++t) {
      const std::uint64_t expected = lcg_jump(seed(static_cast<int>(t)), steps_);
      if (state_[t] == expected) continue;
      ++v.mismatches;
      v.first_mismatches.push_back(
          {t, static_cast<double>(expected), static_cast<double>(state_[t])});
    }
    v.outcome = v.mismatches == 0 ? Verification::Outcome::kPassed : Verification::Outcome::kFailed;
    return v;
  }

  std::span<std::byte> result_bytes() override { return std::as_writable_bytes(std::span(state_)); }

  nlohmann::ordered_json placement() const override { return placement_; }

  nlohmann::ordered_json details() const override {
    nlohmann::ordered_json cores = nlohmann::ordered_json::array();
    for (std::size_t t = 0; t < samples_.size(); ++t) {
      if (samples_[t].empty()) continue;
      const CoreNoise n = summarize_core(samples_[t]);
      cores.push_back({{"thread", t},
                       {"pu", placement_["thread_pus"][t]},
                       {"quanta", n.quanta},
                       {"min_ns", n.min_ns},
                       {"median_ns", n.median_ns},
                       {"max_ns", n.max_ns},
                       {"noise_fraction", n.noise_fraction},
                       {"max_detour_ns", n.max_detour_ns},
                       {"quanta_over_110_percent_of_min", n.slow_quanta}});
    }
    return {{"cores", cores},
            {"note", "quanta of all iterations, warm-up included; at most " +
                         std::to_string(kMaxSamplesPerThread) + " per thread"}};
  }

 private:
  int threads_;
  std::vector<std::uint64_t> state_;
  std::vector<std::vector<double>> samples_;
  std::uint64_t steps_ = 0;
  nlohmann::ordered_json placement_;
};

ACCELBENCH_REGISTER(
    kCpuOsNoise,
    std::vector<Definition>{{
        .id = "stability/os_noise",
        .backend = "cpu",
        .claim = Claim::kStability,
        .metric = MetricKind::kLatency,
        .spec = &spec(),
        .timer = Timer::kHost,
        .summary =
            "host jitter by fixed work quantum on every pinned core: noise fraction, detours",
        .instances =
            [](const Device&, Suite) {
              Params p;
              p.set("threads", cpu::core_count());
              return std::vector<Params>{p};
            },
        .make_case = make_case_from_params<CpuOsNoise>,
        .analyze = [](const Device&,
                      const std::vector<SweepPoint>& points) { return analyze(points); },
    }});

}  // namespace
}  // namespace accelbench::os_noise
