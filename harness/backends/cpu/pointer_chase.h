// A pointer chase through one random cycle over the cache lines of a buffer:
// the load-to-use latency engine of memory/latency and interconnect/numa.
// Real pointers, not indices (an index adds an address computation to every
// load, about 20% of an L1 hit).
#pragma once

#include <accelbench/benchmark.h>
#include <accelbench/verification.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace accelbench::cpu {

class PointerChase {
 public:
  static constexpr std::size_t kLineBytes = 64;

  // Links one node per 64-byte line of `memory` (64-byte aligned, at least
  // order.size() lines, owned by the caller) in the order of `order`, which
  // must be one cycle (accelbench::random_cycle).
  PointerChase(void* memory, std::vector<std::uint32_t> order);

  // `loads` dependent loads from where the last chase stopped.
  void chase(std::int64_t loads);

  // The chase must stand on the node the cycle order predicts after all
  // loads made, and the ring must still be one cycle through every node.
  Verification verify() const;

  // The current position: what verify() checks.
  std::span<std::byte> position_bytes();

 private:
  struct alignas(kLineBytes) Node {
    Node* next;
  };
  static_assert(sizeof(Node) == kLineBytes);

  Node* base_;
  std::vector<std::uint32_t> order_;
  Node* position_;
  std::uint64_t loads_ = 0;
};

// A Case timing a pointer chase through memory its subclass provides:
// setup() allocates, pins, and calls start_chase(); the rest is shared.
class PointerChaseCase : public Case {
 public:
  static constexpr std::int64_t kLoadsPerIteration = 1 << 16;

  Work work() const override;
  double iterate() override;
  Verification verify() override { return chase_->verify(); }
  std::span<std::byte> result_bytes() override { return chase_->position_bytes(); }
  nlohmann::ordered_json placement() const override { return placement_; }

 protected:
  // `memory`: at least `lines` 64-byte lines, 64-byte aligned, owned by the
  // subclass; the chase follows random_cycle(lines, seed).
  void start_chase(void* memory, std::size_t lines, std::uint64_t seed);
  // The same in the order of `order`, one cycle through as many lines.
  void start_chase(void* memory, std::vector<std::uint32_t> order);
  nlohmann::ordered_json placement_;

 private:
  std::optional<PointerChase> chase_;
};

}  // namespace accelbench::cpu
