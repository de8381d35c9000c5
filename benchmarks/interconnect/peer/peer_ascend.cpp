// Peer transfers between Ascend NPUs (ascend:N), by the copy engines only:
// aclrtMemcpyAsync with ACL_MEMCPY_DEVICE_TO_DEVICE ("within a device or
// between two devices", aclrtMemcpyKind.md) on streams of this NPU, after peer
// access is enabled both ways (aclrtDeviceEnablePeerAccess is one-way and
// per device; CANN requires it before copies between two devices,
// aclrtMemcpy.md). A pair without peer access (aclrtDeviceCanAccessPeer) is
// skipped with the reason: CANN documents no staged path through the host.
// sm_kernel (CUDA's copy kernel whose loads or stores cross the link) is
// skipped: accelbench builds no AI Core kernel (the CANN toolkit is never a
// build dependency). Each iteration queues its copies between the events of
// an AscendCL event pair on the stream; bidirectional runs write and read on
// two streams at once, each timed by its own events (AscendCL documents
// aclrtEventElapsedTime for two events of one stream), the iteration being the
// longer span. peer_latency is the host clock around blocking 8-byte copies
// (aclrtMemcpyAsync + aclrtSynchronizeStream). interconnect/peer_read_latency
// is not registered on Ascend, as OpenCL registers no peer benchmark it cannot
// run: it needs a pointer-chase kernel on this device, which Ascend has not.
//
// Signatures: hicann/runtime include/external/acl/acl_rt.h (aclrtMemcpyAsync,
// aclrtMemcpy, aclrtMemcpyKind, aclrtSetDevice, aclrtMalloc,
// aclrtDeviceCanAccessPeer, aclrtDeviceEnablePeerAccess, aclrtRecordEvent,
// aclrtEventElapsedTime, aclrtSynchronizeStream) and docs/api_docs/
// aclrtMemcpyAsync.md, aclrtMemcpy.md, aclrtMemcpyKind.md,
// aclrtDeviceEnablePeerAccess.md, aclrtEventElapsedTime.md; the calls go
// through ascend/ascend_runtime.h.
#include <accelbench/device_case.h>
#include <accelbench/random_data.h>

#include <algorithm>
#include <vector>

#include "ascend/ascend_runtime.h"
#include "peer.h"

namespace accelbench::peer {
namespace {

constexpr std::int64_t kNpuTransferBytes = 256 << 20;
constexpr int kNpuTransfers = 4;
constexpr int kNpuLatencyTransfers = 256;

double npu_source_value(int device, std::uint64_t i) {
  return random_value(0x9ee4 + static_cast<std::uint64_t>(device), i, 1.0, 2.0);
}

// The NPUs the sweeps list peers among: the visible_devices fact. Without it
// no peer is listed, and the one "none" instance is skipped naming the fact
// (checked_npu_peer asks for it first).
int listed_npus(const Device& device) { return device.facts.visible_devices.value_or(0); }

// The instance's peer, or Error(kUnsupported) naming the visible device count
// when the device does not report it; a usage error for a peer that is this
// device or not one of the visible devices (--param peer=N).
int checked_npu_peer(const Device& device, const Params& params) {
  const int devices = required(device, device.facts.visible_devices, "visible device count");
  const int peer = peer_index(params);
  if (peer == device.index || peer >= devices) {
    throw usage_error("peer must be another of the " + std::to_string(devices) +
                      " visible device(s) than " + device.id + ", not " + std::to_string(peer));
  }
  return peer;
}

// The result is the destination the instance checks (see fetch_result).
class AscendPeer final : public DeviceResidentCase {
 public:
  AscendPeer(const Device& device, const Params& params, bool latency)
      : device_(device),
        latency_(latency),
        peer_(checked_npu_peer(device, params)),
        direction_(latency ? Direction::kWrite : peer::direction(params)),
        bytes_(latency ? 8 : params.integer("transfer_bytes")),
        transfers_(latency ? kNpuLatencyTransfers : kNpuTransfers) {
    if (!latency && peer::method(params) == Method::kSmKernel) {
      throw unsupported(
          "sm_kernel is a copy kernel on this device; accelbench builds no Ascend kernel (no "
          "CANN toolkit at build time): copy_engine measures the link");
    }
    if (bytes_ < 8 || bytes_ % 8 != 0) {
      throw usage_error("transfer_bytes must be a positive multiple of 8");
    }
  }

  // aclrtFree does not wait for copies still queued on the memory
  // (aclrtFree.md), and a stream is destroyed with its own device current
  // (aclrtDestroyStream.md): this NPU current, its streams finished, before
  // the members go; errors are left to the run.
  ~AscendPeer() override {
    if (!streams_[0].get()) return;
    ascend::acl().aclrtSetDevice(device_.index);
    for (const ascend::Stream& stream : streams_) {
      if (stream.get()) ascend::acl().aclrtSynchronizeStream(stream.get());
    }
  }

  Work work() const override {
    return latency_ ? latency_work(transfers_) : peer::work(direction_, bytes_, transfers_);
  }

  void setup() override {
    ascend::use_device(device_);
    const int self = device_.index;
    // One-way each: this NPU reaches the peer's memory (write) and the peer
    // reaches this NPU's (read, and the other half of bidirectional).
    ascend::enable_peer_access(self, peer_);
    ascend::enable_peer_access(peer_, self);
    const auto count = static_cast<std::size_t>(bytes_ / 8);
    // Buffers: [0] on this NPU, [1] on the peer; each source holds its NPU's data.
    for (int side = 0; side < 2; ++side) {
      const int owner = side == 0 ? self : peer_;
      ACCELBENCH_ACL_CHECK(ascend::acl().aclrtSetDevice(owner));
      sources_[side] = ascend::DeviceBuffer<double>(count);
      destinations_[side] = ascend::DeviceBuffer<double>(count);
      std::vector<double> data(count);
      for (std::size_t i = 0; i < count; ++i) data[i] = npu_source_value(owner, i);
      ACCELBENCH_ACL_CHECK(ascend::acl().aclrtMemcpy(sources_[side].get(), sources_[side].bytes(),
                                                     data.data(), sources_[side].bytes(),
                                                     ascend::ACL_MEMCPY_HOST_TO_DEVICE));
    }
    // The streams (and their events) belong to this NPU.
    ACCELBENCH_ACL_CHECK(ascend::acl().aclrtSetDevice(self));
    streams_[0].create();
    if (direction_ == Direction::kBidirectional) streams_[1].create();
    timed_iteration();  // untimed warm-up
  }

  nlohmann::ordered_json placement() const override {
    return {{"device", device_.id}, {"peer", "ascend:" + std::to_string(peer_)}};
  }

  nlohmann::ordered_json details() const override {
    nlohmann::ordered_json out = {
        {"peer_access", true},
        {"path", "direct (peer access enabled both ways)"},
        {"copy_call", "aclrtMemcpyAsync ACL_MEMCPY_DEVICE_TO_DEVICE on this device's stream"}};
    if (!latency_) {
      out["launch_overhead"] =
          "partly included: no kernel holds the stream while the copies are queued";
    }
    if (direction_ == Direction::kBidirectional && !latency_) {
      out["timing"] =
          "each stream between its own events (AscendCL times two events of one stream); "
          "the iteration is the longer span";
    }
    return out;
  }

 private:
  double timed_iteration() override {
    if (latency_) {
      for (int t = 0; t < transfers_; ++t) {
        copy(Direction::kWrite, 0);
        streams_[0].synchronize();
      }
      return 0;  // host-timed
    }
    const bool both = direction_ == Direction::kBidirectional;
    const int stream_count = both ? 2 : 1;
    for (int s = 0; s < stream_count; ++s) events_[s].record_start(streams_[s]);
    for (int t = 0; t < transfers_; ++t) {
      if (both) {
        copy(Direction::kWrite, 0);
        copy(Direction::kRead, 1);
      } else {
        copy(direction_, 0);
      }
    }
    for (int s = 0; s < stream_count; ++s) events_[s].record_stop(streams_[s]);
    double seconds = events_[0].seconds();
    if (both) seconds = std::max(seconds, events_[1].seconds());
    return seconds;
  }

  Verification check_mirror() override {
    return check_elements(
        received_, [this](std::uint64_t i) { return npu_source_value(expected_sender(), i); }, 0,
        "the destination vs the sending device's random data (exact)");
  }

  std::span<std::byte> mirror_bytes() override {
    return std::as_writable_bytes(std::span(received_));
  }

  // write: this NPU's source -> the peer's destination; read: the peer's
  // source -> this NPU's destination.
  void copy(Direction d, int stream) {
    const bool write = d == Direction::kWrite;
    const auto& destination = write ? destinations_[1] : destinations_[0];
    const auto& source = write ? sources_[0] : sources_[1];
    ACCELBENCH_ACL_CHECK(ascend::acl().aclrtMemcpyAsync(
        destination.get(), destination.bytes(), source.get(), source.bytes(),
        ascend::ACL_MEMCPY_DEVICE_TO_DEVICE, streams_[stream].get()));
  }

  int expected_sender() const { return direction_ == Direction::kRead ? peer_ : device_.index; }

  // The destination checked: the peer's for write (and bidirectional: the
  // write half; the read half is checked by the peer's own instance), read
  // back from its owner (untimed).
  void fetch_result() override {
    streams_[0].synchronize();
    streams_[1].synchronize();
    const bool on_peer = direction_ != Direction::kRead;
    const auto& destination = on_peer ? destinations_[1] : destinations_[0];
    received_.resize(destination.size());
    ACCELBENCH_ACL_CHECK(ascend::acl().aclrtSetDevice(on_peer ? peer_ : device_.index));
    ACCELBENCH_ACL_CHECK(ascend::acl().aclrtMemcpy(received_.data(), destination.bytes(),
                                                   destination.get(), destination.bytes(),
                                                   ascend::ACL_MEMCPY_DEVICE_TO_HOST));
    ACCELBENCH_ACL_CHECK(ascend::acl().aclrtSetDevice(device_.index));
  }

  Device device_;
  bool latency_;
  int peer_;
  Direction direction_;
  std::int64_t bytes_;
  int transfers_;
  ascend::DeviceBuffer<double> sources_[2], destinations_[2];
  ascend::Stream streams_[2];
  ascend::EventPair events_[2];
  std::vector<double> received_;
};

ACCELBENCH_REGISTER(
    kAscendPeer,
    std::vector<Definition>{
        {
            .id = "interconnect/peer",
            .backend = "ascend",
            .claim = Claim::kInterconnect,
            .metric = MetricKind::kBandwidth,
            .spec = &bandwidth_spec(),
            .timer = Timer::kDevice,
            .summary = "NPU to NPU bandwidth to every peer, aclrtMemcpyAsync device to device "
                       "with peer access: write, read, bidirectional",
            .instances =
                [](const Device& device, Suite) {
                  return sweep(device.index, listed_npus(device), kNpuTransferBytes);
                },
            .make_case = [](const Device& device, const Params& params) -> std::unique_ptr<Case> {
              return std::make_unique<AscendPeer>(device, params, false);
            },
            .analyze = {},
        },
        {
            .id = "interconnect/peer_latency",
            .backend = "ascend",
            .claim = Claim::kInterconnect,
            .metric = MetricKind::kLatency,
            .spec = &latency_spec(),
            .timer = Timer::kHost,
            .summary = "one blocking 8-byte peer aclrtMemcpyAsync as the host sees it",
            .instances = [](const Device& device,
                            Suite) { return latency_points(device.index, listed_npus(device)); },
            .make_case = [](const Device& device, const Params& params) -> std::unique_ptr<Case> {
              return std::make_unique<AscendPeer>(device, params, true);
            },
            .analyze = {},
        },
    });

}  // namespace
}  // namespace accelbench::peer
