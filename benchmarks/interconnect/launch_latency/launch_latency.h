// interconnect/launch_latency: the time from handing a tiny kernel to the
// device's queue to its completion, i.e. the command path between host and
// device (clpeak's "kernel launch latency", the device profiler's QUEUED to
// END; CUDA: the event time of an empty launch).
//
// Each launch writes the launch's token (its sequence number) to one word and
// is waited for before the next, so the queue is empty at every launch. Unit:
// ns per launch. Verification: the word holds the last launch's token, so a
// launch that did not run, or ran out of order, is caught.
#pragma once

#include <accelbench/benchmark.h>

#include <cstdint>

namespace accelbench::launch_latency {

inline constexpr int kLaunchesPerIteration = 64;

Work work();

// The word after `launches` launches must be the token of the last one.
Verification verify(std::uint64_t word, std::uint64_t launches);

}  // namespace accelbench::launch_latency
