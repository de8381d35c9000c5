#include "child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <iostream>

namespace accelbench {
namespace {

void write_all(int fd, const std::string& text) {
  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t n = write(fd, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    data += n;
    left -= static_cast<std::size_t>(n);
  }
}

// Reads until end of file or the deadline; returns false on the deadline.
bool read_until_eof(int fd, std::chrono::steady_clock::time_point deadline, std::string& data) {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) return true;
    if (ready <= 0) continue;
    char buffer[65536];
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;  // end of file: the child is done (or died)
    data.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace

void die_with_parent(pid_t parent) {
  // If prctl fails the parent check below still catches an earlier death;
  // nothing else can be done in a forked child.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(1);
}

std::string signal_text(int signal) {
  const char* abbreviation = sigabbrev_np(signal);
  std::string name = abbreviation ? std::string("SIG") + abbreviation : std::to_string(signal);
  if (signal == SIGKILL) name += ", killed from outside: possibly the out-of-memory killer";
  return name;
}

ChildOutcome run_in_child(const std::function<std::string()>& work, double timeout_s) {
  ChildOutcome outcome;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    outcome.spawn_error = std::string("cannot create a pipe: ") + std::strerror(errno);
    return outcome;
  }
  std::cout.flush();
  std::cerr.flush();
  const pid_t parent = getpid();
  const pid_t child = fork();
  if (child < 0) {
    close(fds[0]);
    close(fds[1]);
    outcome.spawn_error = std::string("cannot fork: ") + std::strerror(errno);
    return outcome;
  }
  if (child == 0) {
    die_with_parent(parent);
    close(fds[0]);
    int code = 0;
    try {
      write_all(fds[1], work());
    } catch (const std::exception& e) {
      std::cerr << "accelbench: child process: " << e.what() << '\n';
      code = 1;
    }
    _exit(code);
  }

  close(fds[1]);
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(timeout_s));
  outcome.timed_out = !read_until_eof(fds[0], deadline, outcome.output);
  close(fds[0]);
  if (outcome.timed_out) kill(child, SIGKILL);
  int wait_status = 0;
  while (waitpid(child, &wait_status, 0) < 0 && errno == EINTR) {
  }
  if (!outcome.timed_out && WIFSIGNALED(wait_status)) outcome.signal = WTERMSIG(wait_status);
  if (WIFEXITED(wait_status)) outcome.exit_code = WEXITSTATUS(wait_status);
  return outcome;
}

}  // namespace accelbench
