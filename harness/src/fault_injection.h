// Fault injection: positive controls for the detectors, off by default.
// A detector that was never shown to catch its fault is not trusted.
//
//   bitflip:RATE   after the timed iterations, flip one significant bit of
//                  the result buffer with probability RATE (0 < RATE <= 1)
//   delay:MS:EVERY stall MS milliseconds in every EVERY-th timed iteration
//   hang           never return from the first iteration (needs --isolate)
//   crash          SIGSEGV in the first iteration (needs --isolate)
//
// Each may end in @REGEX (RE2 syntax, see name_pattern.h) to hit only the
// benchmarks whose name matches; under MPI, --inject-rank N hits rank N only.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "name_pattern.h"

namespace accelbench {

struct Injection {
  enum class Kind { kNone, kBitflip, kDelay, kHang, kCrash };
  Kind kind = Kind::kNone;
  double rate = 0;                    // bitflip
  int delay_ms = 0;                   // delay
  int every = 1;                      // delay
  std::string text;                   // as given, for the results file
  std::optional<NamePattern> target;  // @REGEX
  std::optional<int> rank;            // only on this rank of an MPI job (--inject-rank)

  bool applies_to(const std::string& name) const;
  // bitflip: whether the draw for `seed` falls under the rate.
  bool draws_flip(std::uint64_t seed) const;
  bool needs_isolation() const { return kind == Kind::kHang || kind == Kind::kCrash; }
};

// Throws a usage error for text that is not one of the forms above.
Injection parse_injection(const std::string& text);

// The faults that go into a timed iteration: delay (every EVERY-th), hang,
// crash; nothing for the others.
void disturb_iteration(const Injection& injection, std::int64_t iteration);

// Flips bit 6 of the most significant byte of one 8-byte word of `bytes`
// (the exponent's top bits of a double, bit 62 of an integer), chosen from
// `seed`. Returns the byte offset of the word. Throws std::invalid_argument
// on fewer than 8 bytes.
std::size_t flip_significant_bit(std::span<std::byte> bytes, std::uint64_t seed);

}  // namespace accelbench
