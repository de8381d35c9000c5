// The Ascend backend: NPUs through AscendCL, loaded at run time
// (acl_library.h). Devices are "ascend:N" in AscendCL's order
// (ASCEND_RT_VISIBLE_DEVICES applies), enumerated in a child process (the
// runtime's threads do not survive fork, and --isolate forks). This header is
// what a benchmark's <bench>_ascend.cpp uses: the status checks, the device,
// streams, event timing, device and pinned host memory, and the backend kit's
// memory policy.
#pragma once

#include <accelbench/device.h>
#include <accelbench/error.h>

#include <cstddef>
#include <span>
#include <utility>

#include "ascend/acl_api.h"
#include "ascend/acl_library.h"

namespace accelbench::ascend {

// Throws a failure naming the call, the error code, AscendCL's most recent
// error message (aclGetRecentErrMsg, where the runtime has it), file and line
// unless `status` is ACL_SUCCESS.
void check(aclError status, const char* call, const char* file, int line);
// The same for aclnn's status (0: success).
void check_aclnn(aclnnStatus status, const char* call, const char* file, int line);

#define ACCELBENCH_ACL_CHECK(call) ::accelbench::ascend::check((call), #call, __FILE__, __LINE__)
#define ACCELBENCH_ACLNN_CHECK(call) \
  ::accelbench::ascend::check_aclnn((call), #call, __FILE__, __LINE__)

// Makes `device` (ascend:N) current on this thread (aclrtSetDevice); throws
// unsupported when the runtime is gone or has fewer devices now.
void use_device(const Device& device);

// Lets device index `from` access `to`'s memory (aclrtDeviceEnablePeerAccess,
// once per pair and process); leaves `from` current. Throws unsupported when
// the pair cannot (aclrtDeviceCanAccessPeer) or the runtime lacks the calls.
void enable_peer_access(int from, int to);

// The device current on this thread (aclrtGetDevice).
int current_device();

// Runs `release` (a free or a destroy) with device `device` current and its
// queued work finished, then makes the previous device current again:
// aclrtFree does not wait for the streams that still use the memory, and
// aclrtDestroyStream wants its device current and its work done. Never throws
// (destructors call it); a failing call is ignored, as a free in a destructor
// can do nothing better.
void release_on_device(int device, void (*release)(void*), void* handle) noexcept;

// A stream, created by create() in setup() (not by a constructor: the
// selection constructs every case in the parent process, and a runtime used
// there is unusable in a forked --isolate child) on the device current then,
// and destroyed with the object once its work is done.
class Stream {
 public:
  Stream() = default;
  ~Stream();
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
  void create();
  aclrtStream get() const { return stream_; }
  void synchronize() const;

 private:
  aclrtStream stream_ = nullptr;
  int device_ = -1;
};

// A pair of timing events (ACL_EVENT_TIME_LINE), created at first use on the
// device current then (see Stream).
class EventPair {
 public:
  EventPair() = default;
  ~EventPair();
  EventPair(const EventPair&) = delete;
  EventPair& operator=(const EventPair&) = delete;
  aclrtEvent start() {
    create();
    return start_;
  }
  aclrtEvent stop() {
    create();
    return stop_;
  }
  // Records start and stop on `stream`.
  void record_start(const Stream& stream);
  void record_stop(const Stream& stream);
  // Device seconds between the recorded events (waits for stop).
  double seconds();

 private:
  void create();
  aclrtEvent start_ = nullptr;
  aclrtEvent stop_ = nullptr;
};

// Device seconds between two recorded events (waits for `stop`).
double elapsed_seconds(aclrtEvent start, aclrtEvent stop);

// Frees device memory (aclrtFree) with release_on_device.
void free_device_memory(void* data);

// Device memory of `count` elements of T (aclrtMalloc, huge pages first) on
// the device current at construction, freed with the object once the device's
// queued work is done.
template <class T>
class DeviceBuffer {
 public:
  explicit DeviceBuffer(std::size_t count = 0) : count_(count) {
    if (count > 0) {
      device_ = current_device();
      void* data = nullptr;
      ACCELBENCH_ACL_CHECK(acl().aclrtMalloc(&data, bytes(), ACL_MEM_MALLOC_HUGE_FIRST));
      data_ = static_cast<T*>(data);
    }
  }
  ~DeviceBuffer() {
    if (data_) release_on_device(device_, free_device_memory, data_);
  }
  DeviceBuffer(DeviceBuffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)),
        count_(std::exchange(other.count_, 0)),
        device_(other.device_) {}
  DeviceBuffer& operator=(DeviceBuffer&& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(count_, other.count_);
    std::swap(device_, other.device_);
    return *this;
  }
  T* get() const { return data_; }
  std::size_t size() const { return count_; }
  std::size_t bytes() const { return count_ * sizeof(T); }

 private:
  T* data_ = nullptr;
  std::size_t count_ = 0;
  int device_ = -1;
};

// Page-locked host memory of `count` elements of T (aclrtMallocHost), freed
// with the object.
template <class T>
class PinnedHostBuffer {
 public:
  explicit PinnedHostBuffer(std::size_t count = 0) : count_(count) {
    if (count > 0) {
      void* data = nullptr;
      ACCELBENCH_ACL_CHECK(acl().aclrtMallocHost(&data, bytes()));
      data_ = static_cast<T*>(data);
    }
  }
  ~PinnedHostBuffer() {
    if (data_) acl().aclrtFreeHost(data_);
  }
  PinnedHostBuffer(PinnedHostBuffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), count_(std::exchange(other.count_, 0)) {}
  PinnedHostBuffer& operator=(PinnedHostBuffer&& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(count_, other.count_);
    return *this;
  }
  T* get() const { return data_; }
  std::span<T> span() const { return {data_, count_}; }
  std::size_t size() const { return count_; }
  std::size_t bytes() const { return count_ * sizeof(T); }

 private:
  T* data_ = nullptr;
  std::size_t count_ = 0;
};

// The memory policy of the backend kit's MirroredArray (accelbench/device_case.h).
// The mirrors are pageable host memory, which aclrtMemcpyAsync refuses in
// CANN 7.0 and 8.0 (later releases take it and copy synchronously): an upload
// or a download waits for the stream (so it is ordered after all earlier
// work), then copies with the synchronous aclrtMemcpy (so it is complete
// before any later work is queued). Untimed: the kit copies outside the
// timed iterations.
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
    stream.synchronize();
    if (buffer.bytes() == 0) return;
    ACCELBENCH_ACL_CHECK(acl().aclrtMemcpy(buffer.get(), buffer.bytes(), host.data(),
                                           buffer.bytes(), ACL_MEMCPY_HOST_TO_DEVICE));
  }
  template <class T>
  static void download(Queue& stream, const Buffer<T>& buffer, std::span<T> host) {
    ACCELBENCH_CHECK(host.size() == buffer.size(), "download into a mirror of another size");
    stream.synchronize();
    if (buffer.bytes() == 0) return;
    ACCELBENCH_ACL_CHECK(acl().aclrtMemcpy(host.data(), host.size_bytes(), buffer.get(),
                                           buffer.bytes(), ACL_MEMCPY_DEVICE_TO_HOST));
  }
};

}  // namespace accelbench::ascend
