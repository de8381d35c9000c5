// The calling thread's CPU affinity, put back when the guard goes out of
// scope: for code that pins the thread for a while (a benchmark placing its
// timing thread on a device's NUMA node, the node-local phase of a per-node
// run) and must leave it where it found it.
#pragma once

#include <sched.h>

namespace accelbench {

class ThreadAffinityRestore {
 public:
  ThreadAffinityRestore() { saved_ = sched_getaffinity(0, sizeof cpus_, &cpus_) == 0; }
  ~ThreadAffinityRestore() {
    if (saved_) sched_setaffinity(0, sizeof cpus_, &cpus_);
  }
  ThreadAffinityRestore(const ThreadAffinityRestore&) = delete;
  ThreadAffinityRestore& operator=(const ThreadAffinityRestore&) = delete;

 private:
  cpu_set_t cpus_{};
  bool saved_ = false;
};

}  // namespace accelbench
