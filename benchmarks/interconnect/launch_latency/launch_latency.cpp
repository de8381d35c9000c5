#include "launch_latency.h"

namespace accelbench::launch_latency {

Work work() {
  Work w;
  w.operations = kLaunchesPerIteration;
  w.convention = std::to_string(kLaunchesPerIteration) +
                 " launches of a one-work-item kernel per iteration, each waited for; ns per "
                 "launch from queued to end";
  return w;
}

Verification verify(std::uint64_t word, std::uint64_t launches) {
  Verification v =
      check_scalar(static_cast<double>(word), static_cast<double>(launches), 0,
                   "the counter every launch increments vs the number of launches (exact)");
  v.bytes_checked = sizeof word;
  return v;
}

}  // namespace accelbench::launch_latency
