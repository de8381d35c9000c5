// interconnect/launch_latency: the time from handing a tiny kernel to the
// device's queue to its completion, i.e. the command path between host and
// device (clpeak's "kernel launch latency", the device profiler's QUEUED to
// END; CUDA: the event time of an empty launch).
//
// Each launch adds one to a counter word in device memory and is waited for
// before the next, so the queue is empty at every launch and no argument
// changes between launches. Unit: ns per launch. Verification: the counter
// equals the number of launches, so a launch that did not run is caught.
#pragma once

#include <accelbench/benchmark.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace accelbench::launch_latency {

inline constexpr int kLaunchesPerIteration = 64;

Work work();

// The counter after `launches` launches must equal `launches`.
Verification verify(std::uint64_t word, std::uint64_t launches);

// The definition for one backend: one instance per device, `timer` saying who
// times it; make_case builds the backend's case for a device.
Definition definition(const std::string& backend, Timer timer, const std::string& summary,
                      std::function<std::unique_ptr<Case>(const Device&)> make_case);

// The benchmark's spec (claim, metric, parameters, footprint), shared by every
// backend.
const Spec& spec();

}  // namespace accelbench::launch_latency
