#include "host_device.h"

#include <accelbench/random_data.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

namespace accelbench::host_device {
namespace {

constexpr std::int64_t kBytesPerIteration = 16 << 20;
constexpr int kMostTransfersPerIteration = 256;
constexpr std::int64_t kQuickLargest = 256 << 20;
constexpr std::int64_t kLatencyBytes = 8;
constexpr int kLatencyTransfers = 256;

}  // namespace

Direction direction(const Params& params) {
  const std::string& name = params.text("direction");
  if (name == "h2d") return Direction::kHostToDevice;
  if (name == "d2h") return Direction::kDeviceToHost;
  if (name == "bidirectional") return Direction::kBidirectional;
  throw usage_error("direction must be h2d, d2h or bidirectional, not '" + name + "'");
}

HostMemory host_memory(const Params& params) {
  const std::string& name = params.text("host_memory");
  if (name == "pageable") return HostMemory::kPageable;
  if (name == "pinned") return HostMemory::kPinned;
  throw usage_error("host_memory must be pageable or pinned, not '" + name + "'");
}

std::string_view direction_name(Direction direction) {
  switch (direction) {
    case Direction::kHostToDevice:
      return "h2d";
    case Direction::kDeviceToHost:
      return "d2h";
    case Direction::kBidirectional:
      return "bidirectional";
  }
  return "unknown";
}

std::string_view host_memory_name(HostMemory memory) {
  return memory == HostMemory::kPinned ? "pinned" : "pageable";
}

std::int64_t transfer_bytes(const Params& params) {
  const std::int64_t bytes = params.integer("transfer_bytes");
  if (bytes < 8 || bytes % 8 != 0) {
    throw usage_error("transfer_bytes must be a positive multiple of 8, not " +
                      std::to_string(bytes));
  }
  return bytes;
}

int transfers_per_iteration(std::int64_t bytes) {
  return static_cast<int>(
      std::clamp<std::int64_t>(kBytesPerIteration / bytes, 1, kMostTransfersPerIteration));
}

std::vector<Params> sweep(const Offer& offer, Suite suite) {
  const std::int64_t largest =
      suite == Suite::kQuick ? std::min(offer.largest_bytes, kQuickLargest) : offer.largest_bytes;
  const std::int64_t factor = suite == Suite::kQuick ? 16 : 4;
  const auto point = [](Direction d, const std::string& method, HostMemory memory,
                        std::int64_t bytes) {
    Params p;
    p.set("direction", std::string(direction_name(d)))
        .set("method", method)
        .set("host_memory", std::string(host_memory_name(memory)))
        .set("transfer_bytes", bytes);
    return p;
  };
  std::vector<Params> points;
  for (Direction d : offer.directions) {
    for (std::int64_t bytes = 4 << 10; bytes < largest; bytes *= factor) {
      points.push_back(point(d, offer.methods.front(), HostMemory::kPinned, bytes));
    }
    for (const auto& method : offer.methods) {
      for (HostMemory memory : {HostMemory::kPinned, HostMemory::kPageable}) {
        if (!offer.runs || offer.runs(method, d, memory)) {
          points.push_back(point(d, method, memory, largest));
        }
      }
    }
  }
  return points;
}

std::vector<Params> latency_points(const Offer& offer) {
  std::vector<Params> points;
  for (Direction d : offer.directions) {
    if (d == Direction::kBidirectional) continue;
    for (HostMemory memory : {HostMemory::kPinned, HostMemory::kPageable}) {
      Params p;
      p.set("direction", std::string(direction_name(d)))
          .set("host_memory", std::string(host_memory_name(memory)))
          .set("transfer_bytes", kLatencyBytes);
      points.push_back(p);
    }
  }
  return points;
}

Work work(const Params& params) {
  const std::int64_t bytes = transfer_bytes(params);
  const int transfers = transfers_per_iteration(bytes);
  const Direction d = direction(params);
  const double streams = d == Direction::kBidirectional ? 2 : 1;
  Work w;
  w.bytes = streams * static_cast<double>(bytes) * transfers;
  w.convention = std::to_string(transfers) + " transfer(s) of " + std::to_string(bytes) +
                 " B per iteration, bytes delivered counted once";
  if (d == Direction::kBidirectional) {
    w.convention += "; bidirectional: the bytes of both directions together";
  }
  return w;
}

Work latency_work() {
  Work w;
  w.operations = kLatencyTransfers;
  w.convention = std::to_string(kLatencyTransfers) + " blocking transfers of " +
                 std::to_string(kLatencyBytes) +
                 " B per iteration, each waited for by the host; ns per transfer";
  return w;
}

Plan plan(const Params& params, bool latency) {
  const std::int64_t bytes = transfer_bytes(params);
  return {direction(params), host_memory(params), bytes,
          latency ? kLatencyTransfers : transfers_per_iteration(bytes),
          latency ? latency_work() : work(params)};
}

double source_value(Direction direction, std::uint64_t index) {
  return random_value(0x40d0 + static_cast<std::uint64_t>(direction), index, 1.0, 2.0);
}

void fill_source(Direction direction, std::span<double> data) {
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = source_value(direction, i);
}

Verification verify(Direction direction, std::span<const double> destination) {
  return check_elements(
      destination, [direction](std::uint64_t i) { return source_value(direction, i); }, 0,
      "every element of the destination vs the random source (exact)");
}

nlohmann::ordered_json analyze(const std::vector<SweepPoint>& points) {
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, std::vector<std::pair<std::int64_t, double>>> curves;
  for (const auto& p : points) {
    const Key key{p.params.text("direction"), p.params.text("method"),
                  p.params.text("host_memory")};
    curves[key].emplace_back(p.params.integer("transfer_bytes"), p.median);
  }
  auto described = nlohmann::ordered_json::array();
  std::string summary;
  for (auto& [key, curve] : curves) {
    if (curve.size() < 2) continue;  // a single size: no curve
    std::sort(curve.begin(), curve.end());
    double peak = 0;
    for (const auto& [bytes, value] : curve) peak = std::max(peak, value);
    std::int64_t to_90 = 0;
    for (const auto& [bytes, value] : curve) {
      if (value >= 0.9 * peak) {
        to_90 = bytes;
        break;
      }
    }
    const auto& [dir, method, memory] = key;
    described.push_back({{"direction", dir},
                         {"method", method},
                         {"host_memory", memory},
                         {"peak_gbytes_per_s", peak},
                         {"bytes_to_90_percent_of_peak", to_90}});
    char text[160];
    std::snprintf(text, sizeof text, "%s%s %s %s: peak %.4g GB/s, 90%% from %lld B",
                  summary.empty() ? "" : "; ", dir.c_str(), method.c_str(), memory.c_str(), peak,
                  static_cast<long long>(to_90));
    summary += text;
  }
  return {{"summary", summary.empty() ? "no size sweep measured" : summary}, {"curves", described}};
}

std::vector<Definition> definitions(const std::string& backend, const std::string& summary,
                                    const std::string& latency_summary, OfferFactory offer,
                                    TransferFactory make_case) {
  Definition bandwidth;
  bandwidth.id = "interconnect/host_device";
  bandwidth.backend = backend;
  bandwidth.claim = Claim::kInterconnect;
  bandwidth.metric = MetricKind::kBandwidth;
  bandwidth.spec = &bandwidth_spec();
  bandwidth.timer = Timer::kDevice;
  bandwidth.summary = summary;
  bandwidth.instances = [offer](const Device& device, Suite suite) {
    return sweep(offer(device), suite);
  };
  bandwidth.make_case = [make_case](const Device& device, const Params& params) {
    return make_case(device, params, false);
  };
  bandwidth.analyze = [](const Device&, const std::vector<SweepPoint>& points) {
    return analyze(points);
  };
  Definition latency;
  latency.id = "interconnect/host_device_latency";
  latency.backend = backend;
  latency.claim = Claim::kInterconnect;
  latency.metric = MetricKind::kLatency;
  latency.spec = &latency_spec();
  latency.timer = Timer::kHost;
  latency.summary = latency_summary;
  latency.instances = [offer](const Device& device, Suite) {
    return latency_points(offer(device));
  };
  latency.make_case = [make_case](const Device& device, const Params& params) {
    return make_case(device, params, true);
  };
  return {bandwidth, latency};
}

// Memory: the transfer's buffer on the device and on the host (one per
// direction when bidirectional).
Footprint footprint(const Params& params) {
  const double copies = params.text("direction") == "bidirectional" ? 2 : 1;
  const double bytes = copies * static_cast<double>(params.integer("transfer_bytes"));
  return {bytes, bytes};
}

const Spec& bandwidth_spec() {
  static const Spec kSpec{
      .id = "interconnect/host_device",
      .claim = Claim::kInterconnect,
      .link = Link::kHostDevice,
      .metric = MetricKind::kBandwidth,
      .compare_class = CompareClass::kInterconnect,
      .convention =
          "bytes moved between host and device memory per transfer; bidirectional "
          "counts both directions together",
      .parameters = {"direction", "host_memory", "method", "transfer_bytes"},
      .how = {"method"},
      .sweep = {"transfer_bytes", SweepHeadline::kPeak},
      .footprint = footprint,
  };
  return kSpec;
}

const Spec& latency_spec() {
  static const Spec kSpec{
      .id = "interconnect/host_device_latency",
      .claim = Claim::kInterconnect,
      .link = Link::kHostDevice,
      .metric = MetricKind::kLatency,
      .compare_class = CompareClass::kInterconnect,
      .convention = "ns per blocking small transfer as the host sees it",
      .parameters = {"direction", "host_memory", "transfer_bytes"},
      .how = {},
      .sweep = {"transfer_bytes", SweepHeadline::kSmallest},
      .footprint = footprint,
  };
  return kSpec;
}

}  // namespace accelbench::host_device
