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

TEST(CudaCases, ConstructingACaseTouchesNoRuntime) {
  for (const auto& d : cuda_test::catalog_state().catalog.devices) {
    if (d.backend == "cuda") GTEST_SKIP() << "a CUDA device is present: runtime calls succeed";
  }
  const Device gpu = cuda_test::described_h200(2);
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
