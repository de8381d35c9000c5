// What the GPU tests need to know before they use CUDA. The device catalog is
// enumerated once per test process, before the first test runs: enumeration
// forks a child, and a child cannot use CUDA once its parent has, so a later
// enumeration would report "no CUDA device" on a machine that has one. A
// machine that has an NVIDIA driver's device nodes (/dev/nvidia0, ...) has a
// GPU: there, a GPU test that finds no CUDA device fails instead of skipping.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "selection.h"

namespace accelbench::cuda_test {

// Whether `dev` (a /dev folder) holds an NVIDIA GPU's device node, nvidiaN.
bool nvidia_gpu_node_present(const std::string& dev = "/dev");

struct CatalogState {
  bool environment_ran = false;  // the environment's SetUp ran before the tests
  bool taken_before_tests = false;
  DeviceCatalog catalog;
};

// The catalog as enumerated before the first test (or, on a machine without
// a GPU node, at first use: no CUDA context can exist there).
const CatalogState& catalog_state();

// The first CUDA device of the catalog; `why_not` says why there is none.
std::optional<Device> first_cuda_device(std::string& why_not);

// cuda:0 of `gpus` H200s as enumeration describes it and its facts (132 SMs, 60 MiB of L2,
// `gpus` visible devices, peer access to every other GPU, no host locality):
// the host tests' device, no runtime needed.
inline Device described_h200(int gpus = 1) {
  nlohmann::ordered_json peer_access = {nullptr};
  for (int i = 1; i < gpus; ++i) peer_access.push_back(true);
  nlohmann::ordered_json description = {{"name", "NVIDIA H200"},
                                        {"compute_capability", "9.0"},
                                        {"sm_count", 132},
                                        {"sm_clock_mhz", 1980},
                                        {"memory_bytes", std::int64_t{150} << 30},
                                        {"l2_cache_bytes", std::int64_t{60} << 20},
                                        {"peer_access", peer_access}};
  DeviceFacts facts;
  facts.compute_units = 132;
  facts.clock_mhz = 1980;
  facts.memory_bytes = std::uint64_t{150} << 30;
  facts.max_allocation_bytes = facts.memory_bytes;
  facts.last_level_cache_bytes = std::uint64_t{60} << 20;
  facts.max_work_group_size = 1024;
  facts.architecture = "9.0";
  facts.peer_access = std::vector<int>();
  for (int i = 1; i < gpus; ++i) facts.peer_access->push_back(i);
  facts.visible_devices = gpus;
  facts.unified_memory = false;
  facts.gpu = true;
  return {"cuda:0", "cuda", 0, "NVIDIA H200", description, facts};
}

}  // namespace accelbench::cuda_test

// In a GPU test: binds `device` to the first CUDA device; without one, skips
// the test, unless the machine has a GPU node: then the test fails.
#define ACCELBENCH_CUDA_DEVICE_OR_SKIP(device)                                              \
  std::string device##_why_not;                                                             \
  const auto device = ::accelbench::cuda_test::first_cuda_device(device##_why_not);         \
  if (!device) {                                                                            \
    if (::accelbench::cuda_test::nvidia_gpu_node_present()) {                               \
      FAIL() << "this machine has an NVIDIA GPU (/dev/nvidia*) but the test finds no CUDA " \
                "device: "                                                                  \
             << device##_why_not;                                                           \
    }                                                                                       \
    GTEST_SKIP() << device##_why_not;                                                       \
  }
