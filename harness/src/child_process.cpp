#include "child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <thread>
#include <vector>

namespace accelbench {
namespace {

using Clock = std::chrono::steady_clock;

// False when the reader is gone.
bool write_all(int fd, const std::string& text) {
  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t n = write(fd, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

// Closes every descriptor but the standard ones and `keep`.
void close_other_descriptors(std::initializer_list<int> keep) {
  std::vector<int> open_fds;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", error)) {
    const int fd = std::atoi(entry.path().filename().c_str());
    if (fd > 2 && std::find(keep.begin(), keep.end(), fd) == keep.end()) open_fds.push_back(fd);
  }
  for (int fd : open_fds) close(fd);
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

bool LineChannel::send(const std::string& line) {
  // A reader that is gone must fail this write, not end accelbench: SIGPIPE
  // is blocked around it, and the one it raised is taken off the thread.
  sigset_t pipe_signal, old_mask;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, &old_mask);
  const bool sent = write_all(out_, line + "\n");
  if (!sent && errno == EPIPE) {
    const timespec no_wait{};
    sigtimedwait(&pipe_signal, nullptr, &no_wait);
  }
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  return sent;
}

LineChannel::Received LineChannel::receive(std::string& line, double timeout_s) {
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(timeout_s));
  for (;;) {
    if (const auto newline = buffer_.find('\n'); newline != std::string::npos) {
      line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      return Received::kLine;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return Received::kTimeout;
    pollfd p{in_, POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (ready < 0 && errno != EINTR) return Received::kEnd;
    if (ready <= 0) continue;
    char chunk[65536];
    const ssize_t n = read(in_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Received::kEnd;
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

void LineChannel::close_ends() {
  if (out_ >= 0) close(out_);
  if (in_ >= 0) close(in_);
  out_ = in_ = -1;
}

ServingChild::ServingChild(const std::function<void(LineChannel&)>& serve) {
  int requests[2], replies[2];
  if (pipe2(requests, O_CLOEXEC) != 0) {
    outcome_.spawn_error = std::string("cannot create pipes: ") + std::strerror(errno);
    return;
  }
  if (pipe2(replies, O_CLOEXEC) != 0) {
    outcome_.spawn_error = std::string("cannot create pipes: ") + std::strerror(errno);
    close(requests[0]);
    close(requests[1]);
    return;
  }
  std::cout.flush();
  std::cerr.flush();
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ == 0) {
    die_with_parent(parent);
    close(requests[1]);
    close(replies[0]);
    close_other_descriptors({requests[0], replies[1]});
    LineChannel channel(requests[0], replies[1]);
    serve(channel);
    _exit(0);
  }
  close(requests[0]);
  close(replies[1]);
  channel_ = LineChannel(replies[0], requests[1]);
  if (pid_ < 0) outcome_.spawn_error = std::string("cannot fork: ") + std::strerror(errno);
}

ServingChild::~ServingChild() {
  channel_.close_ends();  // end of requests: the child returns from serve and exits
  if (pid_ <= 0) return;
  const auto give_up = Clock::now() + std::chrono::seconds(5);
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (Clock::now() > give_up) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

bool ServingChild::receive(std::string& line, double timeout_s) {
  switch (channel_.receive(line, timeout_s)) {
    case LineChannel::Received::kLine:
      return true;
    case LineChannel::Received::kTimeout:
      kill(pid_, SIGKILL);  // reaped by the destructor
      outcome_.timed_out = true;
      return false;
    case LineChannel::Received::kEnd:
      break;
  }
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  pid_ = -1;
  if (WIFSIGNALED(status)) outcome_.signal = WTERMSIG(status);
  if (WIFEXITED(status)) outcome_.exit_code = WEXITSTATUS(status);
  return false;
}

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
