// The shared collective run (comm/collectives/collective_run.h) against a
// stand-in library that computes each operation for one rank of a simulated
// group on the host (the other ranks' inputs regenerated from input_value):
// every collective verifies under both completion models (MPI's blocking
// calls, NCCL's queued stream), the in-place protocols restore and count as
// documented, and a library that skips an operation or a restore, or a
// corrupted result, fails verification. No MPI, no GPU.
#include "comm/collectives/collective_run.h"

#include <gtest/gtest.h>

#include <vector>

#include "comm/collectives/collectives.h"

namespace accelbench {
namespace {

using collectives::Collective;
using collectives::CollectiveRun;
using collectives::Completion;
using collectives::InPlaceChunk;
using collectives::LibraryTraits;
using collectives::Operation;

const LibraryTraits kBlocking{Completion::kBlocking, InPlaceChunk::kAtStart, ""};
const LibraryTraits kQueued{Completion::kQueued, InPlaceChunk::kAtRankOffset, "stand-in"};

// What the library was asked to do, read by the tests after the run owns it.
struct Calls {
  int issued = 0;
  int completed = 0;
  int restored = 0;
  std::vector<std::size_t> restore_offsets;
};

// A stand-in for a collective library (it says so in describe's "library"
// where the traits name one): one rank of a group whose other ranks hold
// input_value(q, i), computed on the host at issue().
class SimulatedGroup final : public collectives::Library {
 public:
  SimulatedGroup(LibraryTraits traits, Calls& calls) : traits_(std::move(traits)), calls_(calls) {}

  bool skip_operations = false;
  bool skip_restore = false;

  LibraryTraits traits() const override { return traits_; }
  void load(std::span<const float> input, std::span<const float> result) override {
    input_.assign(input.begin(), input.end());
    result_.assign(result.begin(), result.end());
  }
  void restore(std::size_t offset) override {
    ++calls_.restored;
    calls_.restore_offsets.push_back(offset);
    if (skip_restore) return;
    std::copy(input_.begin(), input_.end(), result_.begin() + static_cast<std::ptrdiff_t>(offset));
  }
  void issue(const Operation& op) override {
    ++calls_.issued;
    if (!skip_operations) run(op);
  }
  void complete() override { ++calls_.completed; }
  void read(std::span<float> host) override {
    ASSERT_EQ(host.size(), result_.size());
    std::copy(result_.begin(), result_.end(), host.begin());
  }

 private:
  void run(const Operation& op) {
    const std::size_t r = static_cast<std::size_t>(op.rank), c = op.chunk;
    const auto others = [&](std::uint64_t i) {
      float sum = 0;
      for (int q = 0; q < op.ranks; ++q) {
        if (q != op.rank) sum += collectives::input_value(q, i);
      }
      return sum;
    };
    std::vector<float> out = result_;
    switch (op.collective) {
      case Collective::kAllreduce:
        for (std::size_t i = 0; i < op.elements; ++i) {
          out[i] = (op.in_place ? result_[i] : input_[i]) + others(i);
        }
        break;
      case Collective::kAllgather:
        for (std::size_t i = 0; i < op.elements; ++i) {
          const std::size_t q = i / c, j = i % c;
          out[i] = q != r        ? collectives::input_value(static_cast<int>(q), j)
                   : op.in_place ? result_[r * c + j]
                                 : input_[j];
        }
        break;
      case Collective::kReduceScatter: {
        const std::size_t at =
            op.in_place && traits_.in_place_chunk == InPlaceChunk::kAtRankOffset ? r * c : 0;
        for (std::size_t j = 0; j < c; ++j) {
          out[at + j] = (op.in_place ? result_[r * c + j] : input_[r * c + j]) + others(r * c + j);
        }
        break;
      }
      case Collective::kAlltoall:
        for (std::size_t i = 0; i < op.elements; ++i) {
          const std::size_t q = i / c, j = i % c;
          out[i] =
              q == r ? input_[r * c + j] : collectives::input_value(static_cast<int>(q), r * c + j);
        }
        break;
      case Collective::kBroadcast:
        for (std::size_t i = 0; i < op.elements; ++i) {
          out[i] = op.rank == 0 ? result_[i] : collectives::input_value(0, i);
        }
        break;
      case Collective::kBarrier:
        break;
    }
    result_ = std::move(out);
  }

  LibraryTraits traits_;
  Calls& calls_;
  std::vector<float> input_, result_;
};

Params params(std::int64_t bytes, int in_place) {
  Params p;
  p.set("message_bytes", bytes);
  p.set("in_place", in_place);
  return p;
}

struct Setup {
  LibraryTraits traits;
  Collective collective;
  int in_place;
  int rank;
};

// A run of 3 iterations of rank `rank` of 3 on 96 B (8 floats per rank where split).
CollectiveRun run_of(const Setup& s, Calls& calls, SimulatedGroup** library = nullptr) {
  auto group = std::make_unique<SimulatedGroup>(s.traits, calls);
  if (library) *library = group.get();
  return CollectiveRun(s.collective, params(96, s.in_place), s.rank, 3, std::move(group));
}

void iterate(CollectiveRun& run, int iterations) {
  for (int i = 0; i < iterations; ++i) {
    run.prepare();
    run.measured();
  }
}

TEST(CollectiveRun, EveryCollectiveVerifiesUnderBothCompletionModels) {
  for (const auto& traits : {kBlocking, kQueued}) {
    for (Collective c : collectives::kCollectives) {
      if (c == Collective::kBarrier) continue;
      for (int in_place : {0, 1}) {
        if (in_place && !collectives::has_in_place(c)) continue;
        for (int rank : {0, 1, 2}) {
          Calls calls;
          CollectiveRun run = run_of({traits, c, in_place, rank}, calls);
          run.setup();
          iterate(run, 3);
          const Verification v = run.verify_result();
          const std::string what = std::string(collectives::collective_name(c)) +
                                   (in_place ? " in place" : "") + " rank " + std::to_string(rank) +
                                   " " + traits.name;
          EXPECT_EQ(v.outcome, Verification::Outcome::kPassed) << what;
          EXPECT_EQ(v.elements_checked, static_cast<std::uint64_t>(c == Collective::kReduceScatter
                                                                       ? run.layout().chunk
                                                                       : run.layout().elements))
              << what;
        }
      }
    }
  }
}

TEST(CollectiveRun, BlockingInPlaceTimesOneOperationOnTheRestoredInput) {
  Calls calls;
  CollectiveRun run = run_of({kBlocking, Collective::kAllgather, 1, 2}, calls);
  EXPECT_EQ(run.operations_per_iteration(), 1);
  run.setup();
  iterate(run, 3);
  EXPECT_EQ(calls.issued, 3);
  EXPECT_EQ(calls.restored, 3);
  EXPECT_EQ(calls.restore_offsets.front(), 2u * 8);  // allgather: at rank x chunk
  EXPECT_NE(run.work().convention.find("1 in-place operation(s) per iteration"), std::string::npos);
  EXPECT_EQ(run.verify_result().outcome, Verification::Outcome::kPassed);
}

TEST(CollectiveRun, QueuedInPlaceRunsOutOfPlacesCountAfterASeparateVerifiedPass) {
  Calls calls;
  CollectiveRun run = run_of({kQueued, Collective::kAllreduce, 1, 1}, calls);
  const int per_iteration = collectives::repeats(Collective::kAllreduce, run.layout(), false);
  EXPECT_EQ(run.operations_per_iteration(), per_iteration);
  EXPECT_GT(per_iteration, 1);
  run.setup();
  EXPECT_THROW(run.result_bytes(), Error);  // no verified pass yet
  iterate(run, 3);
  // One pass (restore, one operation, restore) and three restored iterations.
  EXPECT_EQ(calls.issued, 1 + 3 * per_iteration);
  EXPECT_EQ(calls.restored, 4);
  EXPECT_EQ(calls.completed, 4);
  EXPECT_EQ(run.work().convention.rfind("in place (input restored before each iteration", 0), 0u);
  EXPECT_EQ(run.describe()["library"], "stand-in");
  // After many summed operations the buffer is not an allreduce of the
  // inputs; the pass's result is what is verified.
  EXPECT_EQ(run.verify_result().outcome, Verification::Outcome::kPassed);
}

TEST(CollectiveRun, AnOperationThatNeverRanLeavesTheSentinel) {
  Calls calls;
  SimulatedGroup* library = nullptr;
  CollectiveRun run = run_of({kQueued, Collective::kAlltoall, 0, 1}, calls, &library);
  library->skip_operations = true;
  run.setup();
  iterate(run, 2);
  const Verification v = run.verify_result();
  EXPECT_EQ(v.outcome, Verification::Outcome::kFailed);
  EXPECT_EQ(v.mismatches, static_cast<std::uint64_t>(run.layout().elements));
  ASSERT_FALSE(v.first_mismatches.empty());
  EXPECT_EQ(v.first_mismatches.front().actual, -1.0);
}

TEST(CollectiveRun, AMissingRestoreIsCaught) {
  Calls calls;
  SimulatedGroup* library = nullptr;
  CollectiveRun run = run_of({kBlocking, Collective::kAllreduce, 1, 0}, calls, &library);
  library->skip_restore = true;
  run.setup();
  iterate(run, 2);
  EXPECT_EQ(run.verify_result().outcome, Verification::Outcome::kFailed);
}

TEST(CollectiveRun, TheResultIsFetchedOnceSoACorruptedMirrorFails) {
  Calls calls;
  CollectiveRun run = run_of({kQueued, Collective::kReduceScatter, 1, 2}, calls);
  run.setup();
  iterate(run, 1);
  auto bytes = run.result_bytes();
  bytes[0] ^= std::byte{0x40};  // the first element of this rank's chunk
  EXPECT_EQ(run.verify_result().mismatches, 1u);
}

TEST(CollectiveRun, BarriersCountAndAgree) {
  Calls calls;
  Params none;
  CollectiveRun run(Collective::kBarrier, none, 0, 3,
                    std::make_unique<SimulatedGroup>(kBlocking, calls));
  run.setup();
  iterate(run, 2);
  EXPECT_EQ(run.barriers(), 2000u);
  EXPECT_EQ(calls.issued, 2000);
  EXPECT_EQ(run.verify_barriers(2000, 2000).outcome, Verification::Outcome::kPassed);
  const Verification behind = run.verify_barriers(2000, 2001);
  EXPECT_EQ(behind.outcome, Verification::Outcome::kFailed);
  EXPECT_EQ(behind.note, "ranks passed different numbers of barriers");
}

TEST(CollectiveRun, LessThanOneElementPerRankIsUnsupported) {
  Calls calls;
  try {
    CollectiveRun run(Collective::kAlltoall, params(8, 0), 0, 3,
                      std::make_unique<SimulatedGroup>(kBlocking, calls));
    FAIL() << "2 floats split over 3 ranks";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnsupported);
  }
}

}  // namespace
}  // namespace accelbench
