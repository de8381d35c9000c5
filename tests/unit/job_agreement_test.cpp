#include "job_agreement.h"

#include <accelbench/error.h>
#include <gtest/gtest.h>

namespace accelbench {
namespace {

// Rank `rank` of a job whose other ranks' all_gather answers are given.
class ScriptedJob final : public Job {
 public:
  ScriptedJob(int rank, std::vector<std::string> others)
      : rank_(rank), others_(std::move(others)) {}
  int rank() const override { return rank_; }
  int size() const override { return static_cast<int>(others_.size()); }
  std::string description() const override { return "scripted"; }
  bool all_equal(const std::string&) override { return true; }
  std::vector<std::string> gather(const std::string& text) override { return {text}; }
  void gather_each(const std::string& text,
                   const std::function<void(int, std::string)>& receive) override {
    receive(rank_, text);
  }
  std::vector<std::string> all_gather(const std::string& text) override {
    auto all = others_;
    all[static_cast<std::size_t>(rank_)] = text;
    return all;
  }

 private:
  int rank_;
  std::vector<std::string> others_;
};

TEST(OnEveryRankOrNone, PassesWhenEveryRankPassed) {
  ScriptedJob job(0, {"", ""});
  bool ran = false;
  on_every_rank_or_none(job, [&] { ran = true; });
  EXPECT_TRUE(ran);
}

TEST(OnEveryRankOrNone, ARankThatPassedThrowsTheOtherRanksError) {
  ScriptedJob job(0, {"", "U--out-dir x: is not a folder"});
  try {
    on_every_rank_or_none(job, [] {});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_STREQ(e.what(), "rank 1: --out-dir x: is not a folder");
  }
}

TEST(OnEveryRankOrNone, TheLowestFailingRankIsReportedWithItsKind) {
  ScriptedJob job(2, {"", "Ffirst", ""});
  try {
    on_every_rank_or_none(job, [] { throw usage_error("second"); });
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kFailure);
    EXPECT_STREQ(e.what(), "rank 1: first");
  }
}

TEST(OnEveryRankOrNone, ASingleProcessReportsItsOwnErrorUnchanged) {
  ScriptedJob job(0, {""});
  try {
    on_every_rank_or_none(job, [] { throw std::runtime_error("boom"); });
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kFailure);
    EXPECT_STREQ(e.what(), "boom");
  }
}

}  // namespace
}  // namespace accelbench
