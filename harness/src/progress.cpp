#include "progress.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "display_text.h"
#include "stats.h"
#include "units.h"

namespace accelbench {
namespace {

// A progress line stays about one terminal line: long parameter lists and
// reasons are cut (the table and the results file carry them whole).
constexpr std::size_t kLongestParams = 40;
constexpr std::size_t kLongestReason = 40;

// Cut to `longest` characters, "…" in place of the rest; never inside a
// UTF-8 sequence.
std::string shortened(const std::string& text, std::size_t longest) {
  if (text.size() <= longest) return text;
  std::size_t end = longest - 1;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
  return text.substr(0, end) + "…";
}

std::string label(const Instance& instance) {
  std::string text = instance.definition->id + " " + instance.device.id;
  const std::string params = instance.params.name();
  if (!params.empty()) text += " " + shortened(params, kLongestParams);
  return terminal_text(text);
}

std::string outcome(Status status, const std::string& reason) {
  std::string text(status_name(status));
  if (status != Status::kOk && !reason.empty()) {
    text += ": " + terminal_text(shortened(reason, kLongestReason));
  }
  return text;
}

}  // namespace

bool progress_wanted(ProgressMode mode, bool stderr_is_terminal) {
  switch (mode) {
    case ProgressMode::kOn:
      return true;
    case ProgressMode::kOff:
      return false;
    case ProgressMode::kAuto:
      return stderr_is_terminal;
  }
  return false;
}

std::string format_clock(double seconds) {
  const auto total = static_cast<long long>(std::llround(std::max(0.0, seconds)));
  const long long hours = total / 3600;
  const long long minutes = total / 60 % 60;
  const long long secs = total % 60;
  char text[32];
  if (hours > 0) {
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", hours, minutes, secs);
  } else {
    std::snprintf(text, sizeof text, "%lld:%02lld", minutes, secs);
  }
  return text;
}

double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

RunProgress::RunProgress(std::ostream& out, std::size_t lines, std::size_t to_measure,
                         SecondsClock clock)
    : out_(out), lines_(lines), to_measure_(to_measure), clock_(std::move(clock)) {}

void RunProgress::started() { started_at_ = clock_(); }

void RunProgress::finished(const InstanceResult& result, bool measured) {
  const double took_s = clock_() - started_at_;
  ++shown_;
  if (measured) {
    ++measured_;
    measured_seconds_ += took_s;
  }
  std::string line =
      "[" + std::to_string(shown_) + "/" + std::to_string(lines_) + "] " + label(result.instance);
  if (result.statistics) {
    line += "  " + format_quantity(result.statistics->metric.median,
                                   metric_unit(result.instance.definition->metric));
  }
  line += "  " + outcome(result.status, result.reason);
  if (result.statistics && !result.statistics->unstable_reasons.empty()) line += ", unstable";
  if (measured) line += "  " + format_quantity(took_s, "s", number_format::kOneDecimal);
  const std::size_t left = to_measure_ > measured_ ? to_measure_ - measured_ : 0;
  if (measured_ > 0 && left > 0) {
    line += "  ETA " + format_clock(measured_seconds_ / static_cast<double>(measured_) *
                                    static_cast<double>(left));
  }
  out_ << line << '\n' << std::flush;
}

SoakProgress::SoakProgress(std::ostream& out, double duration_s)
    : out_(out), duration_s_(duration_s) {}

void SoakProgress::turn_finished(const SoakSeries& series, std::size_t first, double elapsed_s) {
  ++turns_;
  std::string line = "[turn " + std::to_string(turns_) + "] " + label(series.instance);
  if (first < series.value.size()) {
    const std::vector<double> turn(series.value.begin() + static_cast<std::ptrdiff_t>(first),
                                   series.value.end());
    line += "  " + format_quantity(stats::summarize(turn).median,
                                   metric_unit(series.instance.definition->metric));
  }
  std::uint64_t mismatches = 0;
  if (first < series.mismatches.size()) {
    mismatches = std::accumulate(series.mismatches.begin() + static_cast<std::ptrdiff_t>(first),
                                 series.mismatches.end(), std::uint64_t{0});
  }
  if (series.status != Status::kOk) {
    line += "  " + outcome(series.status, series.reason);
  } else if (mismatches > 0) {
    line += "  " + std::to_string(mismatches) + " mismatches";
  } else {
    line += "  ok";
  }
  line += "  elapsed " + format_clock(elapsed_s) + "  remaining " +
          format_clock(duration_s_ - elapsed_s);
  out_ << line << '\n' << std::flush;
}

}  // namespace accelbench
