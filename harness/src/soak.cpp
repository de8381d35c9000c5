#include "soak.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <numeric>
#include <thread>

#include "child_process.h"
#include "instance_record.h"

namespace accelbench {
namespace {

using Clock = std::chrono::steady_clock;

// Verdict thresholds: a stable benchmark drifts by less than 5% over the
// soak (by either estimator: both must exceed it), keeps 95% of its early
// throughput, has under 5% of samples below 90% of the median, no error, and
// no mean shift over 5%. Drift is judged over the soak's own span, so a short
// soak is not condemned by extrapolating a tiny slope to an hour.
constexpr double kMaxDriftPercent = 5;
constexpr double kMinSustain = 0.95;
constexpr double kMaxThrottleShare = 0.05;
constexpr double kMaxShiftPercent = 5;

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[(v.size() - 1) / 2];
}

double mean_of(const std::vector<double>& v, std::size_t begin, std::size_t end) {
  return std::accumulate(v.begin() + static_cast<std::ptrdiff_t>(begin),
                         v.begin() + static_cast<std::ptrdiff_t>(end), 0.0) /
         static_cast<double>(end - begin);
}

std::string percent_text(const char* what, double value, const char* op, double limit) {
  char text[96];
  std::snprintf(text, sizeof text, "%s %.3g%% %s %.3g%%", what, value, op, limit);
  return text;
}

// One turn of one benchmark: iterations until `end` (or a stop), each
// verified.
struct Turn {
  std::vector<double> t_s, value;
  std::vector<std::uint64_t> mismatches;
  std::uint64_t bytes_verified = 0;
  std::uint64_t injected_flips = 0;
  std::optional<std::string> error;  // the benchmark failed; its series ends
};

// What a turn needs besides the case: where its clock starts, the faults to
// inject (already narrowed to this benchmark) and the iteration count so far.
struct TurnContext {
  const Definition& definition;
  const Work& work;
  const std::string& name;
  Clock::time_point origin;
  const Injection& injection;
  std::int64_t& iteration;
};

Turn run_turn(Case& c, const TurnContext& context, Clock::time_point end,
              const std::atomic<bool>* stop) {
  const Definition& definition = context.definition;
  const Work& work = context.work;
  const Clock::time_point origin = context.origin;
  Turn turn;
  try {
    do {
      const std::int64_t iteration = context.iteration++;
      const auto before = Clock::now();
      const double device_seconds = c.iterate();
      disturb_iteration(context.injection, iteration);
      const auto after = Clock::now();
      const std::uint64_t seed =
          std::hash<std::string>{}(context.name) ^ static_cast<std::uint64_t>(iteration);
      if (context.injection.draws_flip(seed)) {
        flip_significant_bit(c.result_bytes(), seed);
        ++turn.injected_flips;
      }
      const double seconds = definition.timer == Timer::kDevice
                                 ? device_seconds
                                 : std::chrono::duration<double>(after - before).count();
      const Verification v = c.verify();
      turn.t_s.push_back(std::chrono::duration<double>(after - origin).count());
      turn.value.push_back(metric_value(definition.metric, work, std::max(seconds, 1e-12)));
      turn.mismatches.push_back(v.mismatches);
      turn.bytes_verified += v.bytes_checked;
    } while (Clock::now() < end && !(stop && stop->load()));
  } catch (const std::exception& e) {
    turn.error = e.what();
  }
  return turn;
}

nlohmann::ordered_json turn_json(const Turn& t) {
  nlohmann::ordered_json out = {{"t_s", t.t_s},
                                {"value", t.value},
                                {"mismatches", t.mismatches},
                                {"bytes_verified", t.bytes_verified},
                                {"injected_flips", t.injected_flips}};
  if (t.error) out["error"] = *t.error;
  return out;
}

Turn turn_from_json(const nlohmann::ordered_json& j) {
  Turn t;
  t.t_s = j.at("t_s").get<std::vector<double>>();
  t.value = j.at("value").get<std::vector<double>>();
  t.mismatches = j.at("mismatches").get<std::vector<std::uint64_t>>();
  t.bytes_verified = j.at("bytes_verified").get<std::uint64_t>();
  t.injected_flips = j.at("injected_flips").get<std::uint64_t>();
  if (j.contains("error")) t.error = j.at("error").get<std::string>();
  return t;
}

void append_turn(SoakSeries& series, const Turn& turn) {
  series.t_s.insert(series.t_s.end(), turn.t_s.begin(), turn.t_s.end());
  series.value.insert(series.value.end(), turn.value.begin(), turn.value.end());
  series.mismatches.insert(series.mismatches.end(), turn.mismatches.begin(), turn.mismatches.end());
  series.bytes_verified += turn.bytes_verified;
  series.injected_flips += turn.injected_flips;
  for (std::size_t k = 0; k < turn.mismatches.size(); ++k) {
    if (turn.mismatches[k] > 0 && series.status == Status::kOk) {
      series.status = Status::kInvalid;
      series.reason = "verification failed at t = " + std::to_string(turn.t_s[k]) + " s";
    }
  }
  if (turn.error) {
    series.status = Status::kFailed;
    series.reason = *turn.error;
  }
}

// Sets a benchmark up; fills the series' work, or its status and reason.
std::unique_ptr<Case> set_up(SoakSeries& series) {
  try {
    auto c = series.instance.definition->make_case(series.instance.device, series.instance.params);
    series.work = c->work();
    c->setup();
    return c;
  } catch (const Error& e) {
    series.status = e.kind() == ErrorKind::kUnsupported ? Status::kSkipped : Status::kFailed;
    series.reason = e.what();
  } catch (const std::exception& e) {
    series.status = Status::kFailed;
    series.reason = e.what();
  }
  return nullptr;
}

// A benchmark of the soak: in this process, or in a child process that sets
// it up once and then runs one turn per request (JSON lines over pipes).
class Worker {
 public:
  virtual ~Worker() = default;
  // Runs one turn until `end`; false when the series has ended (failed,
  // crashed, timed out).
  virtual bool turn(SoakSeries& series, Clock::time_point end) = 0;
};

class InProcessWorker final : public Worker {
 public:
  InProcessWorker(SoakSeries& series, const SoakSettings& settings)
      : case_(set_up(series)), settings_(settings) {}
  bool ready() const { return case_ != nullptr; }
  bool turn(SoakSeries& series, Clock::time_point end) override {
    const Injection injection =
        settings_.injection.applies_to(series.instance.name) ? settings_.injection : Injection{};
    const TurnContext context{*series.instance.definition,
                              series.work,
                              series.instance.name,
                              settings_.origin,
                              injection,
                              iteration_};
    const Turn t = run_turn(*case_, context, end, settings_.stop);
    append_turn(series, t);
    return !t.error;
  }

 private:
  std::unique_ptr<Case> case_;
  const SoakSettings& settings_;
  std::int64_t iteration_ = 0;
};

bool write_line(int fd, const std::string& line) {
  std::string text = line + "\n";
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

enum class ReadResult { kLine, kEnd, kTimeout };

// One line from `fd` within `timeout_s` (buffering what comes after it).
ReadResult read_line(int fd, std::string& buffer, std::string& line, double timeout_s) {
  const auto deadline = Clock::now() + std::chrono::duration<double>(timeout_s);
  for (;;) {
    if (const auto newline = buffer.find('\n'); newline != std::string::npos) {
      line = buffer.substr(0, newline);
      buffer.erase(0, newline + 1);
      return ReadResult::kLine;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return ReadResult::kTimeout;
    pollfd p{fd, POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(std::min<long long>(left, 1000)));
    if (ready < 0 && errno != EINTR) return ReadResult::kEnd;
    if (ready <= 0) continue;
    char chunk[65536];
    const ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return ReadResult::kEnd;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
}

// Closes every descriptor but the standard ones and `keep`: the pipes of the
// other workers must not stay open here, or they would never see the end of
// their commands.
void close_other_descriptors(std::initializer_list<int> keep) {
  std::vector<int> open_fds;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", error)) {
    const int fd = std::atoi(entry.path().filename().c_str());
    if (fd > 2 && std::find(keep.begin(), keep.end(), fd) == keep.end()) open_fds.push_back(fd);
  }
  for (int fd : open_fds) close(fd);
}

[[noreturn]] void child_main(SoakSeries series, int commands, int replies, Clock::time_point origin,
                             const Injection& requested) {
  close_other_descriptors({commands, replies});
  // Ctrl-C reaches the whole process group: the parent decides when to stop.
  std::signal(SIGINT, SIG_IGN);
  auto c = set_up(series);
  write_line(replies, nlohmann::ordered_json{{"status", status_name(series.status)},
                                             {"reason", series.reason},
                                             {"work", to_json(series.work)}}
                          .dump());
  const Injection injection = requested.applies_to(series.instance.name) ? requested : Injection{};
  std::int64_t iteration = 0;
  const TurnContext context{
      *series.instance.definition, series.work, series.instance.name, origin, injection, iteration};
  std::string buffer, line;
  while (c && read_line(commands, buffer, line, 1e9) == ReadResult::kLine) {
    const auto command = nlohmann::ordered_json::parse(line);
    if (!command.contains("until_s")) break;
    const auto end = origin + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(command["until_s"].get<double>()));
    const Turn t = run_turn(*c, context, end, nullptr);
    if (!write_line(replies, turn_json(t).dump())) break;
    if (t.error) break;
  }
  _exit(0);
}

class IsolatedWorker final : public Worker {
 public:
  IsolatedWorker(SoakSeries& series, const SoakSettings& settings) : settings_(settings) {
    int commands[2], replies[2];
    if (pipe2(commands, O_CLOEXEC) != 0 || pipe2(replies, O_CLOEXEC) != 0) {
      fail(series, Status::kFailed, std::string("cannot create pipes: ") + std::strerror(errno));
      return;
    }
    std::cout.flush();
    std::cerr.flush();
    const pid_t parent = getpid();
    pid_ = fork();
    if (pid_ == 0) {
      die_with_parent(parent);
      close(commands[1]);
      close(replies[0]);
      child_main(series, commands[0], replies[1], settings.origin, settings.injection);
    }
    close(commands[0]);
    close(replies[1]);
    to_child_ = commands[1];
    from_child_ = replies[0];
    if (pid_ < 0) {
      fail(series, Status::kFailed, std::string("cannot fork: ") + std::strerror(errno));
      return;
    }
    std::string line;
    if (!receive(series, line, settings.timeout_s)) return;
    const auto ready = nlohmann::ordered_json::parse(line);
    series.status = status_from_name(ready.at("status").get<std::string>());
    series.reason = ready.at("reason").get<std::string>();
    series.work = work_from_json(ready.at("work"));
    ready_ = series.status == Status::kOk;
  }

  ~IsolatedWorker() override {
    if (to_child_ >= 0) close(to_child_);  // end of commands: the child exits
    if (from_child_ >= 0) close(from_child_);
    if (pid_ > 0) {
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
  }

  bool ready() const { return ready_; }

  bool turn(SoakSeries& series, Clock::time_point end) override {
    const double until_s = std::chrono::duration<double>(end - settings_.origin).count();
    std::string line;
    if (!write_line(to_child_, nlohmann::ordered_json{{"until_s", until_s}}.dump())) {
      receive(series, line, 0);  // the child is gone: classify how
      return false;
    }
    const double turn_s = std::chrono::duration<double>(end - Clock::now()).count();
    if (!receive(series, line, std::max(0.0, turn_s) + settings_.timeout_s)) return false;
    const Turn t = turn_from_json(nlohmann::ordered_json::parse(line));
    append_turn(series, t);
    return !t.error;
  }

 private:
  static void fail(SoakSeries& series, Status status, std::string reason) {
    series.status = status;
    series.reason = std::move(reason);
  }

  // A line from the child, or the series ends: crashed (the child died) or
  // timeout (killed by the watchdog).
  bool receive(SoakSeries& series, std::string& line, double timeout_s) {
    switch (read_line(from_child_, buffer_, line, timeout_s)) {
      case ReadResult::kLine:
        return true;
      case ReadResult::kTimeout: {
        kill(pid_, SIGKILL);
        char text[96];
        std::snprintf(text, sizeof text, "no answer within the watchdog's %g s; killed", timeout_s);
        fail(series, Status::kTimeout, text);
        return false;
      }
      case ReadResult::kEnd:
        break;
    }
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    if (WIFSIGNALED(status)) {
      const char* name = sigabbrev_np(WTERMSIG(status));
      fail(series, Status::kCrashed,
           std::string("crashed(SIG") + (name ? name : std::to_string(WTERMSIG(status))) + ")");
    } else {
      fail(series, Status::kFailed, "the child process ended without an answer");
    }
    return false;
  }

  const SoakSettings& settings_;
  pid_t pid_ = -1;
  int to_child_ = -1;
  int from_child_ = -1;
  std::string buffer_;
  bool ready_ = false;
};

}  // namespace

SoakResult run_soak(std::vector<Instance> instances, const SoakSettings& settings) {
  SoakResult result;
  result.series.reserve(instances.size());
  std::vector<std::unique_ptr<Worker>> workers;
  for (auto& instance : instances) {
    SoakSeries& series = result.series.emplace_back();
    series.instance = std::move(instance);
    if (settings.isolate) {
      auto worker = std::make_unique<IsolatedWorker>(series, settings);
      workers.push_back(worker->ready() ? std::move(worker) : nullptr);
    } else {
      auto worker = std::make_unique<InProcessWorker>(series, settings);
      workers.push_back(worker->ready() ? std::move(worker) : nullptr);
    }
  }

  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(settings.duration_s));
  const auto interval = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(settings.interval_s));
  auto stopping = [&] {
    return Clock::now() >= deadline || (settings.stop && settings.stop->load());
  };
  while (!stopping()) {
    for (std::size_t i = 0; i < workers.size() && !stopping(); ++i) {
      if (!workers[i]) continue;
      if (settings.progress) settings.progress(result.series[i].instance.name);
      const auto end = std::min(deadline, Clock::now() + interval);
      if (!workers[i]->turn(result.series[i], end)) workers[i].reset();
    }
    if (std::none_of(workers.begin(), workers.end(), [](const auto& w) { return w != nullptr; })) {
      break;
    }
  }
  result.elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
  result.stopped_by_signal = settings.stop && settings.stop->load();
  return result;
}

nlohmann::ordered_json analyze_series(const SoakSeries& s, double elapsed_s) {
  nlohmann::ordered_json out;
  const std::size_t n = s.value.size();
  out["samples"] = n;
  // Time to first error, censored at the soak's length when there was none.
  const auto first_error =
      std::find_if(s.mismatches.begin(), s.mismatches.end(), [](std::uint64_t m) { return m > 0; });
  if (first_error != s.mismatches.end()) {
    out["time_to_first_error_s"] =
        s.t_s[static_cast<std::size_t>(first_error - s.mismatches.begin())];
  } else {
    out["time_to_first_error_s"] = nullptr;
    out["time_to_first_error_censored_at_s"] = elapsed_s;
  }
  out["mismatches"] = std::accumulate(s.mismatches.begin(), s.mismatches.end(), std::uint64_t{0});
  out["mismatches_per_1e12_bytes"] =
      s.bytes_verified > 0 ? static_cast<double>(out["mismatches"].get<std::uint64_t>()) * 1e12 /
                                 static_cast<double>(s.bytes_verified)
                           : 0.0;
  std::vector<std::string> reasons;
  if (first_error != s.mismatches.end()) reasons.emplace_back("verification failed");
  if (n < 20) {
    out["verdict"] = reasons.empty() ? "insufficient samples" : "unstable";
    out["reasons"] = reasons;
    return out;
  }
  // Warm-up: the first 5% of samples (at least 3) are left out of the trends.
  const std::size_t warm = std::max<std::size_t>(3, n / 20);
  const std::vector<double> t(s.t_s.begin() + static_cast<std::ptrdiff_t>(warm), s.t_s.end());
  const std::vector<double> v(s.value.begin() + static_cast<std::ptrdiff_t>(warm), s.value.end());
  const double median = median_of(v);
  const bool higher_is_better =
      metric_direction(s.instance.definition->metric) == Direction::kHigherIsBetter;
  std::vector<double> hours(t.size());
  std::transform(t.begin(), t.end(), hours.begin(), [](double x) { return x / 3600; });
  // Drift: the slope per hour as a share of the median, signed so that a
  // negative drift is a loss (throughput down, or latency up).
  const double sign = higher_is_better ? 1 : -1;
  double ols = 0, theil_sen = 0;
  if (hours.front() != hours.back()) {
    ols = sign * 100 * stats::ols_slope(hours, v) / median;
    theil_sen = sign * 100 * stats::theil_sen_slope(hours, v) / median;
  }
  out["warmup_samples_excluded"] = warm;
  out["median"] = median;
  const double span_h = hours.back() - hours.front();
  out["drift_percent_per_hour"] = {
      {"ols", ols}, {"theil_sen", theil_sen}, {"sign", "negative = getting worse"}};
  out["drift_percent_over_soak"] = {{"ols", ols * span_h}, {"theil_sen", theil_sen * span_h}};
  const std::size_t tenth = std::max<std::size_t>(1, v.size() / 10);
  const double first = mean_of(v, 0, tenth), last = mean_of(v, v.size() - tenth, v.size());
  const double sustain = higher_is_better ? last / first : first / last;
  out["sustain_ratio"] = sustain;
  const auto slow = std::count_if(v.begin(), v.end(), [&](double x) {
    return higher_is_better ? x < 0.9 * median : x > median / 0.9;
  });
  const double throttle = static_cast<double>(slow) / static_cast<double>(v.size());
  out["throttle_share"] = throttle;
  out["throttle_definition"] = "share of samples worse than 90% of the median";
  nlohmann::ordered_json shifts = nlohmann::ordered_json::array();
  double largest_shift = 0;
  for (const auto& cp : stats::change_points(v)) {
    const double change = 100 * (cp.mean_after - cp.mean_before) / cp.mean_before;
    largest_shift = std::max(largest_shift, std::fabs(change));
    shifts.push_back({{"t_s", t[cp.index]},
                      {"mean_before", cp.mean_before},
                      {"mean_after", cp.mean_after},
                      {"change_percent", change}});
  }
  out["change_points"] = shifts;
  if (std::fabs(ols * span_h) > kMaxDriftPercent &&
      std::fabs(theil_sen * span_h) > kMaxDriftPercent) {
    reasons.push_back(percent_text("drift over the soak (Theil-Sen)", theil_sen * span_h,
                                   "beyond +-", kMaxDriftPercent));
  }
  if (sustain < kMinSustain) {
    reasons.push_back(
        percent_text("sustained", 100 * sustain, "of the start <", 100 * kMinSustain));
  }
  if (throttle > kMaxThrottleShare) {
    reasons.push_back(percent_text("samples below 90% of the median:", 100 * throttle, ">",
                                   100 * kMaxThrottleShare));
  }
  if (largest_shift > kMaxShiftPercent) {
    reasons.push_back(percent_text("mean shift", largest_shift, ">", kMaxShiftPercent));
  }
  out["verdict"] = reasons.empty() ? "stable" : "unstable";
  out["reasons"] = reasons;
  return out;
}

}  // namespace accelbench
