// The CPU backend: the host as device "cpu:0", OpenMP threads pinned with
// hwloc, and page-aligned host buffers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

// Compiles a function for AVX-512, AVX2 and baseline x86-64 and picks one at
// load time (ifunc): for kernels whose speed depends on the vector width in
// a binary built for the baseline. Not under TSan: it instruments the ifunc
// resolver, which the loader runs before TSan's runtime starts (a crash at
// load). GCC says TSan with __SANITIZE_THREAD__, clang with __has_feature.
#if defined(__SANITIZE_THREAD__)
#define ACCELBENCH_UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define ACCELBENCH_UNDER_TSAN 1
#endif
#endif
#if defined(__x86_64__) && !defined(ACCELBENCH_UNDER_TSAN)
#define ACCELBENCH_VECTOR_CLONES \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define ACCELBENCH_VECTOR_CLONES
#endif

namespace accelbench::cpu {

int core_count();
std::uint64_t last_level_cache_bytes();

struct DataCache {
  std::string name;  // "L1d", "L2", "L3"
  std::uint64_t bytes;
};
// The data (and unified) cache levels hwloc reports, smallest first.
std::vector<DataCache> data_caches();

// Binds the calling thread to core `core` (mod cores) with hwloc; returns
// where it runs, for the results file.
nlohmann::ordered_json pin_current_thread(int core);

// What two cores share, from their closest common hwloc ancestor: "same core",
// "same L2", "same L3", "same package" or "across packages".
std::string core_sharing(int core_a, int core_b);

// Binds OpenMP thread i of a team of `threads` to core (i mod cores) with
// hwloc, unless the user chose a binding with OMP_PLACES or OMP_PROC_BIND,
// which is then respected. Returns where each thread runs, for the results
// file. libgomp keeps a team's threads between parallel regions of the same
// size, so the binding holds for the kernels that follow.
nlohmann::ordered_json pin_openmp_threads(int threads);
// The same over a chosen list of cores (thread i on cores[i mod size]).
nlohmann::ordered_json pin_openmp_threads(int threads, const std::vector<int>& cores);

// NUMA nodes hwloc reports (at least 1) and the cores whose PUs are local to
// one of them.
int numa_node_count();
std::vector<int> cores_of_numa_node(int node);

// Memory bound to one NUMA node with hwloc (policy BIND, strict); throws
// Error(kUnsupported) where the system cannot bind memory.
class NodeMemory {
 public:
  NodeMemory(std::size_t bytes, int node);
  ~NodeMemory();
  NodeMemory(const NodeMemory&) = delete;
  NodeMemory& operator=(const NodeMemory&) = delete;
  void* get() const { return memory_; }
  // The nodes the pages actually are on (after first touch), as hwloc sees it.
  std::vector<int> nodes_holding() const;

 private:
  std::size_t bytes_;
  void* memory_ = nullptr;
};

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

// Uninitialised storage for `count` values of T, aligned to 2 MiB so that
// transparent huge pages can back it. The benchmark's own threads touch it
// first, so pages land on their NUMA nodes.
template <class T>
std::unique_ptr<T[], FreeDeleter> allocate_buffer(std::size_t count) {
  constexpr std::size_t kAlignment = std::size_t{2} << 20;
  std::size_t bytes = count * sizeof(T);
  bytes = (bytes + kAlignment - 1) / kAlignment * kAlignment;
  void* p = std::aligned_alloc(kAlignment, bytes);
  if (!p) throw std::bad_alloc();
  return std::unique_ptr<T[], FreeDeleter>(static_cast<T*>(p));
}

}  // namespace accelbench::cpu
