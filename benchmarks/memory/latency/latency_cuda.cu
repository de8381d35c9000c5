// memory/latency on a CUDA device: the CUDA backend's pointer chase
// (cuda/pointer_chase.h) with ordinary loads, which L1 and L2 serve. The
// working sets sweep 4 KiB to 16 x L2 and at least 1 GiB, so the plateaus
// are L1, L2 and HBM, the last point hitting L2 for at most 1/16 of its loads.
#include <vector>

#include "cuda/pointer_chase.h"
#include "latency.h"

namespace accelbench::latency {
namespace {

// 0 when the L2 is unknown (device_definition's contract): the sweep then
// reaches kGpuSweepReach's 1 GiB and the analysis names no L2 level.
std::uint64_t l2_bytes(const Device& device) {
  return device.facts.last_level_cache_bytes.value_or(0);
}

ACCELBENCH_REGISTER(kCudaLatency,
                    std::vector<Definition>{device_definition(
                        "cuda",
                        "GPU memory latency by random pointer chase (one thread): L1, L2, HBM",
                        "L2", l2_bytes,
                        [](const Device& device, const Params& params) -> std::unique_ptr<Case> {
                          return cuda::make_pointer_chase(device, device.index,
                                                          offset_nodes(params),
                                                          cuda::ChaseLoads::kCached);
                        },
                        kGpuSweepReach)});

}  // namespace
}  // namespace accelbench::latency
