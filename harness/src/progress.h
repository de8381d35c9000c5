// Signs of life while a suite or a soak runs, on standard error (standard
// output stays the command's: a table, JSON or CSV): one line per finished
// benchmark instance of a run, with an estimate of the time left, and one
// line per finished turn of a soak, with the time elapsed and remaining.
#pragma once

#include <cstddef>
#include <functional>
#include <ostream>
#include <string>

#include "runner.h"
#include "soak.h"

namespace accelbench {

// --progress forces the lines on, --quiet off; otherwise they are printed
// when standard error is a terminal.
enum class ProgressMode { kAuto, kOn, kOff };
bool progress_wanted(ProgressMode mode, bool stderr_is_terminal);

// A duration as a clock shows it: "0:42", "12:05", "1:02:03" (rounded to the
// second; a negative duration is "0:00").
std::string format_clock(double seconds);

// Monotonic seconds; the progress printers take any such clock (tests
// inject their own).
using SecondsClock = std::function<double()>;
double steady_seconds();

// "[17/124] group/name cpu:0 array_bytes:268435456/threads:2  50.6 GB/s  ok  1.2 s
// ETA 0:42" for each finished instance. The estimate is the mean time of the
// instances measured so far times the instances still to be measured; those
// that do not run (taken from a journal, skipped before they start) take no
// time and are not counted on either side.
class RunProgress {
 public:
  // `lines`: the instances that will be shown; `to_measure`: how many of
  // them will run.
  RunProgress(std::ostream& out, std::size_t lines, std::size_t to_measure,
              SecondsClock clock = steady_seconds);

  // Before each instance that will be shown.
  void started();
  // After it; `measured`: it ran here (not from a journal, not skipped
  // before it started).
  void finished(const InstanceResult& result, bool measured);

 private:
  std::ostream& out_;
  std::size_t lines_;
  std::size_t to_measure_;
  SecondsClock clock_;
  std::size_t shown_ = 0;
  std::size_t measured_ = 0;
  double measured_seconds_ = 0;
  double started_at_ = 0;
};

// "[turn 12] group/name cpu:0 array_bytes:268435456  50.6 GB/s  ok  elapsed 0:12
// remaining 1:48" for each finished turn of a soak: the median of the turn's
// iterations, and its mismatches or the series' end when there are any.
class SoakProgress {
 public:
  SoakProgress(std::ostream& out, double duration_s);

  // `first`: the index of the turn's first iteration in the series;
  // `elapsed_s`: since the round robin started.
  void turn_finished(const SoakSeries& series, std::size_t first, double elapsed_s);

 private:
  std::ostream& out_;
  double duration_s_;
  std::size_t turns_ = 0;
};

}  // namespace accelbench
