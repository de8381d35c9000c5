#include "soak.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <memory>

#include "child_process.h"
#include "instance_record.h"
#include "units.h"

namespace accelbench {
namespace {

using Clock = std::chrono::steady_clock;

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

// The child's side: sets the benchmark up once, says how that went, then runs
// one turn per request ({"until_s"}) until the requests end or a turn fails.
void serve_turns(SoakSeries series, LineChannel& channel, Clock::time_point origin,
                 const Injection& requested) {
  // Ctrl-C reaches the whole process group: the parent decides when to stop.
  std::signal(SIGINT, SIG_IGN);
  auto c = set_up(series);
  channel.send(nlohmann::ordered_json{{"status", status_name(series.status)},
                                      {"reason", series.reason},
                                      {"work", to_json(series.work)}}
                   .dump());
  const Injection injection = requested.applies_to(series.instance.name) ? requested : Injection{};
  std::int64_t iteration = 0;
  const TurnContext context{
      *series.instance.definition, series.work, series.instance.name, origin, injection, iteration};
  std::string line;
  while (c && channel.receive(line, 1e9) == LineChannel::Received::kLine) {
    const auto command = nlohmann::ordered_json::parse(line);
    if (!command.contains("until_s")) break;
    const auto end = origin + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(command["until_s"].get<double>()));
    const Turn t = run_turn(*c, context, end, nullptr);
    if (!channel.send(turn_json(t).dump())) break;
    if (t.error) break;
  }
}

class IsolatedWorker final : public Worker {
 public:
  IsolatedWorker(SoakSeries& series, const SoakSettings& settings)
      : settings_(settings), child_([&series, &settings](LineChannel& channel) {
          serve_turns(series, channel, settings.origin, settings.injection);
        }) {
    if (!child_.spawn_error().empty()) {
      series.status = Status::kFailed;
      series.reason = child_.spawn_error();
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

  bool ready() const { return ready_; }

  bool turn(SoakSeries& series, Clock::time_point end) override {
    const double until_s = std::chrono::duration<double>(end - settings_.origin).count();
    std::string line;
    if (!child_.send(nlohmann::ordered_json{{"until_s", until_s}}.dump())) {
      // The child is gone: its end of the pipe is closed, so the receive
      // sees that at once and says how it ended.
      receive(series, line, settings_.timeout_s);
      return false;
    }
    const double turn_s = std::chrono::duration<double>(end - Clock::now()).count();
    if (!receive(series, line, std::max(0.0, turn_s) + settings_.timeout_s)) return false;
    const Turn t = turn_from_json(nlohmann::ordered_json::parse(line));
    append_turn(series, t);
    return !t.error;
  }

 private:
  // A line from the child, or the series ends: crashed (the child died) or
  // timeout (killed by the watchdog).
  bool receive(SoakSeries& series, std::string& line, double timeout_s) {
    if (child_.receive(line, timeout_s)) return true;
    const ChildOutcome& outcome = child_.outcome();
    if (outcome.timed_out) {
      series.status = Status::kTimeout;
      series.reason = "no answer within the watchdog's " +
                      format_quantity(timeout_s, "s", number_format::kFull) + "; killed";
    } else if (outcome.signal) {
      const char* name = sigabbrev_np(*outcome.signal);
      series.status = Status::kCrashed;
      series.reason =
          std::string("crashed(SIG") + (name ? name : std::to_string(*outcome.signal)) + ")";
    } else {
      series.status = Status::kFailed;
      series.reason = "the child process ended without an answer";
    }
    return false;
  }

  const SoakSettings& settings_;
  ServingChild child_;
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
      SoakSeries& series = result.series[i];
      const std::size_t first = series.value.size();
      const auto end = std::min(deadline, Clock::now() + interval);
      if (!workers[i]->turn(series, end)) workers[i].reset();
      if (settings.on_turn) {
        settings.on_turn(series, first,
                         std::chrono::duration<double>(Clock::now() - start).count());
      }
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
  return stats::analyze_stability(
      {s.t_s, s.value, s.mismatches, s.bytes_verified,
       metric_direction(s.instance.definition->metric) == Direction::kHigherIsBetter},
      elapsed_s);
}

}  // namespace accelbench
