// Runs a function in a forked child process and collects what it writes back
// through a pipe, under a watchdog. The child never returns into the caller's
// code: it runs `work`, writes its text and exits.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>

namespace accelbench {

struct ChildOutcome {
  std::string output;         // what `work` returned (empty if it never did)
  bool timed_out = false;     // killed by the watchdog
  std::optional<int> signal;  // killed by this signal
  int exit_code = 0;
  std::string spawn_error;  // fork or pipe failed; nothing ran
};

// The child runs `work` and exits with code 0 after writing its result; an
// exception escaping `work` exits with code 1. After `timeout_s` seconds the
// child is killed with SIGKILL.
ChildOutcome run_in_child(const std::function<std::string()>& work, double timeout_s);

// Called first in a child right after fork(), with the parent's pid read
// before the fork: the child gets SIGKILL when its parent dies (so killing
// accelbench, even with SIGKILL, leaves no benchmark running), and exits at
// once if the parent already died between the fork and this call. Linux ties
// the death signal to the thread that forked: fork from a thread that lives
// as long as the parent process (accelbench forks from its main thread).
void die_with_parent(pid_t parent);

// "SIGSEGV"; SIGKILL adds that it may have been the out-of-memory killer.
std::string signal_text(int signal);

}  // namespace accelbench
