// Pointer chase on the CPU: one thread, pinned to the first core, chasing
// real pointers (not indices, whose address arithmetic would add a cycle to
// every L1 hit). Timed with the host clock.
#include <fstream>

#include "cpu/cpu_backend.h"
#include "latency.h"

namespace accelbench::latency {
namespace {

struct alignas(kLineBytes) Node {
  Node* next;
};
static_assert(sizeof(Node) == kLineBytes);

std::string transparent_huge_pages() {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string mode;
  std::getline(in, mode);
  return mode.empty() ? "not exposed" : mode;
}

class CpuLatency final : public Case {
 public:
  explicit CpuLatency(const Params& params) : n_(nodes(params)) {}

  Work work() const override { return latency::work(); }

  void setup() override {
    placement_ = cpu::pin_current_thread(0);
    placement_["transparent_huge_pages"] = transparent_huge_pages();
    placement_["page_note"] = "no madvise(MADV_HUGEPAGE): pages as the system gives them";
    order_ = random_cycle(n_, kSeed);
    nodes_ = cpu::allocate_buffer<Node>(n_);
    Node* base = nodes_.get();
    for (std::size_t k = 0; k < n_; ++k) {
      base[order_[k]].next = &base[order_[(k + 1) % n_]];
    }
    position_ = &base[order_[0]];
    loads_ = 0;
  }

  double iterate() override {
    const Node* p = position_;
    for (std::int64_t i = 0; i < kLoadsPerIteration; ++i) p = p->next;
    position_ = const_cast<Node*>(p);
    loads_ += kLoadsPerIteration;
    return 0;
  }

  // The chase must stand where the cycle order says after `loads_` loads,
  // and the ring must still be one cycle through every node.
  Verification verify() override {
    const Node* base = nodes_.get();
    const auto expected = static_cast<double>(expected_node(order_, loads_));
    const auto actual = static_cast<double>(position_ - base);
    Verification v =
        check_scalar(actual, expected, 0,
                     "final node of the chase vs the cycle order; ring walked once: one cycle "
                     "through every node");
    std::size_t steps = 0;
    const Node* start = &base[order_[0]];
    const Node* p = start;
    do {
      p = p->next;
      ++steps;
    } while (p != start && steps <= n_ && p >= base && p < base + n_);
    if (steps != n_ || p != start) {
      ++v.mismatches;
      v.outcome = Verification::Outcome::kFailed;
      v.note = "the ring is broken: returned after " + std::to_string(steps) + " of " +
               std::to_string(n_) + " nodes";
    }
    v.elements_checked = n_;
    v.bytes_checked = n_ * sizeof(Node*);
    return v;
  }

  std::span<std::byte> result_bytes() override {
    return std::as_writable_bytes(std::span(&position_, 1));
  }

  nlohmann::ordered_json placement() const override { return placement_; }

 private:
  std::size_t n_;
  std::vector<std::uint32_t> order_;
  std::unique_ptr<Node[], cpu::FreeDeleter> nodes_;
  Node* position_ = nullptr;
  std::uint64_t loads_ = 0;
  nlohmann::ordered_json placement_;
};

std::vector<CacheLevel> data_cache_levels() {
  std::vector<CacheLevel> levels;
  for (const auto& cache : cpu::data_caches()) levels.push_back({cache.name, cache.bytes});
  return levels;
}

std::vector<Definition> definitions() {
  Definition d;
  d.id = "memory/latency";
  d.backend = "cpu";
  d.claim = Claim::kInterconnect;
  d.metric = MetricKind::kLatency;
  d.timer = Timer::kHost;
  d.summary = "load-to-use latency by random pointer chase, 4 KiB to 4 x LLC, matched to caches";
  d.instances = [](const Device&, Suite suite) {
    return sweep(cpu::last_level_cache_bytes(), suite);
  };
  d.make_case = [](const Device&, const Params& params) -> std::unique_ptr<Case> {
    return std::make_unique<CpuLatency>(params);
  };
  d.analyze = [](const Device&, const std::vector<SweepPoint>& points) {
    return match_levels(points, data_cache_levels());
  };
  return {d};
}

ACCELBENCH_REGISTER(kCpuLatency, definitions());

}  // namespace
}  // namespace accelbench::latency
