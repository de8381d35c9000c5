// The SM copy kernel of host_device's and peer's sm_kernel method, as
// nvbandwidth writes it: 16-byte (uint4) loads and stores, four in flight per
// thread, over a grid of one full wave (the occupancy API's blocks per SM x
// SMs); the few bytes past the last 16-byte word are copied by one thread.
#pragma once

#include <cstddef>
#include <cstdint>

#include "cuda/cuda_runtime.h"

namespace accelbench::cuda {
namespace {

inline constexpr int kCopyBlock = 512;
inline constexpr int kCopyDepth = 4;

__global__ void copy_16_byte_words(const uint4* __restrict__ from, uint4* __restrict__ to,
                                   std::size_t bytes) {
  const std::size_t words = bytes / sizeof(uint4);
  const std::size_t stride = static_cast<std::size_t>(gridDim.x) * blockDim.x;
  std::size_t i = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  for (; i + (kCopyDepth - 1) * stride < words; i += kCopyDepth * stride) {
    uint4 v[kCopyDepth];
#pragma unroll
    for (int k = 0; k < kCopyDepth; ++k) v[k] = from[i + k * stride];
#pragma unroll
    for (int k = 0; k < kCopyDepth; ++k) to[i + k * stride] = v[k];
  }
  for (; i < words; i += stride) to[i] = from[i];
  if (blockIdx.x == 0 && threadIdx.x == 0) {
    const auto* tail_from = reinterpret_cast<const unsigned char*>(from + words);
    auto* tail_to = reinterpret_cast<unsigned char*>(to + words);
    for (std::size_t b = 0; b < bytes % sizeof(uint4); ++b) tail_to[b] = tail_from[b];
  }
}

// One full wave of the copy kernel on the current device (loads the kernel).
inline int copy_grid(int sm_count) {
  int per_sm = 0;
  ACCELBENCH_CUDA_CHECK(
      cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, copy_16_byte_words, kCopyBlock, 0));
  return std::max(1, per_sm) * std::max(1, sm_count);
}

inline void launch_copy(const void* from, void* to, std::size_t bytes, int grid,
                        cudaStream_t stream) {
  copy_16_byte_words<<<grid, kCopyBlock, 0, stream>>>(static_cast<const uint4*>(from),
                                                      static_cast<uint4*>(to), bytes);
}

}  // namespace
}  // namespace accelbench::cuda
