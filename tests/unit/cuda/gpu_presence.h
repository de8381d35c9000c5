// What the GPU tests need to know before they use CUDA. The device catalog is
// enumerated once per test process, before the first test runs: enumeration
// forks a child, and a child cannot use CUDA once its parent has, so a later
// enumeration would report "no CUDA device" on a machine that has one. A
// machine that has an NVIDIA driver's device nodes (/dev/nvidia0, ...) has a
// GPU: there, a GPU test that finds no CUDA device fails instead of skipping.
#pragma once

#include <gtest/gtest.h>

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
