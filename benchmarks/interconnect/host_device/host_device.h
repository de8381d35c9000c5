// interconnect/host_device: bandwidth of transfers between host memory and
// device memory, per direction, host memory kind and transfer method, over a
// size sweep; interconnect/host_device_latency: the time of one small
// blocking transfer as the host sees it.
//
//   h2d            host buffer -> device buffer
//   d2h            device buffer -> host buffer
//   bidirectional  both at once (backends that can overlap them); counted as
//                  the bytes of both directions, stated in the convention
//
// Unit GB/s (1e9 B/s) of bytes delivered. The data is random (doubles in
// [1, 2), incompressible); after the timed iterations the destination is read
// (device destinations back to the host, untimed) and every element checked
// exactly. Small transfers are repeated within an iteration so that at least
// 16 MiB move per iteration (at most 256 transfers).
//
// Zero-copy: when the device works on host memory (a CPU device, an
// integrated GPU), a "transfer" is a host memory copy and a mapped buffer is
// the buffer itself. Backends detect this and label the result
// (details.zero_copy) instead of reporting the time of a map that moves
// nothing as an impossible bandwidth.
#pragma once

#include <accelbench/benchmark.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace accelbench::host_device {

enum class Direction { kHostToDevice, kDeviceToHost, kBidirectional };
enum class HostMemory { kPageable, kPinned };

Direction direction(const Params& params);
HostMemory host_memory(const Params& params);
std::string_view direction_name(Direction direction);
std::string_view host_memory_name(HostMemory memory);

// transfer_bytes: a multiple of 8 from 8 B up; throws a usage error otherwise.
std::int64_t transfer_bytes(const Params& params);

// Transfers per iteration: enough to move 16 MiB, between 1 and 256.
int transfers_per_iteration(std::int64_t bytes);

// What a backend offers: its transfer methods (the first is the headline one)
// and the directions it measures.
struct Offer {
  std::vector<std::string> methods;
  std::vector<Direction> directions;
  std::int64_t largest_bytes = 1 << 30;  // the device's largest allocation, capped at 1 GiB
  // Whether a method runs with that direction and host memory (unset: every
  // combination does); the sweep leaves the others out.
  std::function<bool(const std::string& method, Direction, HostMemory)> runs;
};

// The headline method with pinned memory sweeps transfer_bytes from 4 KiB to
// the largest size (× 16 steps in quick, × 4 in full) in every direction;
// every other method and memory kind runs at the largest size (256 MiB in
// quick).
std::vector<Params> sweep(const Offer& offer, Suite suite);

// Small blocking transfers (8 B) in every direction, pageable and pinned.
std::vector<Params> latency_points(const Offer& offer);

Work work(const Params& params);
Work latency_work();

// What one case of interconnect/host_device (or, `latency`, of
// host_device_latency) moves, from its parameters: the backends' cases share it.
struct Plan {
  Direction direction;
  HostMemory memory;
  std::int64_t bytes;  // per transfer
  int transfers;       // per iteration
  Work work;
};
Plan plan(const Params& params, bool latency);

// Random, incompressible element i of the data moved in `direction`.
double source_value(Direction direction, std::uint64_t index);
void fill_source(Direction direction, std::span<double> data);

// Every element of `destination` against source_value(direction, i).
Verification verify(Direction direction, std::span<const double> destination);

// Peak over the sweep and the smallest transfer reaching 90% of it, per
// (direction, method, host memory).
nlohmann::ordered_json analyze(const std::vector<SweepPoint>& points);

// The two definitions for one backend: interconnect/host_device (device-timed
// bandwidth) and interconnect/host_device_latency (host-timed).
// make_case(device, params, latency) builds the backend's case.
using OfferFactory = std::function<Offer(const Device&)>;
using TransferFactory =
    std::function<std::unique_ptr<Case>(const Device&, const Params&, bool latency)>;
std::vector<Definition> definitions(const std::string& backend, const std::string& summary,
                                    const std::string& latency_summary, OfferFactory offer,
                                    TransferFactory make_case);

// The specs of the bandwidth and the latency benchmark, shared by every backend.
const Spec& bandwidth_spec();
const Spec& latency_spec();

}  // namespace accelbench::host_device
