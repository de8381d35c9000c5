// Host <-> device transfers on a CUDA device, as nvbandwidth measures them:
//   copy_engine  cudaMemcpyAsync on a non-blocking stream (the DMA engines)
//   sm_kernel    a copy kernel that reads or writes mapped pinned host memory
//                over the link (pinned memory only)
// With pinned memory the streams are first held by a kernel that spins on a
// host flag (cuda/held_stream.h: every kernel loaded in setup() first, a time
// limit on the spinner, the flag released on every path), all copies of the
// iteration are queued behind it, and the flag is released: the events then
// time the transfers alone, launch overhead held out. Pageable copies are
// staged by the driver and block the host, so they are timed without the
// hold. Bidirectional runs h2d and d2h on two streams at once (copy engine
// only) and counts the bytes of both. The SM kernel copies 16-byte words,
// four in flight per thread, one full wave (cuda/copy_kernel.cuh). On a host
// with several NUMA nodes, host memory and the timing thread sit on the GPU's;
// the thread's affinity is restored when the case ends.
#include <accelbench/device_case.h>
#include <accelbench/thread_affinity.h>

#include <cstring>
#include <optional>
#include <vector>

#include "cpu/cpu_backend.h"
#include "cuda/copy_kernel.cuh"
#include "cuda/cuda_runtime.h"
#include "cuda/held_stream.cuh"
#include "host_device.h"

namespace accelbench::host_device {
namespace {

enum class Method { kCopyEngine, kSmKernel };

const std::vector<std::string> kMethods{"copy_engine", "sm_kernel"};

Method method(const Params& params) {
  const std::string& name = params.text("method");
  if (name == "copy_engine") return Method::kCopyEngine;
  if (name == "sm_kernel") return Method::kSmKernel;
  throw usage_error("method must be copy_engine or sm_kernel, not '" + name + "'");
}

// Pinned (mapped) or pageable host memory of `count` doubles. With a NUMA
// node (>= 0) the pages are bound to it with hwloc, and pinned memory is that
// bound memory registered with CUDA; otherwise the allocator decides.
class HostMemoryBuffer {
 public:
  HostMemoryBuffer() = default;
  HostMemoryBuffer(HostMemory kind, std::size_t count, int node) : count_(count) {
    const std::size_t bytes = count * sizeof(double);
    if (node >= 0) {
      bound_ = std::make_unique<cpu::NodeMemory>(bytes, node);
      data_ = static_cast<double*>(bound_->get());
      std::memset(data_, 0, bytes);  // first touch, on the node
      if (kind == HostMemory::kPinned) {
        ACCELBENCH_CUDA_CHECK(cudaHostRegister(data_, bytes, cudaHostRegisterMapped));
        registered_ = true;
      }
    } else if (kind == HostMemory::kPinned) {
      ACCELBENCH_CUDA_CHECK(
          cudaHostAlloc(reinterpret_cast<void**>(&data_), bytes, cudaHostAllocMapped));
      allocated_by_cuda_ = true;
    } else {
      pageable_.resize(count);
      data_ = pageable_.data();
    }
  }
  ~HostMemoryBuffer() { release(); }
  HostMemoryBuffer(const HostMemoryBuffer&) = delete;
  HostMemoryBuffer& operator=(HostMemoryBuffer&& other) noexcept {
    std::swap(count_, other.count_);
    std::swap(data_, other.data_);
    std::swap(pageable_, other.pageable_);
    std::swap(bound_, other.bound_);
    std::swap(registered_, other.registered_);
    std::swap(allocated_by_cuda_, other.allocated_by_cuda_);
    return *this;
  }
  double* data() const { return data_; }
  std::span<double> span() const { return {data_, count_}; }

 private:
  void release() {
    if (registered_) cudaHostUnregister(data_);
    if (allocated_by_cuda_) cudaFreeHost(data_);
  }

  std::size_t count_ = 0;
  double* data_ = nullptr;
  std::vector<double> pageable_;
  std::unique_ptr<cpu::NodeMemory> bound_;
  bool registered_ = false;
  bool allocated_by_cuda_ = false;
};

// The NUMA node next to the GPU (the host_numa_node fact: its PCI parent's,
// from hwloc), when the host has more than one and the GPU's locality is
// known; -1 otherwise (the host memory is then not bound to a node).
int gpu_numa_node(const Device& device) {
  if (!device.facts.host_numa_node || cpu::numa_node_count() < 2) return -1;
  return *device.facts.host_numa_node;
}

// The result is the destination: the device's (h2d, copied back into the
// mirror) or the host's (d2h, written by the device: fetching it is waiting
// for the device), or both (bidirectional).
class CudaTransfer final : public DeviceResidentCase {
 public:
  CudaTransfer(const Device& device, const Params& params, bool latency)
      : device_(device),
        latency_(latency),
        plan_(plan(params, latency)),
        method_(latency ? Method::kCopyEngine : method(params)) {
    if (method_ == Method::kSmKernel && plan_.memory == HostMemory::kPageable) {
      throw unsupported("sm_kernel reads mapped pinned memory; pageable memory is not mapped");
    }
    if (method_ == Method::kSmKernel && plan_.direction == Direction::kBidirectional) {
      throw unsupported("bidirectional is measured with the copy engines");
    }
    // The size sweep is sized by the device's memory (cuda_offer): without
    // it the sizes are not the device's.
    if (!latency_) required(device, device.facts.memory_bytes, "memory size");
    // The copy kernel's grid is one wave over the SMs.
    if (method_ == Method::kSmKernel) {
      sm_count_ = required(device, device.facts.compute_units, "SM count");
    }
  }

  ~CudaTransfer() override {
    for (cudaStream_t s : streams_) {
      if (s) cudaStreamDestroy(s);
    }
  }

  Work work() const override { return plan_.work; }

  void setup() override {
    cuda::use_device(device_);
    const auto count = static_cast<std::size_t>(plan_.bytes) / sizeof(double);
    for (cudaStream_t& s : streams_) {
      ACCELBENCH_CUDA_CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
    }
    // Every kernel an iteration launches is loaded before a spinner runs.
    hold_.prepare({reinterpret_cast<const void*>(&cuda::copy_16_byte_words)});
    if (method_ == Method::kSmKernel) copy_grid_ = cuda::copy_grid(sm_count_);
    // h2d: host source -> device destination; d2h: device source -> host
    // destination; bidirectional: both pairs.
    // Host memory and this thread on the GPU's NUMA node, as nvbandwidth
    // places them (when the host has several nodes).
    node_ = gpu_numa_node(device_);
    if (node_ >= 0) {
      const auto cores = cpu::cores_of_numa_node(node_);
      if (!cores.empty()) {
        affinity_.emplace();
        thread_placement_ = cpu::pin_current_thread(cores.front());
      }
    }
    host_source_ = HostMemoryBuffer(plan_.memory, count, node_);
    host_destination_ = HostMemoryBuffer(plan_.memory, count, node_);
    device_source_ = cuda::DeviceBuffer<double>(count);
    device_destination_ = cuda::DeviceBuffer<double>(count);
    fill_source(Direction::kHostToDevice, host_source_.span());
    std::vector<double> source(count);
    fill_source(Direction::kDeviceToHost, source);
    ACCELBENCH_CUDA_CHECK(cudaMemcpy(device_source_.get(), source.data(), device_source_.bytes(),
                                     cudaMemcpyHostToDevice));
    std::fill(host_destination_.span().begin(), host_destination_.span().end(), 0.0);
    // The upload (legacy stream) is done before work on the non-blocking streams.
    ACCELBENCH_CUDA_CHECK(cudaDeviceSynchronize());
    mirror_.resize(count);
    if (method_ == Method::kSmKernel) {
      // Mapped pointers are looked up once, outside the timed region.
      ACCELBENCH_CUDA_CHECK(cudaHostGetDevicePointer(&mapped_source_, host_source_.data(), 0));
      ACCELBENCH_CUDA_CHECK(
          cudaHostGetDevicePointer(&mapped_destination_, host_destination_.data(), 0));
    }
    timed_iteration();  // untimed warm-up: first-use costs stay out of the samples
  }

  nlohmann::ordered_json placement() const override {
    nlohmann::ordered_json out = {{"device", device_.name},
                                  {"host_memory", std::string(host_memory_name(plan_.memory))}};
    if (node_ >= 0) {
      out["host_numa_node"] = node_;
      out["thread"] = thread_placement_;
    } else {
      out["host_numa_node"] = "not bound: one NUMA node, or the GPU's locality is unknown";
    }
    return out;
  }

  nlohmann::ordered_json details() const override {
    nlohmann::ordered_json out = {{"zero_copy", false},
                                  {"launch_overhead", plan_.memory == HostMemory::kPinned
                                                          ? "held out: the stream waits on a "
                                                            "host flag until every copy is queued"
                                                          : "included: pageable copies block the "
                                                            "host while they are staged"}};
    if (plan_.direction == Direction::kBidirectional && per_direction_[0] > 0) {
      const double bytes = static_cast<double>(plan_.bytes) * plan_.transfers;
      out["per_direction_under_bidirectional_traffic_gbytes_per_s"] = {
          {"h2d", bytes / per_direction_[0] / 1e9}, {"d2h", bytes / per_direction_[1] / 1e9}};
    }
    return out;
  }

 private:
  double timed_iteration() override {
    if (latency_) return blocking_transfers();
    const bool both = plan_.direction == Direction::kBidirectional;
    const int stream_count = both ? 2 : 1;
    const auto queue = [&] {
      for (int s = 0; s < stream_count; ++s) {
        ACCELBENCH_CUDA_CHECK(cudaEventRecord(events_[s].start(), streams_[s]));
      }
      for (int t = 0; t < plan_.transfers; ++t) {
        if (plan_.direction != Direction::kDeviceToHost)
          enqueue(Direction::kHostToDevice, streams_[0]);
        if (plan_.direction != Direction::kHostToDevice) {
          enqueue(Direction::kDeviceToHost, streams_[both ? 1 : 0]);
        }
      }
      ACCELBENCH_CUDA_CHECK(cudaGetLastError());
      for (int s = 0; s < stream_count; ++s) {
        ACCELBENCH_CUDA_CHECK(cudaEventRecord(events_[s].stop(), streams_[s]));
      }
    };
    if (plan_.memory == HostMemory::kPinned) {  // pageable copies block the host
      if (both) {
        hold_.run({streams_[0], streams_[1]}, queue);
      } else {
        hold_.run({streams_[0]}, queue);
      }
    } else {
      queue();
    }
    double seconds = events_[0].seconds();
    if (both) {
      per_direction_[0] = seconds;
      per_direction_[1] = events_[1].seconds();
      // Both streams started at the flag's release: the span of the slower one.
      seconds = std::max(seconds, cuda::elapsed_seconds(events_[0].start(), events_[1].stop()));
    }
    hold_.check_released_in_time();
    return seconds;
  }

  Verification check_mirror() override {
    if (plan_.direction == Direction::kBidirectional) {
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

  void enqueue(Direction d, cudaStream_t stream) {
    const bool to_device = d == Direction::kHostToDevice;
    if (method_ == Method::kCopyEngine) {
      ACCELBENCH_CUDA_CHECK(cudaMemcpyAsync(
          to_device ? static_cast<void*>(device_destination_.get()) : host_destination_.data(),
          to_device ? static_cast<const void*>(host_source_.data()) : device_source_.get(), bytes(),
          to_device ? cudaMemcpyHostToDevice : cudaMemcpyDeviceToHost, stream));
      return;
    }
    cuda::launch_copy(
        to_device ? mapped_source_ : device_source_.get(),
        to_device ? static_cast<void*>(device_destination_.get()) : mapped_destination_, bytes(),
        copy_grid_, stream);
  }

  // Latency: blocking 8-byte copies, each waited for, timed by the host.
  double blocking_transfers() {
    for (int t = 0; t < plan_.transfers; ++t) {
      enqueue(plan_.direction, streams_[0]);
      ACCELBENCH_CUDA_CHECK(cudaStreamSynchronize(streams_[0]));
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
    ACCELBENCH_CUDA_CHECK(cudaDeviceSynchronize());
    if (plan_.direction != Direction::kDeviceToHost) {
      ACCELBENCH_CUDA_CHECK(
          cudaMemcpy(mirror_.data(), device_destination_.get(), bytes(), cudaMemcpyDeviceToHost));
    }
  }

  Device device_;
  bool latency_;
  Plan plan_;
  Method method_;
  cudaStream_t streams_[2] = {nullptr, nullptr};
  cuda::EventPair events_[2];
  cuda::HeldStream hold_;
  int sm_count_ = 0;   // sm_kernel only
  int copy_grid_ = 1;  // sm_kernel only
  void* mapped_source_ = nullptr;
  void* mapped_destination_ = nullptr;
  std::optional<ThreadAffinityRestore> affinity_;
  HostMemoryBuffer host_source_, host_destination_;
  cuda::DeviceBuffer<double> device_source_, device_destination_;
  std::vector<double> mirror_;
  double per_direction_[2] = {0, 0};
  int node_ = -1;
  nlohmann::ordered_json thread_placement_;
};

Offer cuda_offer(const Device& device) {
  Offer offer;
  offer.methods = kMethods;
  offer.directions = {Direction::kHostToDevice, Direction::kDeviceToHost,
                      Direction::kBidirectional};
  // Unknown memory: the Offer's 1 GiB names the instances, and each is
  // skipped for want of the fact (CudaTransfer).
  if (const auto& memory = device.facts.memory_bytes) {
    offer.largest_bytes =
        std::min<std::int64_t>(static_cast<std::int64_t>(*memory / 8), std::int64_t{1} << 30);
  }
  // The SM kernel reads or writes mapped pinned memory, one direction at a time.
  offer.runs = [](const std::string& method, Direction d, HostMemory memory) {
    return method != "sm_kernel" ||
           (memory == HostMemory::kPinned && d != Direction::kBidirectional);
  };
  return offer;
}

ACCELBENCH_REGISTER(
    kCudaHostDevice,
    definitions("cuda",
                "host<->device bandwidth: copy engines and SM copy kernel, pinned and "
                "pageable, h2d, d2h and bidirectional; launch overhead held out",
                "time of one blocking 8-byte cudaMemcpyAsync + synchronise", cuda_offer,
                [](const Device& device, const Params& params,
                   bool latency) -> std::unique_ptr<Case> {
                  return std::make_unique<CudaTransfer>(device, params, latency);
                }));

}  // namespace
}  // namespace accelbench::host_device
