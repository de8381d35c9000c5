// interconnect/peer: device-to-device bandwidth on every pair of devices of
// one backend (GPU peer links: NVLink, PCIe); interconnect/peer_latency, one
// small blocking copy as the host sees it; and interconnect/peer_read_latency,
// a pointer chase by this device through the peer's memory (each dependent
// load crosses the link and back). Measured from each device to every other:
//
//   write          this device's memory -> the peer's
//   read           the peer's memory -> this device's
//   bidirectional  both at once (the bytes of both directions counted)
//
// by the copy engines (copy_engine) or by a kernel on this device that loads
// from or stores to the peer's memory over the link (sm_kernel).
//
// Unit GB/s of bytes delivered. On a single device the benchmark is reported
// skipped ("one device"). Data is random and the destination is checked
// exactly after the timed iterations.
#pragma once

#include <accelbench/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

namespace accelbench::peer {

enum class Direction { kWrite, kRead, kBidirectional };
enum class Method { kCopyEngine, kSmKernel };

Direction direction(const Params& params);
std::string_view direction_name(Direction direction);
Method method(const Params& params);  // copy_engine or sm_kernel
std::string_view method_name(Method method);

// The peer device index, or throws unsupported("one device: …") for "none".
int peer_index(const Params& params);

// Every other device (write, read and bidirectional, copy engine and SM
// kernel, at `transfer_bytes`); a single "none" instance on a device without
// peers.
std::vector<Params> sweep(int device_index, int devices, std::int64_t transfer_bytes);
std::vector<Params> latency_points(int device_index, int devices);
// Every other device with a ring that fits the peer's cache (1 MiB) and one
// far beyond it (256 MiB): working_set_bytes.
std::vector<Params> read_latency_points(int device_index, int devices);

Work work(Direction direction, std::int64_t bytes, int transfers);
Work latency_work(int transfers);

// The specs of the bandwidth, copy latency and read latency benchmarks.
const Spec& bandwidth_spec();
const Spec& latency_spec();
const Spec& read_latency_spec();

}  // namespace accelbench::peer
