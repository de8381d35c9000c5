// Random, incompressible benchmark data that any element of can be
// regenerated for verification: value = f(stream, index), no state.
#pragma once

#include <cstdint>
#include <vector>

namespace accelbench {

// SplitMix64: a fast, well-mixed 64-bit hash.
constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A uniform double in [low, high) for element `index` of data stream
// `stream` (one stream per array).
constexpr double random_value(std::uint64_t stream, std::uint64_t index, double low, double high) {
  const std::uint64_t bits = splitmix64(splitmix64(stream) ^ index);
  const double unit = static_cast<double>(bits >> 11) * 0x1.0p-53;  // [0, 1)
  return low + (high - low) * unit;
}

// A uniformly random permutation of 0 … nodes−1 that is a single cycle
// (Sattolo's algorithm): order[k] is the k-th node visited, and the node after
// order[nodes−1] is order[0]. For pointer chases no prefetcher can predict.
std::vector<std::uint32_t> random_cycle(std::size_t nodes, std::uint64_t seed);

// A cycle through every node in which each node lies on a different page from
// the one before it (the TLB-hostile order of lmbench's `lat_mem_rd -t`):
// nodes 0 … nodes−1 sit `nodes_per_page` to a page; the pages are visited in
// one random order, again and again, taking each time the next node of each
// page in that page's own random order. Throws std::logic_error unless
// `nodes` is a multiple of `nodes_per_page` and spans at least two pages.
std::vector<std::uint32_t> page_crossing_cycle(std::size_t nodes, std::size_t nodes_per_page,
                                               std::uint64_t seed);

}  // namespace accelbench
