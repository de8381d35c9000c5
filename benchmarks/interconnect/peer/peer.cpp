#include "peer.h"

#include <charconv>

namespace accelbench::peer {

Direction direction(const Params& params) {
  const std::string& name = params.text("direction");
  if (name == "write") return Direction::kWrite;
  if (name == "read") return Direction::kRead;
  if (name == "bidirectional") return Direction::kBidirectional;
  throw usage_error("direction must be write, read or bidirectional, not '" + name + "'");
}

std::string_view direction_name(Direction direction) {
  switch (direction) {
    case Direction::kWrite:
      return "write";
    case Direction::kRead:
      return "read";
    case Direction::kBidirectional:
      return "bidirectional";
  }
  return "unknown";
}

Method method(const Params& params) {
  const std::string& name = params.text("method");
  if (name == "copy_engine") return Method::kCopyEngine;
  if (name == "sm_kernel") return Method::kSmKernel;
  throw usage_error("method must be copy_engine or sm_kernel, not '" + name + "'");
}

std::string_view method_name(Method method) {
  return method == Method::kCopyEngine ? "copy_engine" : "sm_kernel";
}

int peer_index(const Params& params) {
  const std::string& text = params.text("peer");
  if (text == "none") throw unsupported("one device: peer transfers need at least two");
  int index = -1;
  const auto end = text.data() + text.size();
  if (std::from_chars(text.data(), end, index).ptr != end || index < 0) {
    throw usage_error("peer must be a device index or none, not '" + text + "'");
  }
  return index;
}

namespace {

// A device without peers gets one instance, skipped with "one device".
std::vector<Params> or_none(std::vector<Params> points) {
  if (points.empty()) {
    Params p;
    p.set("peer", std::string("none"));
    points.push_back(p);
  }
  return points;
}

}  // namespace

std::vector<Params> sweep(int device_index, int devices, std::int64_t transfer_bytes) {
  std::vector<Params> points;
  for (int other = 0; other < devices; ++other) {
    if (other == device_index) continue;
    for (Method m : {Method::kCopyEngine, Method::kSmKernel}) {
      for (Direction d : {Direction::kWrite, Direction::kRead, Direction::kBidirectional}) {
        Params p;
        p.set("peer", std::to_string(other))
            .set("method", std::string(method_name(m)))
            .set("direction", std::string(direction_name(d)))
            .set("transfer_bytes", transfer_bytes);
        points.push_back(p);
      }
    }
  }
  return or_none(std::move(points));
}

std::vector<Params> latency_points(int device_index, int devices) {
  std::vector<Params> points;
  for (int other = 0; other < devices; ++other) {
    if (other == device_index) continue;
    Params p;
    p.set("peer", std::to_string(other));
    points.push_back(p);
  }
  return or_none(std::move(points));
}

std::vector<Params> read_latency_points(int device_index, int devices) {
  std::vector<Params> points;
  for (int other = 0; other < devices; ++other) {
    if (other == device_index) continue;
    for (std::int64_t bytes : {std::int64_t{1} << 20, std::int64_t{256} << 20}) {
      Params p;
      p.set("peer", std::to_string(other)).set("working_set_bytes", bytes);
      points.push_back(p);
    }
  }
  return or_none(std::move(points));
}

Work work(Direction direction, std::int64_t bytes, int transfers) {
  Work w;
  const double streams = direction == Direction::kBidirectional ? 2 : 1;
  w.bytes = streams * static_cast<double>(bytes) * transfers;
  w.convention = std::to_string(transfers) + " copies of " + std::to_string(bytes) +
                 " B per iteration, bytes delivered" +
                 (direction == Direction::kBidirectional ? "; both directions counted" : "");
  return w;
}

Work latency_work(int transfers) {
  Work w;
  w.operations = transfers;
  w.convention = std::to_string(transfers) +
                 " blocking 8-byte peer copies per iteration; ns per copy as the host sees it";
  return w;
}

// Memory on this device: the transfer's buffer (one per direction when
// bidirectional), or the ring that is read from the peer.
Footprint footprint(const Params& params) {
  if (params.has("working_set_bytes")) {
    return {static_cast<double>(params.integer("working_set_bytes"))};
  }
  if (!params.has("transfer_bytes")) return {};
  const double copies = params.text("direction") == "bidirectional" ? 2 : 1;
  return {copies * static_cast<double>(params.integer("transfer_bytes"))};
}

const Spec& bandwidth_spec() {
  static const Spec kSpec{
      .id = "interconnect/peer",
      .claim = Claim::kInterconnect,
      .link = Link::kPeer,
      .metric = MetricKind::kBandwidth,
      .compare_class = CompareClass::kInterconnect,
      .convention =
          "bytes copied between two GPUs per copy; bidirectional counts both "
          "directions together",
      .parameters = {"peer", "method", "direction", "transfer_bytes"},
      .how = {"method"},
      .sweep = {"transfer_bytes", SweepHeadline::kPeak},
      .footprint = footprint,
  };
  return kSpec;
}

const Spec& latency_spec() {
  static const Spec kSpec{
      .id = "interconnect/peer_latency",
      .claim = Claim::kInterconnect,
      .link = Link::kPeer,
      .metric = MetricKind::kLatency,
      .compare_class = CompareClass::kInterconnect,
      .convention = "ns per blocking 8-byte peer copy as the host sees it",
      .parameters = {"peer"},
      .how = {},
      .sweep = {},
      .footprint = {},
  };
  return kSpec;
}

const Spec& read_latency_spec() {
  static const Spec kSpec{
      .id = "interconnect/peer_read_latency",
      .claim = Claim::kInterconnect,
      .link = Link::kPeer,
      .metric = MetricKind::kLatency,
      .compare_class = CompareClass::kInterconnect,
      .convention = "ns per dependent load of a pointer chase through the peer's memory",
      .parameters = {"peer", "working_set_bytes"},
      .how = {},
      .sweep = {"working_set_bytes", SweepHeadline::kLargest},
      .footprint = footprint,
  };
  return kSpec;
}

}  // namespace accelbench::peer
