#include "pointer_chase.h"

#include <accelbench/random_data.h>

#include <string>
#include <utility>

namespace accelbench::cpu {

PointerChase::PointerChase(void* memory, std::vector<std::uint32_t> order)
    : base_(static_cast<Node*>(memory)), order_(std::move(order)) {
  const std::size_t n = order_.size();
  for (std::size_t k = 0; k < n; ++k) base_[order_[k]].next = &base_[order_[(k + 1) % n]];
  position_ = &base_[order_[0]];
}

void PointerChase::chase(std::int64_t loads) {
  const Node* p = position_;
  for (std::int64_t i = 0; i < loads; ++i) p = p->next;
  position_ = const_cast<Node*>(p);
  loads_ += static_cast<std::uint64_t>(loads);
}

Verification PointerChase::verify() const {
  const std::size_t n = order_.size();
  const auto expected = static_cast<double>(order_[loads_ % n]);
  const auto actual = static_cast<double>(position_ - base_);
  Verification v = check_scalar(
      actual, expected, 0,
      "final node of the chase vs the cycle order; ring walked once: one cycle through every "
      "node");
  std::size_t steps = 0;
  const Node* start = &base_[order_[0]];
  const Node* p = start;
  do {
    p = p->next;
    ++steps;
  } while (p != start && steps <= n && p >= base_ && p < base_ + n);
  if (steps != n || p != start) {
    ++v.mismatches;
    v.outcome = Verification::Outcome::kFailed;
    v.note = "the ring is broken: returned after " + std::to_string(steps) + " of " +
             std::to_string(n) + " nodes";
  }
  v.elements_checked = n;
  v.bytes_checked = n * sizeof(Node*);
  return v;
}

std::span<std::byte> PointerChase::position_bytes() {
  return std::as_writable_bytes(std::span(&position_, 1));
}

Work PointerChaseCase::work() const {
  Work w;
  w.operations = kLoadsPerIteration;
  w.convention =
      "one dependent 8-byte load per node (one 64-byte cache line per node, a random "
      "cycle), " +
      std::to_string(kLoadsPerIteration) + " loads per iteration";
  return w;
}

double PointerChaseCase::iterate() {
  chase_->chase(kLoadsPerIteration);
  return 0;
}

void PointerChaseCase::start_chase(void* memory, std::size_t lines, std::uint64_t seed) {
  start_chase(memory, random_cycle(lines, seed));
}

void PointerChaseCase::start_chase(void* memory, std::vector<std::uint32_t> order) {
  chase_.emplace(memory, std::move(order));
}

}  // namespace accelbench::cpu
