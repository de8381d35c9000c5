// The example backend (tests/example_backend): one stand-in device,
// "example:0", that works on host memory. It exists to prove that a backend is
// one folder (README.md, Adding a backend); it measures nothing about an
// accelerator. Its memory policy copies between host vectors, and its "device
// timer" is the host's steady clock.
#pragma once

#include <accelbench/error.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <span>
#include <vector>

namespace accelbench::example {

// The memory policy of the backend kit's MirroredArray (accelbench/device_case.h):
// "device" buffers are host vectors, and a copy is complete when it returns.
struct Memory {
  struct Queue {};  // nothing to order: copies are synchronous
  template <class T>
  using Buffer = std::vector<T>;
  template <class T>
  static Buffer<T> allocate(Queue&, std::size_t count) {
    return Buffer<T>(count);
  }
  template <class T>
  static void upload(Queue&, Buffer<T>& buffer, std::span<const T> host) {
    ACCELBENCH_CHECK(host.size() == buffer.size(), "upload of a mirror of another size");
    std::copy(host.begin(), host.end(), buffer.begin());
  }
  template <class T>
  static void download(Queue&, const Buffer<T>& buffer, std::span<T> host) {
    ACCELBENCH_CHECK(host.size() == buffer.size(), "download into a mirror of another size");
    std::copy(buffer.begin(), buffer.end(), host.begin());
  }
};

// The stand-in device timer: seconds of the host's steady clock around `work`.
template <class Work>
double device_seconds(Work&& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace accelbench::example
