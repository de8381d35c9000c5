// Runs a function in a forked child process and collects what it writes back
// through a pipe, under a watchdog. The child never returns into the caller's
// code: it runs `work`, writes its text and exits.
#pragma once

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

// "SIGSEGV"; SIGKILL adds that it may have been the out-of-memory killer.
std::string signal_text(int signal);

}  // namespace accelbench
