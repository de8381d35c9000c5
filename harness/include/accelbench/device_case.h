// The backend kit's device-resident case: what every accelerator case repeats
// (a result in device memory, its host mirror, upload, one fetch after the
// timed iterations, verification on the mirror) in one place. A CUDA, OpenCL
// or later backend's case keeps only its kernels or copies and its runtime
// calls: it queues an iteration and returns the device time of it
// (timed_iteration), and copies its result into the mirror (fetch_result).
#pragma once

#include <accelbench/benchmark.h>

#include <cstddef>
#include <span>
#include <utility>
#include <vector>

namespace accelbench {

// A Case whose result lives in the device's memory. The result is fetched
// once after the timed iterations, by whichever of verify() and
// result_bytes() comes first; the runner's fault injection flips bits of the
// mirror (result_bytes), so verify() checks exactly what it was given. A new
// iteration makes the mirror stale again.
class DeviceResidentCase : public Case {
 public:
  double iterate() final {
    fetched_ = false;
    return timed_iteration();
  }
  Verification verify() final {
    fetch();
    return check_mirror();
  }
  std::span<std::byte> result_bytes() final {
    fetch();
    return mirror_bytes();
  }

 protected:
  // Queues one iteration's work (behind whatever holds the clock: the work is
  // queued before the timed region starts) and returns its device seconds.
  virtual double timed_iteration() = 0;
  // Copies the result from the device into the host mirror; untimed, blocking.
  virtual void fetch_result() = 0;
  // Checks the mirror against the gold values.
  virtual Verification check_mirror() = 0;
  // The mirror's bytes that check_mirror() reads.
  virtual std::span<std::byte> mirror_bytes() = 0;

 private:
  void fetch() {
    if (fetched_) return;
    fetch_result();
    fetched_ = true;
  }
  bool fetched_ = false;
};

// An array in device memory and its host mirror. `Memory` is the backend's
// memory policy (cuda::Memory, opencl::Memory):
//
//   struct Memory {
//     using Queue = ...;               // orders the copies (a stream, a queue)
//     template <class T> using Buffer = ...;  // owns device memory
//     template <class T> static Buffer<T> allocate(Queue&, std::size_t count);
//     // Queued: ordered before any later work on the queue.
//     template <class T> static void upload(Queue&, Buffer<T>&, std::span<const T>);
//     // Returns when the host copy is complete (after all earlier work).
//     template <class T> static void download(Queue&, const Buffer<T>&, std::span<T>);
//   };
template <class Memory, class T>
class MirroredArray {
 public:
  using Queue = typename Memory::Queue;
  using Buffer = typename Memory::template Buffer<T>;

  MirroredArray() = default;
  // Allocates `count` elements on the device and queues the upload of the
  // host values value_of(0 … count − 1).
  template <class ValueOf>
  MirroredArray(Queue& queue, std::size_t count, ValueOf value_of) : host_(count) {
    for (std::size_t i = 0; i < count; ++i) host_[i] = value_of(i);
    device_ = Memory::template allocate<T>(queue, count);
    Memory::upload(queue, device_, std::span<const T>(host_));
  }

  // Allocates `count` elements on the device and a mirror of as many, and
  // uploads nothing: for a result the device writes in full before it is
  // fetched (the device's contents are undefined until then).
  MirroredArray(Queue& queue, std::size_t count)
      : host_(count), device_(Memory::template allocate<T>(queue, count)) {}

  // Copies the device's array into the mirror.
  void fetch(Queue& queue) { Memory::download(queue, std::as_const(device_), std::span<T>(host_)); }

  std::span<T> host() { return host_; }
  std::span<const T> host() const { return host_; }
  std::span<std::byte> host_bytes() { return std::as_writable_bytes(std::span<T>(host_)); }
  Buffer& device() { return device_; }
  const Buffer& device() const { return device_; }
  std::size_t size() const { return host_.size(); }

 private:
  std::vector<T> host_;
  Buffer device_{};
};

}  // namespace accelbench
