// The ring of the accelerator backends' pointer chase (memory/latency on a GPU
// or an OpenCL device, interconnect/peer_read_latency across a GPU link): one
// thread or work-item follows one random cycle (random_cycle, Sattolo's
// algorithm) through the 64-byte lines of a buffer. Each line holds, in its
// first 4-byte word, the word offset of the next line of the cycle (an offset,
// not a line number, so no multiply sits between two loads); an iteration is
// one kernel of kDeviceLoads loads, and the offset the chase stands on at the
// end is checked against the cycle order.
#pragma once

#include <accelbench/work.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace accelbench {

inline constexpr std::uint64_t kChaseSeed = 0x5eed1a7e;  // random_cycle's seed
inline constexpr std::size_t kChaseLineBytes = 64;
inline constexpr std::uint32_t kDeviceLoads = 1 << 16;
inline constexpr std::size_t kWordsPerLine = kChaseLineBytes / sizeof(std::uint32_t);

// The 64-byte lines of a pointer chase's working set of `working_set_bytes`
// (the parameter of that name): a usage error below 2 lines or beyond 2^32
// lines (256 GiB).
std::size_t chase_nodes(std::int64_t working_set_bytes);
// chase_nodes, and a usage error beyond 16 GiB (the ring's 32-bit offsets).
std::size_t offset_ring_nodes(std::int64_t working_set_bytes);

// ns per load: one dependent 4-byte load per line, kDeviceLoads per kernel.
Work offset_chase_work();

// The words to upload for the cycle `order` (random_cycle(nodes, kChaseSeed)).
std::vector<std::uint32_t> offset_ring(const std::vector<std::uint32_t>& order);

// The offset the chase stands on after `loads` loads from order[0].
std::uint64_t offset_after(const std::vector<std::uint32_t>& order, std::uint64_t loads);

}  // namespace accelbench
