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

// 128 bytes apart, not 64: some processors' spatial prefetchers fetch lines in
// pairs, which would tie two_lines' two lines (and the ready flag) together.
struct alignas(128) Line {
  std::atomic<std::uint64_t> value{0};
};

// Spins until `line` holds `value`.
void wait_for(const Line& line, std::uint64_t value) {
  while (line.value.load(std::memory_order_acquire) != value) {
  }
}

// Spins on a compare-and-swap of `line` from `from` to `to` until it succeeds.
void swap_when(Line& line, std::uint64_t from, std::uint64_t to) {
  std::uint64_t expected = from;
  while (!line.value.compare_exchange_weak(expected, to, std::memory_order_acq_rel,
                                           std::memory_order_relaxed)) {
    expected = from;
  }
}

// The two sides of kRoundTrips round trips (core_to_core.h has the protocols).
// Line a is the shared line of one_line and cas, core a's own line in two_lines.
void initiate(Protocol protocol, Line& a, Line& b) {
  for (std::uint64_t k = 0; k < kRoundTrips; ++k) {
    switch (protocol) {
      case Protocol::kTwoLines:
        a.value.store(2 * k + 1, std::memory_order_release);
        wait_for(b, 2 * k + 2);
        break;
      case Protocol::kOneLine:
        a.value.store(2 * k + 1, std::memory_order_release);
        wait_for(a, 2 * k + 2);
        break;
      case Protocol::kCas:
        swap_when(a, 2 * k, 2 * k + 1);
        break;
    }
  }
  // The last round trip ends when the responder's last swap is seen.
  if (protocol == Protocol::kCas) wait_for(a, 2 * kRoundTrips);
}

void respond(Protocol protocol, Line& a, Line& b) {
  for (std::uint64_t k = 0; k < kRoundTrips; ++k) {
    switch (protocol) {
      case Protocol::kTwoLines:
        wait_for(a, 2 * k + 1);
        b.value.store(2 * k + 2, std::memory_order_release);
        break;
      case Protocol::kOneLine:
        wait_for(a, 2 * k + 1);
        a.value.store(2 * k + 2, std::memory_order_release);
        break;
      case Protocol::kCas:
        swap_when(a, 2 * k + 1, 2 * k + 2);
        break;
    }
  }
}

struct Exchange {
  double seconds = 0;                // of the kRoundTrips round trips
  std::vector<std::uint64_t> lines;  // the lines' final values (final_line_values)
};

// kRoundTrips round trips between cores a and b, timed by the initiator.
Exchange ping_pong(Protocol protocol, const Pair& pair) {
  Line a;
  Line b;
  Line ready;
  double seconds = 0;
  std::thread responder([&] {
    cpu::pin_current_thread(pair.b);
    ready.value.store(1, std::memory_order_release);
    respond(protocol, a, b);
  });
  std::thread initiator([&] {
    cpu::pin_current_thread(pair.a);
    wait_for(ready, 1);
    const auto start = std::chrono::steady_clock::now();
    initiate(protocol, a, b);
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  });
  initiator.join();
  responder.join();
  Exchange out{seconds, {a.value.load()}};
  if (protocol == Protocol::kTwoLines) out.lines.push_back(b.value.load());
  return out;
}

class CpuCoreToCore final : public Case {
 public:
  explicit CpuCoreToCore(const Params& params)
      : cores_(cores(params)), protocol_(protocol(params)) {}

  Work work() const override {
    Work w;
    w.operations = static_cast<double>(all_pairs(cores_).size()) * 2 * kRoundTrips;
    w.convention = "one-way trips: 2 per round trip, " + std::to_string(kRoundTrips) +
                   " round trips per pair per iteration, every pair of cores; protocol " +
                   std::string(protocol_name(protocol_)) + " (" +
                   std::string(protocol_description(protocol_)) + ")";
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
    final_lines_.assign(results_.size() * expected_lines_.size(), 0);
  }

  double iterate() override {
    double total = 0;
    for (std::size_t i = 0; i < results_.size(); ++i) {
      const Exchange exchange = ping_pong(protocol_, results_[i].pair);
      results_[i].one_way_ns.push_back(exchange.seconds * 1e9 / (2.0 * kRoundTrips));
      for (std::size_t j = 0; j < expected_lines_.size(); ++j) {
        final_lines_[i * expected_lines_.size() + j] = static_cast<double>(exchange.lines[j]);
      }
      total += exchange.seconds;
    }
    return total;
  }

  // Every wait was for the exact value of its round trip; after the last
  // iteration every pair's lines must hold the last round trip's values.
  Verification verify() override {
    const std::vector<std::uint64_t>& expected = expected_lines_;
    return check_elements(
        final_lines_,
        [&expected](std::uint64_t i) { return static_cast<double>(expected[i % expected.size()]); },
        0,
        "each wait for its round trip's exact value; every pair's lines at the last round "
        "trip's values (" +
            std::string(protocol_name(protocol_)) + ") after the last iteration");
  }

  std::span<std::byte> result_bytes() override {
    return std::as_writable_bytes(std::span(final_lines_));
  }

  nlohmann::ordered_json placement() const override {
    return {{"threads", 2}, {"binding", "hwloc: one thread on each core of the pair"}};
  }

  nlohmann::ordered_json details() const override {
    return core_to_core::details(protocol_, cores_, results_);
  }

 private:
  int cores_;
  Protocol protocol_;
  std::vector<std::uint64_t> expected_lines_ = final_line_values(protocol_, kRoundTrips);
  std::vector<PairResult> results_;
  std::vector<double> final_lines_;
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
        .summary = "cache-line ping-pong latency between every pair of cores, grouped by sharing "
                   "(protocols two_lines, one_line, cas)",
        .instances = [](const Device&, Suite suite) { return instances(cpu::core_count(), suite); },
        .make_case = make_case_from_params<CpuCoreToCore>,
        .analyze = [](const Device&,
                      const std::vector<SweepPoint>& points) { return analyze(points); },
    }});

}  // namespace
}  // namespace accelbench::core_to_core
