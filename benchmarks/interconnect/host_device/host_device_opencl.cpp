// Host <-> device transfers through OpenCL, three methods:
//   buffer        clEnqueueWriteBuffer / clEnqueueReadBuffer, each blocking
//   buffer_async  the same, non-blocking: all transfers queued, then waited for
//   map           map the device buffer, memcpy, unmap
// Host memory: pageable (ordinary allocation) or pinned (a CL_MEM_ALLOC_HOST_PTR
// buffer, mapped once: the driver's page-locked memory). Bandwidth is timed by
// event profiling from the first command's start to the last one's end;
// latency by the host clock around blocking 8-byte transfers.
#include <accelbench/details.h>
#include <accelbench/device_case.h>

#include <cstring>
#include <vector>

#include "host_device.h"
#include "opencl/opencl_runtime.h"

namespace accelbench::host_device {
namespace {

enum class Method { kBuffer, kBufferAsync, kMap };

const std::vector<std::string> kMethods{"buffer", "buffer_async", "map"};

Method method(const Params& params) {
  const std::string& name = params.text("method");
  if (name == "buffer") return Method::kBuffer;
  if (name == "buffer_async") return Method::kBufferAsync;
  if (name == "map") return Method::kMap;
  throw usage_error("method must be buffer, buffer_async or map, not '" + name + "'");
}

// The host side of the transfers: pageable or pinned memory of `count` doubles.
class HostBuffer {
 public:
  HostBuffer() = default;
  HostBuffer(const HostBuffer&) = delete;
  HostBuffer& operator=(const HostBuffer&) = delete;
  // A mapped buffer is freed only once unmapped: without this every pinned
  // case leaked its buffer (found by LeakSanitizer in PoCL).
  ~HostBuffer() {
    if (mapped_ == nullptr) return;
    queue_.enqueueUnmapMemObject(pinned_, mapped_);
    queue_.finish();
  }

  void allocate(const opencl::Session& session, HostMemory memory, std::size_t count) {
    count_ = count;
    if (memory == HostMemory::kPageable) {
      pageable_.resize(count);
      data_ = pageable_.data();
      return;
    }
    const std::size_t bytes = count * sizeof(double);
    pinned_ = opencl::make_buffer(session, CL_MEM_ALLOC_HOST_PTR | CL_MEM_READ_WRITE, bytes);
    cl_int status = CL_SUCCESS;
    void* mapped = session.queue.enqueueMapBuffer(pinned_, CL_TRUE, CL_MAP_READ | CL_MAP_WRITE, 0,
                                                  bytes, nullptr, nullptr, &status);
    ACCELBENCH_CL_CHECK(status);
    queue_ = session.queue;
    mapped_ = mapped;
    data_ = static_cast<double*>(mapped);
  }
  std::span<double> span() { return {data_, count_}; }
  double* data() { return data_; }

 private:
  std::vector<double> pageable_;
  cl::Buffer pinned_;  // stays mapped while the case lives
  cl::CommandQueue queue_;
  void* mapped_ = nullptr;
  double* data_ = nullptr;
  std::size_t count_ = 0;
};

// The result is the destination: for h2d the device buffer (fetched into its
// mirror after the timed iterations), for d2h the host buffer itself, which
// the transfers filled (nothing to fetch).
class OpenclTransfer final : public DeviceResidentCase {
 public:
  // `latency`: small blocking transfers, host-timed (host_device_latency).
  OpenclTransfer(const Device& device, const Params& params, bool latency)
      : device_(device),
        latency_(latency),
        plan_(plan(params, latency)),
        method_(latency ? Method::kBuffer : method(params)) {
    if (plan_.direction == Direction::kBidirectional) {
      throw usage_error("OpenCL measures h2d and d2h; bidirectional needs two copy engines");
    }
  }

  Work work() const override { return plan_.work; }

  void setup() override {
    session_ = opencl::open_session(device_);
    const auto count = static_cast<std::size_t>(plan_.bytes) / sizeof(double);
    host_.allocate(session_, plan_.memory, count);
    // The source starts filled and the destination zeroed: h2d uploads zeros
    // to the device buffer, d2h the random source.
    const Direction direction = plan_.direction;
    const bool to_device = direction == Direction::kHostToDevice;
    device_array_ = DeviceArray(session_, count, [direction, to_device](std::size_t i) {
      return to_device ? 0.0 : source_value(direction, i);
    });
    if (to_device) {
      fill_source(direction, host_.span());
    } else {
      std::fill(host_.span().begin(), host_.span().end(), 0.0);
    }
    // One untimed transfer: first-touch page faults of lazily allocated
    // buffers and the driver's first-use costs stay out of the samples.
    if (method_ == Method::kMap) {
      map_transfer(nullptr, nullptr);
    } else {
      buffer_transfer(CL_TRUE, nullptr);
    }
    ACCELBENCH_CL_CHECK(session_.queue.finish());
  }

  nlohmann::ordered_json placement() const override {
    return {{"device", session_.name},
            {"host_memory", std::string(host_memory_name(plan_.memory))},
            {"device_memory", session_.host_unified_memory
                                  ? "host memory (CL_DEVICE_HOST_UNIFIED_MEMORY)"
                                  : "device memory"}};
  }

  nlohmann::ordered_json details() const override {
    nlohmann::ordered_json out;
    out["zero_copy"] = zero_copy();
    if (zero_copy()) {
      set_note(out, NoteColumn::kVerification, "zero-copy: a host memory copy");
      out["note"] = method_ == Method::kMap
                        ? "the mapped pointer is the device buffer itself: map and unmap move "
                          "nothing, the figure is the host memcpy into or out of it"
                        : "the device works on host memory: the transfer is a copy within host "
                          "memory, not over a link";
    }
    return out;
  }

 private:
  using DeviceArray = MirroredArray<opencl::Memory, double>;

  // Device-timed (bandwidth) or, for latency, 0: the host clock times it.
  double timed_iteration() override {
    cl::Event first, last;
    for (int t = 0; t < plan_.transfers; ++t) {
      cl::Event* start = t == 0 ? &first : &last;
      if (method_ == Method::kMap) {
        map_transfer(start, &last);
      } else {
        buffer_transfer(method_ == Method::kBuffer ? CL_TRUE : CL_FALSE, start);
      }
    }
    if (latency_) {
      ACCELBENCH_CL_CHECK(session_.queue.finish());
      return 0;  // host-timed
    }
    return plan_.transfers == 1 && method_ != Method::kMap ? opencl::elapsed_seconds(first, first)
                                                           : opencl::elapsed_seconds(first, last);
  }

  // Reads a device destination (h2d) into its mirror; untimed. A d2h
  // destination is already in host memory.
  void fetch_result() override {
    if (plan_.direction == Direction::kHostToDevice) device_array_.fetch(session_);
  }

  Verification check_mirror() override {
    return host_device::verify(plan_.direction, destination());
  }

  std::span<std::byte> mirror_bytes() override { return std::as_writable_bytes(destination()); }

  std::size_t bytes() const { return static_cast<std::size_t>(plan_.bytes); }

  void buffer_transfer(cl_bool blocking, cl::Event* event) {
    if (plan_.direction == Direction::kHostToDevice) {
      ACCELBENCH_CL_CHECK(session_.queue.enqueueWriteBuffer(device_array_.device(), blocking, 0,
                                                            bytes(), host_.data(), nullptr, event));
    } else {
      ACCELBENCH_CL_CHECK(session_.queue.enqueueReadBuffer(device_array_.device(), blocking, 0,
                                                           bytes(), host_.data(), nullptr, event));
    }
  }

  void map_transfer(cl::Event* map_event, cl::Event* unmap_event) {
    const bool to_device = plan_.direction == Direction::kHostToDevice;
    cl_int status = CL_SUCCESS;
    void* mapped = session_.queue.enqueueMapBuffer(
        device_array_.device(), CL_TRUE, to_device ? CL_MAP_WRITE_INVALIDATE_REGION : CL_MAP_READ,
        0, bytes(), nullptr, map_event, &status);
    ACCELBENCH_CL_CHECK(status);
    if (to_device) {
      std::memcpy(mapped, host_.data(), bytes());
    } else {
      std::memcpy(host_.data(), mapped, bytes());
    }
    if (last_mapped_ != nullptr && mapped != last_mapped_) same_mapping_ = false;
    last_mapped_ = mapped;
    ACCELBENCH_CL_CHECK(
        session_.queue.enqueueUnmapMemObject(device_array_.device(), mapped, nullptr, unmap_event));
  }

  // Zero-copy: the device works on host memory, and for map, every map
  // returned the same pointer (the buffer's own storage).
  bool zero_copy() const {
    if (!session_.host_unified_memory) return false;
    return method_ != Method::kMap || (last_mapped_ != nullptr && same_mapping_);
  }

  std::span<double> destination() {
    return plan_.direction == Direction::kHostToDevice ? device_array_.host() : host_.span();
  }

  Device device_;
  bool latency_;
  Plan plan_;
  Method method_;
  opencl::Session session_;
  HostBuffer host_;
  DeviceArray device_array_;
  void* last_mapped_ = nullptr;
  bool same_mapping_ = true;
};

Offer opencl_offer(const Device& device) {
  Offer offer;
  offer.methods = kMethods;
  offer.directions = {Direction::kHostToDevice, Direction::kDeviceToHost};
  // A device that does not report its largest allocation sweeps to the 1 GiB
  // cap; a size it cannot allocate is then skipped by make_buffer.
  offer.largest_bytes = std::min<std::int64_t>(
      static_cast<std::int64_t>(device.facts.max_allocation_bytes.value_or(std::uint64_t{1} << 30)),
      std::int64_t{1} << 30);
  return offer;
}

ACCELBENCH_REGISTER(
    kOpenclHostDevice,
    definitions("opencl",
                "host<->device transfer bandwidth: buffer, async buffer and map; pinned "
                "and pageable; size sweep; zero-copy labelled",
                "time of one blocking 8-byte transfer as the host sees it", opencl_offer,
                [](const Device& device, const Params& params,
                   bool latency) -> std::unique_ptr<Case> {
                  return std::make_unique<OpenclTransfer>(device, params, latency);
                }));

}  // namespace
}  // namespace accelbench::host_device
