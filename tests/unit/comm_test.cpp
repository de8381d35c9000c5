// The backend-neutral parts of the comm benchmarks and the job: bus bandwidth
// factors, layouts, exact expected values, pair parsing, straggler statistics,
// and the refusal to run as a rank without an MPI job.
#include <accelbench/job.h>
#include <accelbench/stragglers.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "comm/collectives/collectives.h"
#include "comm/p2p/p2p.h"

namespace accelbench {
namespace {

using collectives::Collective;

TEST(Collectives, BusFactorsFollowNcclTests) {
  EXPECT_DOUBLE_EQ(collectives::bus_factor(Collective::kAllreduce, 4), 1.5);
  EXPECT_DOUBLE_EQ(collectives::bus_factor(Collective::kAllgather, 4), 0.75);
  EXPECT_DOUBLE_EQ(collectives::bus_factor(Collective::kReduceScatter, 2), 0.5);
  EXPECT_DOUBLE_EQ(collectives::bus_factor(Collective::kAlltoall, 8), 0.875);
  EXPECT_DOUBLE_EQ(collectives::bus_factor(Collective::kBroadcast, 8), 1.0);
}

TEST(Collectives, LayoutSplitsTheBufferAndRefusesLessThanAnElementPerRank) {
  const auto l = collectives::layout(Collective::kAllgather, 100, 3);  // 25 floats
  EXPECT_EQ(l.chunk, 8);
  EXPECT_EQ(l.elements, 24);
  EXPECT_EQ(collectives::layout(Collective::kAllreduce, 100, 3).elements, 25);
  try {
    collectives::layout(Collective::kAlltoall, 8, 3);
    FAIL() << "2 floats split over 3 ranks";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnsupported);
  }
}

TEST(Collectives, ExpectedValuesAreExactSumsAndPlacements) {
  const auto l = collectives::layout(Collective::kReduceScatter, 4 * 6, 3);  // chunk 2
  // Rank 1's element 0 of reduce_scatter: the sum of every rank's element 2.
  float sum = 0;
  for (int q = 0; q < 3; ++q) sum += collectives::input_value(q, 2);
  EXPECT_EQ(collectives::expected_value(Collective::kReduceScatter, l, 1, 3, 0), sum);
  // Alltoall: rank 2 receives rank 1's block for rank 2 at offset 1 x chunk.
  EXPECT_EQ(collectives::expected_value(Collective::kAlltoall, l, 2, 3, 3),
            collectives::input_value(1, 2 * 2 + 1));
  for (std::uint64_t i = 0; i < 1000; ++i) {
    const float v = collectives::input_value(5, i);
    EXPECT_GE(v, 1.0f);
    EXPECT_LE(v, 255.0f);
  }
}

TEST(Collectives, SumsBeyondFp32ExactnessAreUnverifiedNotLoosened) {
  EXPECT_TRUE(collectives::sums_exact(65793));  // 65793 x 255 < 2^24
  EXPECT_FALSE(collectives::sums_exact(65794));
  const auto l = collectives::layout(Collective::kAllreduce, 16, 70000);
  std::vector<float> result(4, 0);
  const auto v = collectives::verify(Collective::kAllreduce, l, 0, 70000, result);
  EXPECT_EQ(v.outcome, Verification::Outcome::kUnverified);
  EXPECT_NE(v.note.find("2^24"), std::string::npos);
}

TEST(Collectives, VerifyCatchesOneWrongElement) {
  const auto l = collectives::layout(Collective::kAllgather, 4 * 8, 2);
  std::vector<float> result(8);
  for (std::uint64_t i = 0; i < 8; ++i) {
    result[i] = collectives::expected_value(Collective::kAllgather, l, 0, 2, i);
  }
  EXPECT_EQ(collectives::verify(Collective::kAllgather, l, 0, 2, result).outcome,
            Verification::Outcome::kPassed);
  result[5] += 1;
  EXPECT_EQ(collectives::verify(Collective::kAllgather, l, 0, 2, result).mismatches, 1u);
}

TEST(PointToPoint, PairsAreTwoDifferentRanksOfTheJob) {
  Params p;
  p.set("pair", std::string("0-2"));
  EXPECT_EQ(p2p::pair(p, 3), std::make_pair(0, 2));
  for (const char* bad : {"0-0", "0-3", "1", "a-b", "-1-2", "1-2x"}) {
    p.set("pair", std::string(bad));
    EXPECT_THROW(p2p::pair(p, 3), Error) << bad;
  }
}

TEST(PointToPoint, EveryPairAtTheDefaultSizeAndASweepOnTheFirst) {
  const auto points = p2p::sweep(p2p::Pattern::kLatency, 4, Suite::kQuick);
  int at_default = 0;
  for (const auto& p : points) at_default += p.integer("message_bytes") == 8;
  EXPECT_EQ(at_default, 6);  // 4 ranks: 6 pairs
  EXPECT_TRUE(p2p::sweep(p2p::Pattern::kBandwidth, 1, Suite::kQuick).empty());
}

TEST(PointToPoint, MessagesAreRandomAndVerifiedByteForByte) {
  std::vector<std::byte> message(64);
  p2p::fill_message(3, message);
  EXPECT_EQ(p2p::verify_message(3, message).outcome, Verification::Outcome::kPassed);
  EXPECT_EQ(p2p::verify_message(4, message).outcome, Verification::Outcome::kFailed);
  message[10] ^= std::byte{1};
  EXPECT_EQ(p2p::verify_message(3, message).mismatches, 1u);
}

TEST(PointToPoint, ACanaryThatWasWrittenFails) {
  std::vector<std::byte> canary(p2p::kCanaryBytes, p2p::kUnwritten);
  EXPECT_EQ(p2p::verify_canary(canary).outcome, Verification::Outcome::kPassed);
  canary[3] = std::byte{0};
  const Verification v = p2p::verify_canary(canary);
  EXPECT_EQ(v.outcome, Verification::Outcome::kFailed);
  ASSERT_EQ(v.first_mismatches.size(), 1u);
  EXPECT_EQ(v.first_mismatches[0].index, 3u);
  EXPECT_EQ(v.first_mismatches[0].expected, 0xee);
}

SweepPoint point(Params params, double median, double at_mean_time) {
  return {std::move(params), median, {}, at_mean_time};
}

TEST(PointToPoint, TheLatencyAnalysisGivesTheMeanBesideTheMedianAndSaysWhich) {
  Params p;
  p.set("message_bytes", 8).set("pair", std::string("0-1"));
  const auto out = p2p::analyze(p2p::Pattern::kLatency, 2, {point(p, 200, 250)});
  EXPECT_EQ(out["matrix"][0][1], 200);
  EXPECT_EQ(out["mean_matrix"][0][1], 250);
  EXPECT_EQ(out["mean_matrix"][0][0], nullptr);
  const std::string summary = out["summary"];
  EXPECT_NE(summary.find("median pair 200 ns (mean 250 ns, as OSU reports)"), std::string::npos)
      << summary;
}

TEST(Collectives, SmallSizeLatencyFromTheMedianAndTheMeanIterationTime) {
  Params small;
  small.set("message_bytes", 8).set("in_place", 0);
  Params large;
  large.set("message_bytes", 1 << 20).set("in_place", 0);
  // 8 B at 0.04 GB/s (median) is 0.2 us per operation; at 0.032 GB/s over
  // the mean iteration time, 0.25 us.
  const auto out = collectives::analyze(Collective::kAllreduce, 2,
                                        {point(small, 0.04, 0.032), point(large, 10, 9)});
  ASSERT_EQ(out["sizes"].size(), 2u);
  EXPECT_NEAR(out["sizes"][0]["time_us"].get<double>(), 0.2, 1e-12);
  EXPECT_NEAR(out["sizes"][0]["mean_time_us"].get<double>(), 0.25, 1e-12);
  const std::string summary = out["summary"];
  EXPECT_NE(summary.find("latency at 8 B: median 0.2 us, mean 0.25 us"), std::string::npos)
      << summary;
}

TEST(Stragglers, TheRankThatIsLastByMoreThanTenPercentIsNamed) {
  // Rank 2 takes 1.5x in every iteration; rank 0 is last by 5% once.
  const std::vector<std::vector<double>> times = {
      {1.05, 1.0, 1.0, 1.0}, {1.0, 1.0, 1.0, 1.0}, {1.5, 1.5, 1.5, 1.5}};
  const auto s = stats::stragglers(times);
  EXPECT_EQ(s.iterations, 4u);
  EXPECT_NEAR(s.index_p50, 1.5, 1e-12);  // iterations 1-3; iteration 0 is 1.5 / 1.05
  EXPECT_NEAR(s.index_p99, 1.5, 1e-12);
  EXPECT_DOUBLE_EQ(s.last_fraction[2], 1.0);
  EXPECT_DOUBLE_EQ(s.last_fraction[0], 0.0);
  ASSERT_TRUE(s.persistent.has_value());
  EXPECT_EQ(*s.persistent, 2u);
}

TEST(Stragglers, EvenTimesNameNoOneAndUnequalCountsAreRefused) {
  const auto s = stats::stragglers({{1.0, 1.0}, {1.0, 1.0}});
  EXPECT_FALSE(s.persistent.has_value());
  EXPECT_DOUBLE_EQ(s.index_p50, 1.0);
  EXPECT_THROW(stats::stragglers({{1.0}, {1.0, 1.0}}), std::invalid_argument);
}

TEST(Job, ARankLaunchedByMpirunWithoutAnMpiBuildIsRefused) {
  ::setenv("OMPI_COMM_WORLD_SIZE", "2", 1);
  EXPECT_EQ(launcher_variable(), "OMPI_COMM_WORLD_SIZE=2");
  register_job_factory(nullptr);  // as if built without MPI
  try {
    start_job();
    FAIL() << "started a single-process job as one rank of a parallel job";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_NE(std::string(e.what()).find("built without MPI"), std::string::npos);
  }
  ::unsetenv("OMPI_COMM_WORLD_SIZE");
}

TEST(Job, WithoutALauncherTheJobIsThisProcess) {
  Job& job = start_job();
  EXPECT_EQ(job.rank(), 0);
  EXPECT_EQ(job.size(), 1);
  EXPECT_TRUE(job.all_equal("anything"));
  EXPECT_EQ(job.gather("x"), std::vector<std::string>{"x"});
  end_job();
}

}  // namespace
}  // namespace accelbench
