// Host <-> device transfers on an Ascend NPU (ascend:N), two methods:
//   memcpy_async  aclrtMemcpyAsync (HOST_TO_DEVICE or DEVICE_TO_HOST) on a
//                 stream of the NPU: pinned memory only (see below)
//   memcpy        aclrtMemcpy, the synchronous copy: pinned and pageable
// Pinned host memory is aclrtMallocHost's; pageable memory is an ordinary
// allocation. Pageable memory is copied with aclrtMemcpy because CANN's
// releases disagree on aclrtMemcpyAsync with it: CANN 7.0 to 8.0.RC3
// ("aclrtMemcpyAsync", hiascend.com canncommercial/700 aclcppdevg_03_0103,
// CANNCommunityEdition/80RC3alpha003 aclcppdevg_03_0106) say a host pointer not
// from aclrtMallocHost gives no error at the call but an unpredictable error
// when the copy runs; hicann/runtime docs/api_docs/aclrtMemcpyAsync.md (now)
// accepts it and returns only when the copy is complete. aclrtMemcpy takes
// pageable memory in every release (aclrtMemcpy.md).
// Timing: every copy of an iteration is issued between the two events of an
// AscendCL event pair (ACL_EVENT_TIME_LINE) on the stream. memcpy_async copies
// run back to back on the stream; nothing holds the stream while they are
// queued (CUDA's flag-spinning kernel has no counterpart here), so the first
// copies may start while later ones are being queued and small transfers can
// measure the queueing rate (stated in details). memcpy copies block the host
// one by one and are no stream's tasks (aclrtMemcpy.md): the host's steady
// clock times them, each call's host time inside. Bidirectional runs h2d and d2h on two streams at
// once (memcpy_async: a blocking call cannot overlap) and counts the bytes of both; each stream is
// timed by its own pair of events (aclrtEventElapsedTime.md documents two events of one stream) and
// the iteration takes the longer span. The latency is the host clock around blocking 8-byte copies,
// as CUDA's: aclrtMemcpyAsync + aclrtSynchronizeStream on pinned memory, aclrtMemcpy on pageable
// memory. On a host with several NUMA nodes the timing thread and the host memory sit on the NPU's
// node (the host_numa_node fact): pageable memory is bound to it with hwloc; pinned memory is
// allocated by aclrtMallocHost from that thread (aclrtMallocHost takes no node; the kernel's local
// allocation puts the pages on the calling thread's node), which placement states. Every host
// buffer is 64-byte aligned, as the same documents require of aclrtMemcpyAsync's source and
// destination.
//
// Signatures: hicann/runtime include/external/acl/acl_rt.h (aclrtMemcpyAsync,
// aclrtMemcpy, aclrtMemcpyKind, aclrtMallocHost, aclrtMalloc,
// aclrtSynchronizeStream, aclrtRecordEvent, aclrtEventElapsedTime) and
// docs/api_docs/aclrtMemcpyAsync.md (06531b1 and d8beaaf), aclrtMemcpy.md,
// aclrtMemcpyKind.md, aclrtEventElapsedTime.md; the calls go through
// ascend/ascend_runtime.h.
#include <accelbench/device_case.h>
#include <accelbench/thread_affinity.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

#include "ascend/ascend_runtime.h"
#include "cpu/cpu_backend.h"
#include "host_device.h"

namespace accelbench::host_device {
namespace {

enum class NpuCopyCall { kMemcpyAsync, kMemcpy };

const std::vector<std::string> kNpuCopyMethods{"memcpy_async", "memcpy"};

NpuCopyCall npu_copy_call(const Params& params) {
  const std::string& name = params.text("method");
  if (name == "memcpy_async") return NpuCopyCall::kMemcpyAsync;
  if (name == "memcpy") return NpuCopyCall::kMemcpy;
  throw usage_error("method must be memcpy_async or memcpy on Ascend, not '" + name + "'");
}

// Host memory of `count` doubles, 64-byte aligned: pinned (aclrtMallocHost)
// or pageable, the pageable kind bound to NUMA node `node` with hwloc when
// node >= 0 (2 MiB-aligned otherwise: cpu::allocate_buffer).
class NpuHostBuffer {
 public:
  NpuHostBuffer() = default;
  NpuHostBuffer(HostMemory kind, std::size_t count, int node) : count_(count) {
    if (kind == HostMemory::kPinned) {
      pinned_ = ascend::PinnedHostBuffer<double>(count);
      data_ = pinned_.get();
    } else if (node >= 0) {
      bound_ = std::make_unique<cpu::NodeMemory>(count * sizeof(double), node);
      data_ = static_cast<double*>(bound_->get());
    } else {
      pageable_ = cpu::allocate_buffer<double>(count);
      data_ = pageable_.get();
    }
    std::memset(data_, 0, count * sizeof(double));  // first touch, by the (placed) thread
  }
  double* data() const { return data_; }
  std::span<double> span() const { return {data_, count_}; }

 private:
  std::size_t count_ = 0;
  double* data_ = nullptr;
  ascend::PinnedHostBuffer<double> pinned_;
  std::unique_ptr<cpu::NodeMemory> bound_;
  std::unique_ptr<double[], cpu::FreeDeleter> pageable_;
};

// The NUMA node next to the NPU (the host_numa_node fact, from its PCI bus id
// through hwloc), when the host has more than one and the NPU's locality is
// known; -1 otherwise (the host memory is then not bound to a node).
int npu_numa_node(const Device& device) {
  if (!device.facts.host_numa_node || cpu::numa_node_count() < 2) return -1;
  return *device.facts.host_numa_node;
}

// The result is the destination: the device's (h2d, copied back into the
// mirror) or the host's (d2h, written by the copies), or both (bidirectional).
class AscendTransfer final : public DeviceResidentCase {
 public:
  AscendTransfer(const Device& device, const Params& params, bool latency)
      : device_(device),
        latency_(latency),
        plan_(plan(params, latency)),
        // The latency's blocking copy: aclrtMemcpyAsync + synchronise where
        // the memory allows it (pinned), else aclrtMemcpy.
        call_(latency ? (plan_.memory == HostMemory::kPinned ? NpuCopyCall::kMemcpyAsync
                                                             : NpuCopyCall::kMemcpy)
                      : npu_copy_call(params)) {
    if (latency_ && plan_.direction == Direction::kBidirectional) {
      throw usage_error("host_device_latency measures h2d or d2h, not bidirectional");
    }
    if (call_ == NpuCopyCall::kMemcpyAsync && plan_.memory == HostMemory::kPageable) {
      throw unsupported(
          "memcpy_async needs pinned memory: CANN 7.0-8.0 documents aclrtMemcpyAsync on "
          "pageable memory as an error when the copy runs; memcpy (aclrtMemcpy) measures it");
    }
    if (call_ == NpuCopyCall::kMemcpy && plan_.direction == Direction::kBidirectional) {
      throw unsupported(
          "bidirectional is measured with memcpy_async: aclrtMemcpy blocks the host until its "
          "copy is done, so the two directions cannot overlap");
    }
    // The size sweep is sized by the device's memory (ascend_offer): without
    // it the sizes are not the device's.
    if (!latency_) required(device, device.facts.memory_bytes, "memory size");
  }

  // aclrtFree does not wait for copies still queued on the memory
  // (aclrtFree.md): the streams finish first; errors are left to the run.
  ~AscendTransfer() override {
    for (const ascend::Stream& stream : streams_) {
      if (stream.get()) ascend::acl().aclrtSynchronizeStream(stream.get());
    }
  }

  Work work() const override { return plan_.work; }

  void setup() override {
    ascend::use_device(device_);
    streams_[0].create();
    if (both_directions()) streams_[1].create();
    const auto count = static_cast<std::size_t>(plan_.bytes) / sizeof(double);
    // Host memory and this thread on the NPU's NUMA node (when the host has
    // several), as nvbandwidth places them for a GPU.
    node_ = npu_numa_node(device_);
    if (node_ >= 0) {
      const auto cores = cpu::cores_of_numa_node(node_);
      if (!cores.empty()) {
        affinity_.emplace();
        thread_placement_ = cpu::pin_current_thread(cores.front());
      }
    }
    // h2d: host source -> device destination; d2h: device source -> host
    // destination; bidirectional: both pairs.
    host_source_ = NpuHostBuffer(plan_.memory, count, node_);
    host_destination_ = NpuHostBuffer(plan_.memory, count, node_);
    device_source_ = ascend::DeviceBuffer<double>(count);
    device_destination_ = ascend::DeviceBuffer<double>(count);
    fill_source(Direction::kHostToDevice, host_source_.span());
    std::vector<double> source(count);
    fill_source(Direction::kDeviceToHost, source);
    ACCELBENCH_ACL_CHECK(ascend::acl().aclrtMemcpy(device_source_.get(), device_source_.bytes(),
                                                   source.data(), device_source_.bytes(),
                                                   ascend::ACL_MEMCPY_HOST_TO_DEVICE));
    mirror_.resize(count);
    timed_iteration();  // untimed warm-up: first-use costs stay out of the samples
  }

  nlohmann::ordered_json placement() const override {
    nlohmann::ordered_json out = {{"device", device_.name},
                                  {"host_memory", std::string(host_memory_name(plan_.memory))}};
    if (node_ >= 0) {
      out["host_numa_node"] = node_;
      out["host_memory_on_node"] = plan_.memory == HostMemory::kPinned
                                       ? "allocated by aclrtMallocHost from a thread on the node "
                                         "(local allocation, not bound)"
                                       : "bound to the node with hwloc";
      out["thread"] = thread_placement_;
    } else {
      out["host_numa_node"] = "not bound: one NUMA node, or the NPU's locality is unknown";
    }
    return out;
  }

  nlohmann::ordered_json details() const override {
    const bool async = call_ == NpuCopyCall::kMemcpyAsync;
    nlohmann::ordered_json out = {
        {"zero_copy", false},
        {"copy_call", async ? "aclrtMemcpyAsync on the stream (pinned memory)"
                            : "aclrtMemcpy, synchronous: CANN 7.0-8.0 documents "
                              "aclrtMemcpyAsync on pageable memory as an error"},
        {"launch_overhead",
         latency_ ? "included: the host clock times each copy and its synchronisation"
         : async  ? "partly included: no kernel holds the stream while the copies are queued, "
                    "so with small transfers the span can be the queueing rate"
                  : "included: the host clock around aclrtMemcpy calls, each blocking until its "
                    "copy is done"}};
    if (both_directions() && per_direction_[0] > 0) {
      out["timing"] =
          "each stream between its own events (AscendCL times two events of one stream); "
          "the iteration is the longer span";
      const double bytes = static_cast<double>(plan_.bytes) * plan_.transfers;
      out["per_direction_under_bidirectional_traffic_gbytes_per_s"] = {
          {"h2d", bytes / per_direction_[0] / 1e9}, {"d2h", bytes / per_direction_[1] / 1e9}};
    }
    return out;
  }

 private:
  bool both_directions() const { return plan_.direction == Direction::kBidirectional; }

  double timed_iteration() override {
    if (latency_) return blocking_transfers();
    if (call_ == NpuCopyCall::kMemcpy) return host_timed_copies();
    const bool both = both_directions();
    const int stream_count = both ? 2 : 1;
    for (int s = 0; s < stream_count; ++s) events_[s].record_start(streams_[s]);
    for (int t = 0; t < plan_.transfers; ++t) {
      if (plan_.direction != Direction::kDeviceToHost) enqueue(Direction::kHostToDevice, 0);
      if (plan_.direction != Direction::kHostToDevice) {
        enqueue(Direction::kDeviceToHost, both ? 1 : 0);
      }
    }
    for (int s = 0; s < stream_count; ++s) events_[s].record_stop(streams_[s]);
    double seconds = events_[0].seconds();
    if (both) {
      per_direction_[0] = seconds;
      per_direction_[1] = events_[1].seconds();
      seconds = std::max(per_direction_[0], per_direction_[1]);
    }
    return seconds;
  }

  Verification check_mirror() override {
    if (both_directions()) {
      Verification h2d = host_device::verify(Direction::kHostToDevice, mirror_);
      const Verification d2h =
          host_device::verify(Direction::kDeviceToHost, host_destination_.span());
      h2d.mismatches += d2h.mismatches;
      h2d.elements_checked += d2h.elements_checked;
      h2d.bytes_checked += d2h.bytes_checked;
      if (d2h.outcome == Verification::Outcome::kFailed) h2d.outcome = d2h.outcome;
      h2d.method = "both destinations vs their random sources (exact)";
      return h2d;
    }
    return host_device::verify(plan_.direction, destination());
  }

  std::span<std::byte> mirror_bytes() override { return std::as_writable_bytes(destination()); }

  std::size_t bytes() const { return static_cast<std::size_t>(plan_.bytes); }

  // One copy: queued on `stream` (memcpy_async) or done before it returns (memcpy).
  void enqueue(Direction d, int stream) {
    const bool to_device = d == Direction::kHostToDevice;
    void* destination =
        to_device ? static_cast<void*>(device_destination_.get()) : host_destination_.data();
    const void* source =
        to_device ? static_cast<const void*>(host_source_.data()) : device_source_.get();
    const ascend::aclrtMemcpyKind kind =
        to_device ? ascend::ACL_MEMCPY_HOST_TO_DEVICE : ascend::ACL_MEMCPY_DEVICE_TO_HOST;
    if (call_ == NpuCopyCall::kMemcpyAsync) {
      ACCELBENCH_ACL_CHECK(ascend::acl().aclrtMemcpyAsync(destination, bytes(), source, bytes(),
                                                          kind, streams_[stream].get()));
    } else {
      ACCELBENCH_ACL_CHECK(ascend::acl().aclrtMemcpy(destination, bytes(), source, bytes(), kind));
    }
  }

  // memcpy: aclrtMemcpy is no task of a stream (it copies before it
  // returns), so events on a stream would not bracket it: the host's steady
  // clock around the iteration's copies.
  double host_timed_copies() {
    const auto start = std::chrono::steady_clock::now();
    for (int t = 0; t < plan_.transfers; ++t) enqueue(plan_.direction, 0);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  // Latency: blocking 8-byte copies, each waited for, timed by the host.
  double blocking_transfers() {
    for (int t = 0; t < plan_.transfers; ++t) {
      enqueue(plan_.direction, 0);
      if (call_ == NpuCopyCall::kMemcpyAsync) streams_[0].synchronize();
    }
    return 0;
  }

  std::span<double> destination() {
    return plan_.direction == Direction::kDeviceToHost ? host_destination_.span()
                                                       : std::span<double>(mirror_);
  }

  // Waits for every copy (the host destination is then complete) and copies
  // the device destination back; untimed.
  void fetch_result() override {
    streams_[0].synchronize();
    streams_[1].synchronize();
    if (plan_.direction != Direction::kDeviceToHost) {
      ACCELBENCH_ACL_CHECK(ascend::acl().aclrtMemcpy(mirror_.data(), bytes(),
                                                     device_destination_.get(), bytes(),
                                                     ascend::ACL_MEMCPY_DEVICE_TO_HOST));
    }
  }

  Device device_;
  bool latency_;
  Plan plan_;
  NpuCopyCall call_;
  // Declared before the buffers: the affinity is restored after they are freed.
  std::optional<ThreadAffinityRestore> affinity_;
  NpuHostBuffer host_source_, host_destination_;
  ascend::DeviceBuffer<double> device_source_, device_destination_;
  ascend::Stream streams_[2];
  ascend::EventPair events_[2];
  std::vector<double> mirror_;
  double per_direction_[2] = {0, 0};
  int node_ = -1;
  nlohmann::ordered_json thread_placement_;
};

Offer ascend_offer(const Device& device) {
  Offer offer;
  offer.methods = kNpuCopyMethods;
  offer.directions = {Direction::kHostToDevice, Direction::kDeviceToHost,
                      Direction::kBidirectional};
  // Unknown memory: the Offer's 1 GiB names the instances, and each is
  // skipped for want of the fact (AscendTransfer).
  if (const auto& memory = device.facts.memory_bytes) {
    offer.largest_bytes =
        std::min<std::int64_t>(static_cast<std::int64_t>(*memory / 8), std::int64_t{1} << 30);
  }
  // memcpy_async on pinned memory only; memcpy (blocking) one direction at a time.
  offer.runs = [](const std::string& method, Direction d, HostMemory memory) {
    return method == "memcpy_async" ? memory == HostMemory::kPinned
                                    : d != Direction::kBidirectional;
  };
  return offer;
}

ACCELBENCH_REGISTER(
    kAscendHostDevice,
    definitions("ascend",
                "host<->NPU bandwidth: aclrtMemcpyAsync (pinned) and aclrtMemcpy (pinned and "
                "pageable), h2d, d2h and bidirectional, timed with AscendCL events",
                "time of one blocking 8-byte copy: aclrtMemcpyAsync + aclrtSynchronizeStream "
                "(pinned), aclrtMemcpy (pageable)",
                ascend_offer,
                [](const Device& device, const Params& params,
                   bool latency) -> std::unique_ptr<Case> {
                  return std::make_unique<AscendTransfer>(device, params, latency);
                }));

}  // namespace
}  // namespace accelbench::host_device
