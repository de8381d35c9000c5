// Constructing a CUDA case must not touch the CUDA runtime: the selection
// constructs every case in the parent process to check its parameters, and a
// context made there cannot be used by a forked --isolate child. Where the
// runtime cannot start (no driver: this machine, CI), any runtime call fails
// and throws, so a constructor that makes one is caught here.
#include <accelbench/benchmark.h>
#include <gtest/gtest.h>

#include "gpu_presence.h"

namespace accelbench {
namespace {

// An H200-like device as enumeration would describe it, with two GPUs so that
// the peer benchmarks have instances.
Device described_gpu() {
  nlohmann::ordered_json description = {{"name", "NVIDIA H200"},
                                        {"compute_capability", "9.0"},
                                        {"sm_count", 132},
                                        {"sm_clock_mhz", 1980},
                                        {"memory_bytes", std::int64_t{150} << 30},
                                        {"l2_cache_bytes", std::int64_t{60} << 20},
                                        {"peer_access", {nullptr, true}}};
  return {"cuda:0", "cuda", 0, "NVIDIA H200", description};
}

TEST(CudaCases, ConstructingACaseTouchesNoRuntime) {
  for (const auto& d : cuda_test::catalog_state().catalog.devices) {
    if (d.backend == "cuda") GTEST_SKIP() << "a CUDA device is present: runtime calls succeed";
  }
  const Device gpu = described_gpu();
  int constructed = 0;
  for (const auto& definition : Registry::instance().all()) {
    if (definition.backend != "cuda") continue;
    for (Suite suite : {Suite::kQuick, Suite::kFull}) {
      for (const Params& params : definition.instances(gpu, suite)) {
        SCOPED_TRACE(definition.id + " " + params.name());
        try {
          definition.make_case(gpu, params);
          ++constructed;
        } catch (const Error& e) {
          ADD_FAILURE() << "the constructor threw: " << e.what();
        }
      }
    }
  }
  EXPECT_GT(constructed, 100);
}

}  // namespace
}  // namespace accelbench
