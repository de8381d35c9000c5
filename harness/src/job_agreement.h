// Checks that may fail on some ranks of a job and not on others (a bad
// --node-name on one rank, an unwritable --out on rank 0, a --device one
// node lacks) must fail on every rank, or the ranks that passed wait forever
// in the job's next collective call for the one that left.
#pragma once

#include <accelbench/job.h>

#include <functional>

namespace accelbench {

// Runs `step` on this rank, then tells every rank whether any rank's step
// threw (an accelbench Error or another exception, a failure); if one did, every rank throws the
// error of the lowest such rank (of the same kind, its rank named when the job has more than one).
// Collective: every rank must call it.
void on_every_rank_or_none(Job& job, const std::function<void()>& step);

}  // namespace accelbench
