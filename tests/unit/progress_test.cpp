// The progress lines of run and soak: their text and the estimate of the time
// left, with the clock injected (no timing).
#include "progress.h"

#include <gtest/gtest.h>

#include <sstream>

namespace accelbench {
namespace {

TEST(ProgressWanted, FlagsWinOverTheTerminal) {
  EXPECT_TRUE(progress_wanted(ProgressMode::kAuto, true));
  EXPECT_FALSE(progress_wanted(ProgressMode::kAuto, false));
  EXPECT_TRUE(progress_wanted(ProgressMode::kOn, false));
  EXPECT_FALSE(progress_wanted(ProgressMode::kOff, true));
}

TEST(FormatClock, MinutesSecondsAndHours) {
  EXPECT_EQ(format_clock(0), "0:00");
  EXPECT_EQ(format_clock(41.6), "0:42");
  EXPECT_EQ(format_clock(725), "12:05");
  EXPECT_EQ(format_clock(3723), "1:02:03");
  EXPECT_EQ(format_clock(-5), "0:00");
}

class Progress : public ::testing::Test {
 protected:
  Progress() {
    definition_.id = "memory/stream_triad";
    definition_.metric = MetricKind::kBandwidth;
  }

  InstanceResult result(Status status, std::optional<double> median, std::string reason = {}) {
    InstanceResult r;
    r.instance = Instance{&definition_, Device{"cpu:0", "cpu", 0, "cpu", {}, {}}, Params{}, "", {}};
    r.instance.params.set("array_bytes", std::int64_t{268435456});
    r.status = status;
    r.reason = std::move(reason);
    if (median) {
      r.statistics.emplace();
      r.statistics->metric.median = *median;
    }
    return r;
  }

  // The clock the printer reads: set by the test before each call.
  double now_ = 0;
  SecondsClock clock_ = [this] { return now_; };
  Definition definition_;
  std::ostringstream out_;
};

TEST_F(Progress, OneLinePerInstanceWithTheMeanTimeLeft) {
  RunProgress progress(out_, 4, 3, clock_);
  now_ = 10;
  progress.started();
  now_ = 12;  // 2 s
  progress.finished(result(Status::kOk, 50.64), true);
  progress.started();
  now_ = 16;  // 4 s: mean 3 s, one left
  auto unstable = result(Status::kOk, 48.0);
  unstable.statistics->unstable_reasons.push_back("cv 12% > 10%");
  progress.finished(unstable, true);
  progress.started();
  // Taken from a journal: no time, not counted in the estimate.
  progress.finished(result(Status::kOk, 51.0), false);
  progress.started();
  now_ = 20.5;
  progress.finished(result(Status::kSkipped, std::nullopt, "fp16 is not supported"), true);
  EXPECT_EQ(out_.str(),
            "[1/4] memory/stream_triad cpu:0 array_bytes:268435456  50.64 GB/s  ok  2.0 s  "
            "ETA 0:04\n"
            "[2/4] memory/stream_triad cpu:0 array_bytes:268435456  48 GB/s  ok, unstable  4.0 s  "
            "ETA 0:03\n"
            "[3/4] memory/stream_triad cpu:0 array_bytes:268435456  51 GB/s  ok  ETA 0:03\n"
            "[4/4] memory/stream_triad cpu:0 array_bytes:268435456  skipped: fp16 is not "
            "supported  4.5 s\n");
}

TEST_F(Progress, NoEstimateBeforeAnythingWasMeasured) {
  RunProgress progress(out_, 2, 1, clock_);
  progress.started();
  progress.finished(result(Status::kOk, 1.0), false);
  EXPECT_EQ(out_.str(), "[1/2] memory/stream_triad cpu:0 array_bytes:268435456  1 GB/s  ok\n");
}

TEST_F(Progress, LongReasonsAndParamsAreCutAndEscaped) {
  RunProgress progress(out_, 1, 1, clock_);
  auto failed = result(Status::kFailed, std::nullopt, "\x1b[31m" + std::string(100, 'x'));
  failed.instance.params.set("a_very_long_parameter_name", std::string(40, 'y'));
  progress.started();
  progress.finished(failed, true);
  const std::string line = out_.str();
  EXPECT_EQ(line.find('\x1b'), std::string::npos) << line;
  // Parameters cut to 40 characters, reasons to 40, "…" the last of them.
  EXPECT_NE(line.find(" array_bytes:268435456/a_very_long_param…  failed: "), std::string::npos)
      << line;
  EXPECT_NE(line.find("failed: \\x1b[31m" + std::string(34, 'x') + "…  0.0 s\n"), std::string::npos)
      << line;
}

TEST_F(Progress, SoakTurnsWithElapsedAndRemaining) {
  SoakProgress progress(out_, 120);
  SoakSeries series;
  series.instance = result(Status::kOk, std::nullopt).instance;
  series.value = {40, 50, 52, 51};
  series.mismatches = {0, 0, 0, 0};
  progress.turn_finished(series, 1, 12.4);
  series.value.push_back(30);
  series.mismatches.push_back(3);
  series.status = Status::kInvalid;
  series.reason = "verification failed at t = 13 s";
  progress.turn_finished(series, 4, 13.6);
  series.status = Status::kCrashed;
  series.reason = "crashed(SIGSEGV)";
  progress.turn_finished(series, 5, 14.0);
  EXPECT_EQ(out_.str(),
            "[turn 1] memory/stream_triad cpu:0 array_bytes:268435456  51 GB/s  ok  elapsed 0:12  "
            "remaining 1:48\n"
            "[turn 2] memory/stream_triad cpu:0 array_bytes:268435456  30 GB/s  invalid: "
            "verification failed at t = 13 s  elapsed 0:14  remaining 1:46\n"
            "[turn 3] memory/stream_triad cpu:0 array_bytes:268435456  crashed: crashed(SIGSEGV)  "
            "elapsed 0:14  remaining 1:46\n");
}

}  // namespace
}  // namespace accelbench
