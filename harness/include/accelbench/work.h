// What a benchmark declares about one iteration, and the metric the harness
// derives from it. Backends never compute rates: the harness turns declared
// work and measured seconds into GB/s (1 GB = 1e9 B), GFLOP/s or ns per
// operation, in one place (units.cpp).
#pragma once

#include <string>
#include <string_view>

namespace accelbench {

// The claim a benchmark gives evidence for.
enum class Claim { kCompute, kInterconnect, kStability };

// The link an interconnect benchmark measures, by which the verdict and the
// report group its figures; compute and stability benchmarks measure none.
enum class Link {
  kNone,
  kMemory,      // a device's own memory: bandwidth, latency per level
  kNuma,        // a core to another NUMA node's memory
  kHostDevice,  // host <-> device: transfers, their latency, kernel launch
  kPeer,        // device <-> device within a node
  kCoreToCore,  // cache-line transfers between cores
  kNodeToNode,  // point to point between ranks (MPI), across nodes or within one
  kCollective,  // collectives over all ranks
};

// How much a benchmark's figure moves between healthy runs, which picks the
// practical threshold `accelbench compare` applies to it (--threshold-compute,
// --threshold-memory, --threshold-interconnect): core-bound compute moves
// least, memory more, links, collectives and noise most.
enum class CompareClass { kCompute, kMemory, kInterconnect };

// What the metric of a benchmark is; unit and better direction follow.
enum class MetricKind {
  kBandwidth,  // GB/s from Work::bytes, higher is better
  kFlops,      // GFLOP/s from Work::flops, higher is better
  kLatency,    // ns per Work::operations, lower is better
  kRate,       // million Work::operations per second (messages), higher is better
};

enum class Direction { kHigherIsBetter, kLowerIsBetter };

// Work per iteration, with the convention it is counted by, e.g. "STREAM:
// 3 arrays of 8 B per element, read + write counted once each".
struct Work {
  double bytes = 0;
  double flops = 0;
  double operations = 0;
  std::string convention;
};

std::string_view claim_name(Claim claim);
std::string_view link_name(Link link);  // "memory", "host-device", ...; "" for kNone
std::string_view compare_class_name(CompareClass compare_class);
std::string_view metric_name(MetricKind kind);
std::string_view metric_unit(MetricKind kind);
Direction metric_direction(MetricKind kind);
std::string_view direction_name(Direction direction);

// The metric value of one iteration that took `seconds`.
double metric_value(MetricKind kind, const Work& work, double seconds);

}  // namespace accelbench
