// The CUDA pointer chase, shared by memory/latency (the ring in the device's
// own memory) and interconnect/peer_read_latency (the ring in a peer GPU's
// memory, every load crossing the link). One thread follows the offset ring of
// <accelbench/offset_ring.h>; an iteration is one kernel of kDeviceLoads
// loads, timed with events behind a held stream (cuda/held_stream.h: the
// kernel's device time alone), and the final offset is checked against the
// cycle order.
#pragma once

#include <accelbench/benchmark.h>

#include <cstddef>
#include <memory>

namespace accelbench::cuda {

enum class ChaseLoads {
  kCached,    // ordinary loads: L1 and L2 serve what they hold
  kUncached,  // ld.global.cv: fetched again every time, never from a cache of this GPU
};

// A chase by one thread of `device` through `nodes` lines held in the memory
// of CUDA device index `ring_owner` (device.index, or a peer: then peer
// access is enabled in setup, and the case is unsupported without it).
std::unique_ptr<Case> make_pointer_chase(const Device& device, int ring_owner, std::size_t nodes,
                                         ChaseLoads loads);

}  // namespace accelbench::cuda
