// Child processes under a watchdog. run_in_child: a function runs in a forked
// child and its text comes back through a pipe. ServingChild: a forked child
// answers the parent's requests, one line for one line, until the parent ends
// the requests. Neither child ever returns into the caller's code.
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

// Lines over a pair of pipe ends: one to read from, one to write to.
class LineChannel {
 public:
  LineChannel(int in, int out) : in_(in), out_(out) {}
  // The line and its newline; false when the other side is gone (without
  // SIGPIPE, which would end this process).
  bool send(const std::string& line);
  enum class Received { kLine, kEnd, kTimeout };
  // One line (without its newline) within `timeout_s`; what comes after it
  // stays buffered for the next call. kEnd: the other side closed its end.
  Received receive(std::string& line, double timeout_s);
  // Closes both ends (the other side then sees the end of its input).
  void close_ends();

 private:
  int in_;
  int out_;
  std::string buffer_;
};

// A child process that serves requests: the child runs `serve` with its end
// of the channel and exits with code 0 when `serve` returns. It has no other
// descriptor open than the standard ones and its two pipe ends (another
// child's pipes left open here would never see the end of their requests).
class ServingChild {
 public:
  explicit ServingChild(const std::function<void(LineChannel&)>& serve);
  // Ends the requests (the child returns from `serve`); waits for it up to
  // 5 s, then kills it with SIGKILL.
  ~ServingChild();
  ServingChild(const ServingChild&) = delete;
  ServingChild& operator=(const ServingChild&) = delete;

  // Empty when the child runs; else why it could not start.
  const std::string& spawn_error() const { return outcome_.spawn_error; }
  bool send(const std::string& line) { return channel_.send(line); }
  // A line within `timeout_s`; false when none came: the child was killed by
  // the watchdog (outcome().timed_out) or ended (outcome().signal,
  // exit_code).
  bool receive(std::string& line, double timeout_s);
  const ChildOutcome& outcome() const { return outcome_; }

 private:
  pid_t pid_ = -1;
  LineChannel channel_{-1, -1};
  ChildOutcome outcome_;
};

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
