// Isolation: an instance runs in a child process, so a crash (any signal), a
// hang (watchdog) or an out-of-memory kill becomes a status of that instance
// and the suite goes on.
#pragma once

#include "runner.h"

namespace accelbench {

// Forks; the child runs the instance and sends its record back through a
// pipe. No result within `timeout_s` seconds: the child is killed and the
// status is timeout. Killed by a signal: crashed(SIGNAME).
InstanceResult run_isolated(Instance instance, const Injection& injection, double timeout_s);

}  // namespace accelbench
