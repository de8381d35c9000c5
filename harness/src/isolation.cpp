#include "isolation.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "instance_record.h"

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

std::string signal_text(int signal) {
  const char* abbreviation = sigabbrev_np(signal);
  std::string name = abbreviation ? std::string("SIG") + abbreviation : std::to_string(signal);
  if (signal == SIGKILL) name += ", killed from outside: possibly the out-of-memory killer";
  return name;
}

}  // namespace

InstanceResult run_isolated(Instance instance, const Injection& injection, double timeout_s) {
  InstanceResult result;
  result.instance = instance;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    result.status = Status::kFailed;
    result.reason = std::string("cannot create a pipe for isolation: ") + std::strerror(errno);
    return result;
  }
  std::cout.flush();
  std::cerr.flush();
  const pid_t child = fork();
  if (child < 0) {
    close(fds[0]);
    close(fds[1]);
    result.status = Status::kFailed;
    result.reason = std::string("cannot fork for isolation: ") + std::strerror(errno);
    return result;
  }
  if (child == 0) {
    close(fds[0]);
    const InstanceResult own = run_instance(std::move(instance), injection);
    write_all(fds[1], to_record(own).dump());
    _exit(0);
  }

  close(fds[1]);
  std::string data;
  bool timed_out = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    char buffer[65536];
    const ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // end of file: the child is done (or died)
    data.append(buffer, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  if (timed_out) kill(child, SIGKILL);
  int wait_status = 0;
  while (waitpid(child, &wait_status, 0) < 0 && errno == EINTR) {
  }

  if (timed_out) {
    result.status = Status::kTimeout;
    char text[128];
    std::snprintf(text, sizeof text,
                  "no result within the watchdog's %g s; the child process was killed", timeout_s);
    result.reason = text;
  } else if (WIFSIGNALED(wait_status)) {
    result.status = Status::kCrashed;
    result.reason = "crashed(" + signal_text(WTERMSIG(wait_status)) + ")";
  } else if (!WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != 0 || data.empty()) {
    result.status = Status::kFailed;
    result.reason = "the child process exited with code " +
                    std::to_string(WEXITSTATUS(wait_status)) + " and no result";
  } else {
    try {
      apply_record(nlohmann::ordered_json::parse(data), result);
    } catch (const std::exception& e) {
      result.status = Status::kFailed;
      result.reason = std::string("unreadable result from the child process: ") + e.what();
    }
  }
  return result;
}

}  // namespace accelbench
