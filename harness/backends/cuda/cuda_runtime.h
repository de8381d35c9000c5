// The CUDA backend: device enumeration and description, the status check for
// runtime calls, and event timing. Devices are "cuda:N" in the runtime's
// order (CUDA_VISIBLE_DEVICES applies). Enumeration runs in a child process:
// a CUDA context does not survive fork, and --isolate forks.
#pragma once

#include <accelbench/device.h>
#include <accelbench/error.h>
#include <cuda_runtime_api.h>

#include <span>
#include <string>
#include <utility>

namespace accelbench::cuda {

// Throws a failure naming the call, CUDA's error name and text, file and line
// unless `status` is cudaSuccess.
void check(cudaError_t status, const char* call, const char* file, int line);

#define ACCELBENCH_CUDA_CHECK(call) ::accelbench::cuda::check((call), #call, __FILE__, __LINE__)

// Makes `device` (cuda:N) current on this thread; throws unsupported when it
// is gone or is not the device the catalog named.
void use_device(const Device& device);

// Lets device index `from` access `to`'s memory (already enabled is fine);
// leaves `from` current. Throws unsupported when the pair cannot.
void enable_peer_access(int from, int to);

// Device time between two recorded events, in seconds (waits for `stop`).
double elapsed_seconds(cudaEvent_t start, cudaEvent_t stop);

// Owns a pair of events for timing one iteration, created at first use on the
// device current then: a case's constructor must not touch the runtime (the
// selection constructs every case in the parent process, and a context made
// there is unusable in a forked --isolate child), and the events must belong
// to the case's device, made current in setup().
class EventPair {
 public:
  EventPair() = default;
  ~EventPair();
  EventPair(const EventPair&) = delete;
  EventPair& operator=(const EventPair&) = delete;
  cudaEvent_t start() {
    create();
    return start_;
  }
  cudaEvent_t stop() {
    create();
    return stop_;
  }
  double seconds() { return elapsed_seconds(start(), stop()); }

 private:
  void create();

  cudaEvent_t start_ = nullptr;
  cudaEvent_t stop_ = nullptr;
};

// A non-blocking stream, created by create() in setup() (not by a
// constructor: see EventPair), destroyed with the object.
class Stream {
 public:
  Stream() = default;
  ~Stream();
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
  void create();
  cudaStream_t get() const { return stream_; }
  void synchronize() const;

 private:
  cudaStream_t stream_ = nullptr;
};

// Device memory of `count` elements of T, freed with the object.
template <class T>
class DeviceBuffer {
 public:
  explicit DeviceBuffer(std::size_t count = 0) : count_(count) {
    if (count > 0) ACCELBENCH_CUDA_CHECK(cudaMalloc(&data_, count * sizeof(T)));
  }
  ~DeviceBuffer() {
    if (data_) cudaFree(data_);
  }
  DeviceBuffer(DeviceBuffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), count_(other.count_) {}
  DeviceBuffer& operator=(DeviceBuffer&& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(count_, other.count_);
    return *this;
  }
  T* get() const { return data_; }
  std::size_t size() const { return count_; }
  std::size_t bytes() const { return count_ * sizeof(T); }

 private:
  T* data_ = nullptr;
  std::size_t count_ = 0;
};

// The memory policy of the backend kit's MirroredArray (accelbench/device_case.h):
// device buffers, copies ordered on the case's stream.
struct Memory {
  using Queue = Stream;
  template <class T>
  using Buffer = DeviceBuffer<T>;
  template <class T>
  static Buffer<T> allocate(Queue&, std::size_t count) {
    return Buffer<T>(count);
  }
  template <class T>
  static void upload(Queue& stream, Buffer<T>& buffer, std::span<const T> host) {
    ACCELBENCH_CHECK(host.size() == buffer.size(), "upload of a mirror of another size");
    ACCELBENCH_CUDA_CHECK(cudaMemcpyAsync(buffer.get(), host.data(), buffer.bytes(),
                                          cudaMemcpyHostToDevice, stream.get()));
  }
  template <class T>
  static void download(Queue& stream, const Buffer<T>& buffer, std::span<T> host) {
    ACCELBENCH_CHECK(host.size() == buffer.size(), "download into a mirror of another size");
    ACCELBENCH_CUDA_CHECK(cudaMemcpyAsync(host.data(), buffer.get(), buffer.bytes(),
                                          cudaMemcpyDeviceToHost, stream.get()));
    stream.synchronize();
  }
};

}  // namespace accelbench::cuda
