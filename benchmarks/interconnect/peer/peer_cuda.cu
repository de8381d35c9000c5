// Peer transfers between CUDA devices: the copy engines (cudaMemcpyPeerAsync)
// or a copy kernel on this device whose loads (read) or stores (write) cross
// the link. Peer access is enabled where the pair allows it (else the copy
// engines' path is staged through host memory, stated in details, and the
// SM kernel cannot run: skipped). Timed with events on streams of this device,
// the streams held by a flag-spinning kernel until every transfer of the
// iteration is queued (cuda/held_stream.h: launch time held out); the SM
// kernel copies 16-byte words, four in flight per thread, one full wave
// (cuda/copy_kernel.cuh). Bidirectional runs the two directions on two
// streams at once. The read
// latency across the link is the CUDA backend's pointer chase (memory/latency's
// on a GPU), run through a ring in the peer's memory with uncached loads.
#include <accelbench/device_case.h>
#include <accelbench/offset_ring.h>
#include <accelbench/random_data.h>

#include <vector>

#include "cuda/copy_kernel.cuh"
#include "cuda/cuda_runtime.h"
#include "cuda/held_stream.cuh"
#include "cuda/pointer_chase.h"
#include "peer.h"

namespace accelbench::peer {
namespace {

constexpr std::int64_t kTransferBytes = 256 << 20;
constexpr int kTransfers = 4;
constexpr int kLatencyTransfers = 256;

double source_value(int device, std::uint64_t i) {
  return random_value(0x9ee4 + static_cast<std::uint64_t>(device), i, 1.0, 2.0);
}

// The CUDA devices the sweeps list peers among: the visible_devices fact
// (every other device is a peer, reachable directly or through the host).
// Without the fact no peer is listed, and the one "none" instance is skipped
// naming the fact (checked_peer asks for it first).
int listed_devices(const Device& device) { return device.facts.visible_devices.value_or(0); }

// The instance's peer, or Error(kUnsupported) naming the visible device
// count when the device does not report it; a usage error for a peer that
// is this device or not one of the visible devices (--param peer=N).
int checked_peer(const Device& device, const Params& params) {
  const int devices = required(device, device.facts.visible_devices, "visible device count");
  const int peer = peer_index(params);
  if (peer == device.index || peer >= devices) {
    throw usage_error("peer must be another of the " + std::to_string(devices) +
                      " visible device(s) than " + device.id + ", not " + std::to_string(peer));
  }
  return peer;
}

// The result is the destination the instance checks (see fetch_result).
class CudaPeer final : public DeviceResidentCase {
 public:
  CudaPeer(const Device& device, const Params& params, bool latency)
      : device_(device),
        latency_(latency),
        peer_(checked_peer(device, params)),
        direction_(latency ? Direction::kWrite : peer::direction(params)),
        method_(latency ? Method::kCopyEngine : peer::method(params)),
        bytes_(latency ? 8 : params.integer("transfer_bytes")),
        transfers_(latency ? kLatencyTransfers : kTransfers) {
    if (bytes_ < 8 || bytes_ % 8 != 0) {
      throw usage_error("transfer_bytes must be a positive multiple of 8");
    }
    // The copy kernel's grid is one wave over the SMs.
    if (method_ == Method::kSmKernel) {
      sm_count_ = required(device, device.facts.compute_units, "SM count");
    }
  }

  ~CudaPeer() override {
    for (cudaStream_t s : streams_) {
      if (s) cudaStreamDestroy(s);
    }
  }

  Work work() const override {
    return latency_ ? latency_work(transfers_) : peer::work(direction_, bytes_, transfers_);
  }

  void setup() override {
    cuda::use_device(device_);
    const int self = device_.index;
    int can = 0;
    ACCELBENCH_CUDA_CHECK(cudaDeviceCanAccessPeer(&can, self, peer_));
    peer_access_ = can == 1;
    if (method_ == Method::kSmKernel && !peer_access_) {
      throw unsupported("sm_kernel needs peer access between " + device_.id +
                        " and cuda:" + std::to_string(peer_) + ", which the pair does not allow");
    }
    if (peer_access_) cuda::enable_peer_access(self, peer_);
    const auto count = static_cast<std::size_t>(bytes_ / 8);
    // Buffers: [0] on this device, [1] on the peer; each holds its device's data.
    for (int side = 0; side < 2; ++side) {
      const int owner = side == 0 ? self : peer_;
      ACCELBENCH_CUDA_CHECK(cudaSetDevice(owner));
      if (peer_access_) cuda::enable_peer_access(owner, side == 0 ? peer_ : self);
      sources_[side] = cuda::DeviceBuffer<double>(count);
      destinations_[side] = cuda::DeviceBuffer<double>(count);
      std::vector<double> data(count);
      for (std::size_t i = 0; i < count; ++i) data[i] = source_value(owner, i);
      ACCELBENCH_CUDA_CHECK(cudaMemcpy(sources_[side].get(), data.data(), sources_[side].bytes(),
                                       cudaMemcpyHostToDevice));
    }
    ACCELBENCH_CUDA_CHECK(cudaSetDevice(self));
    for (cudaStream_t& s : streams_) {
      ACCELBENCH_CUDA_CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
    }
    // The uploads (legacy stream, both devices) are done before work on the
    // non-blocking streams.
    ACCELBENCH_CUDA_CHECK(cudaDeviceSynchronize());
    ACCELBENCH_CUDA_CHECK(cudaSetDevice(peer_));
    ACCELBENCH_CUDA_CHECK(cudaDeviceSynchronize());
    ACCELBENCH_CUDA_CHECK(cudaSetDevice(self));
    hold_.prepare({reinterpret_cast<const void*>(&cuda::copy_16_byte_words)});
    if (method_ == Method::kSmKernel) copy_grid_ = cuda::copy_grid(sm_count_);
    timed_iteration();  // untimed warm-up
  }

  nlohmann::ordered_json placement() const override {
    return {{"device", device_.id}, {"peer", "cuda:" + std::to_string(peer_)}};
  }

  nlohmann::ordered_json details() const override {
    return {{"peer_access", peer_access_},
            {"path", peer_access_ ? "direct (peer access enabled)"
                                  : "staged by the driver through host memory (no peer access)"}};
  }

 private:
  double timed_iteration() override {
    if (latency_) {
      for (int t = 0; t < transfers_; ++t) {
        copy(Direction::kWrite, streams_[0]);
        ACCELBENCH_CUDA_CHECK(cudaStreamSynchronize(streams_[0]));
      }
      return 0;  // host-timed
    }
    const bool both = direction_ == Direction::kBidirectional;
    const auto queue = [&] {
      for (int s = 0; s < (both ? 2 : 1); ++s) {
        ACCELBENCH_CUDA_CHECK(cudaEventRecord(events_[s].start(), streams_[s]));
      }
      for (int t = 0; t < transfers_; ++t) {
        if (both) {
          copy(Direction::kWrite, streams_[0]);
          copy(Direction::kRead, streams_[1]);
        } else {
          copy(direction_, streams_[0]);
        }
      }
      for (int s = 0; s < (both ? 2 : 1); ++s) {
        ACCELBENCH_CUDA_CHECK(cudaEventRecord(events_[s].stop(), streams_[s]));
      }
    };
    if (!peer_access_) {
      queue();  // staged through host memory: the driver may block the host
    } else if (both) {
      hold_.run({streams_[0], streams_[1]}, queue);
    } else {
      hold_.run({streams_[0]}, queue);
    }
    double seconds = events_[0].seconds();
    if (both)
      seconds = std::max(seconds, cuda::elapsed_seconds(events_[0].start(), events_[1].stop()));
    hold_.check_released_in_time();
    return seconds;
  }

  Verification check_mirror() override {
    return check_elements(
        received_, [this](std::uint64_t i) { return source_value(expected_sender(), i); }, 0,
        "the destination vs the sending device's random data (exact)");
  }

  std::span<std::byte> mirror_bytes() override {
    return std::as_writable_bytes(std::span(received_));
  }

  // write: this device's source -> the peer's destination; read: the
  // peer's source -> this device's destination.
  void copy(Direction d, cudaStream_t stream) {
    const bool write = d == Direction::kWrite;
    if (method_ == Method::kSmKernel) {
      // This device's SMs store to (write) or load from (read) the peer.
      cuda::launch_copy(write ? sources_[0].get() : sources_[1].get(),
                        write ? destinations_[1].get() : destinations_[0].get(),
                        static_cast<std::size_t>(bytes_), copy_grid_, stream);
      ACCELBENCH_CUDA_CHECK(cudaGetLastError());
      return;
    }
    ACCELBENCH_CUDA_CHECK(cudaMemcpyPeerAsync(
        write ? destinations_[1].get() : destinations_[0].get(), write ? peer_ : device_.index,
        write ? sources_[0].get() : sources_[1].get(), write ? device_.index : peer_,
        static_cast<std::size_t>(bytes_), stream));
  }

  int expected_sender() const { return direction_ == Direction::kRead ? peer_ : device_.index; }

  // The destination checked: the peer's for write (and bidirectional: the
  // write half; the read half is checked by the peer's own instance).
  void fetch_result() override {
    ACCELBENCH_CUDA_CHECK(cudaDeviceSynchronize());
    const auto& destination = direction_ == Direction::kRead ? destinations_[0] : destinations_[1];
    received_.resize(destination.size());
    ACCELBENCH_CUDA_CHECK(cudaMemcpy(received_.data(), destination.get(), destination.bytes(),
                                     cudaMemcpyDeviceToHost));
  }

  Device device_;
  bool latency_;
  int peer_;
  Direction direction_;
  Method method_;
  std::int64_t bytes_;
  int transfers_;
  bool peer_access_ = false;
  cuda::DeviceBuffer<double> sources_[2], destinations_[2];
  cudaStream_t streams_[2] = {nullptr, nullptr};
  cuda::HeldStream hold_;
  int sm_count_ = 0;   // sm_kernel only
  int copy_grid_ = 1;  // sm_kernel only
  cuda::EventPair events_[2];
  std::vector<double> received_;
};

ACCELBENCH_REGISTER(
    kCudaPeer,
    std::vector<Definition>{
        {
            .id = "interconnect/peer",
            .backend = "cuda",
            .claim = Claim::kInterconnect,
            .metric = MetricKind::kBandwidth,
            .spec = &bandwidth_spec(),
            .timer = Timer::kDevice,
            .summary = "GPU to GPU bandwidth to every peer, copy engines and SM kernel: "
                       "write, read, bidirectional",
            .instances =
                [](const Device& device, Suite) {
                  return sweep(device.index, listed_devices(device), kTransferBytes);
                },
            .make_case = [](const Device& device, const Params& params) -> std::unique_ptr<Case> {
              return std::make_unique<CudaPeer>(device, params, false);
            },
            .analyze = {},
        },
        {
            .id = "interconnect/peer_latency",
            .backend = "cuda",
            .claim = Claim::kInterconnect,
            .metric = MetricKind::kLatency,
            .spec = &latency_spec(),
            .timer = Timer::kHost,
            .summary = "one blocking 8-byte peer copy as the host sees it",
            .instances = [](const Device& device,
                            Suite) { return latency_points(device.index, listed_devices(device)); },
            .make_case = [](const Device& device, const Params& params) -> std::unique_ptr<Case> {
              return std::make_unique<CudaPeer>(device, params, true);
            },
            .analyze = {},
        },
        {
            .id = "interconnect/peer_read_latency",
            .backend = "cuda",
            .claim = Claim::kInterconnect,
            .metric = MetricKind::kLatency,
            .spec = &read_latency_spec(),
            .timer = Timer::kDevice,
            .summary = "pointer chase by this GPU through the peer's memory: ns per "
                       "dependent load across the link",
            .instances =
                [](const Device& device, Suite) {
                  return read_latency_points(device.index, listed_devices(device));
                },
            .make_case = [](const Device& device, const Params& params) -> std::unique_ptr<Case> {
              // The peer first: the "none" instance has no working set.
              const int peer = checked_peer(device, params);
              return cuda::make_pointer_chase(
                  device, peer, offset_ring_nodes(params.integer("working_set_bytes")),
                  cuda::ChaseLoads::kUncached);
            },
            .analyze = {},
        },
    });

}  // namespace
}  // namespace accelbench::peer
