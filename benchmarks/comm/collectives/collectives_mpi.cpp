// The collectives over MPI_COMM_WORLD (MPI_Allreduce, MPI_Allgather,
// MPI_Reduce_scatter_block, MPI_Alltoall, MPI_Bcast from rank 0, MPI_Barrier),
// fp32 sums, timed by mpi::CommCase. Out of place, the result buffer starts
// as a sentinel (-1) so an operation that never ran is caught; in place, the
// input is restored before every iteration (untimed).
#include <vector>

#include "collectives.h"
#include "mpi/comm_case.h"
#include "mpi/mpi_runtime.h"

namespace accelbench::collectives {
namespace {

constexpr float kSentinel = -1;

int ranks_of(const Device& device) { return device.description.value("ranks", 1); }

class MpiCollective final : public mpi::CommCase {
 public:
  MpiCollective(Collective collective, const Device& device, const Params& params)
      : CommCase(device),
        collective_(collective),
        bytes_(collective == Collective::kBarrier ? 0 : params.integer("message_bytes")),
        in_place_(has_in_place(collective) && params.integer_in("in_place", 0, 1) == 1),
        layout_(collective == Collective::kBarrier ? Layout{}
                                                   : layout(collective, bytes_, ranks_of(device))),
        repeats_(repeats(collective, layout_, in_place_)) {
    if (collective != Collective::kBarrier && bytes_ < 4) {
      throw usage_error("message_bytes must be at least 4 (one fp32), not " +
                        std::to_string(bytes_));
    }
  }

  Work work() const override { return collectives::work(collective_, layout_, size_, in_place_); }

  void setup() override {
    if (collective_ == Collective::kBarrier) return;
    const auto n = static_cast<std::size_t>(layout_.elements);
    const auto chunk = static_cast<std::size_t>(layout_.chunk);
    std::size_t input_count = n;
    std::size_t result_count = n;
    if (collective_ == Collective::kAllgather) input_count = chunk;
    if (collective_ == Collective::kReduceScatter) result_count = chunk;
    input_.resize(input_count);
    for (std::size_t i = 0; i < input_count; ++i) input_[i] = input_value(rank_, i);
    // In place, reduce_scatter reads its input from (and leaves its result
    // at the start of) the full-size result buffer.
    result_.assign(in_place_ ? std::max(input_count, result_count) : result_count, kSentinel);
    if (collective_ == Collective::kBroadcast && rank_ == 0) result_ = input_;
  }

  nlohmann::ordered_json describe() const override {
    return {{"collective", std::string(collective_name(collective_))},
            {"in_place", in_place_},
            {"bus_factor", bus_factor(collective_, size_)},
            {"bus_factor_formula", bus_factor_formula(collective_)},
            {"data_type", "fp32"}};
  }

  std::span<std::byte> result_bytes() override {
    if (collective_ == Collective::kBarrier)
      return std::as_writable_bytes(std::span(&barriers_, 1));
    return std::as_writable_bytes(std::span(result_));
  }

 protected:
  void prepare() override {
    if (!in_place_) return;
    if (collective_ == Collective::kAllgather) {
      std::copy(input_.begin(), input_.end(), result_.begin() + rank_ * layout_.chunk);
    } else {
      std::copy(input_.begin(), input_.end(), result_.begin());
    }
  }

  // `repeats_` operations back to back (in place: one, on the restored input).
  void measured() override {
    for (int i = 0; i < repeats_; ++i) one_operation();
  }

  void one_operation() {
    const int count = static_cast<int>(layout_.elements);
    const int chunk = static_cast<int>(layout_.chunk);
    const void* send = in_place_ ? MPI_IN_PLACE : input_.data();
    communicate([&] {
      switch (collective_) {
        case Collective::kAllreduce:
          ACCELBENCH_MPI_CHECK(
              MPI_Allreduce(send, result_.data(), count, MPI_FLOAT, MPI_SUM, comm_));
          break;
        case Collective::kAllgather:
          ACCELBENCH_MPI_CHECK(MPI_Allgather(send, in_place_ ? 0 : chunk, MPI_FLOAT, result_.data(),
                                             chunk, MPI_FLOAT, comm_));
          break;
        case Collective::kReduceScatter:
          ACCELBENCH_MPI_CHECK(
              MPI_Reduce_scatter_block(send, result_.data(), chunk, MPI_FLOAT, MPI_SUM, comm_));
          break;
        case Collective::kAlltoall:
          ACCELBENCH_MPI_CHECK(MPI_Alltoall(input_.data(), chunk, MPI_FLOAT, result_.data(), chunk,
                                            MPI_FLOAT, comm_));
          break;
        case Collective::kBroadcast:
          ACCELBENCH_MPI_CHECK(MPI_Bcast(result_.data(), count, MPI_FLOAT, 0, comm_));
          break;
        case Collective::kBarrier:
          ACCELBENCH_MPI_CHECK(MPI_Barrier(comm_));
          ++barriers_;
          break;
      }
    });
  }

  Verification verify_local() override {
    if (collective_ == Collective::kBarrier) {
      // Every rank must have passed the same number of barriers.
      std::uint64_t fewest = 0, most = 0;
      ACCELBENCH_MPI_CHECK(MPI_Allreduce(&barriers_, &fewest, 1, MPI_UINT64_T, MPI_MIN, comm_));
      ACCELBENCH_MPI_CHECK(MPI_Allreduce(&barriers_, &most, 1, MPI_UINT64_T, MPI_MAX, comm_));
      Verification v = check_scalar(static_cast<double>(barriers_), static_cast<double>(most), 0,
                                    "barriers passed by this rank vs the most any rank passed");
      if (fewest != most) v.note = "ranks passed different numbers of barriers";
      return v;
    }
    std::span<const float> result(result_);
    if (collective_ == Collective::kReduceScatter) {
      result = result.first(static_cast<std::size_t>(layout_.chunk));
    }
    return collectives::verify(collective_, layout_, rank_, size_, result);
  }

 private:
  Collective collective_;
  std::int64_t bytes_;
  bool in_place_;
  Layout layout_;
  int repeats_;
  std::vector<float> input_;
  std::vector<float> result_;
  std::uint64_t barriers_ = 0;
};

std::vector<Definition> mpi_definitions() {
  std::vector<Definition> out;
  for (Collective collective : kCollectives) {
    const bool barrier = collective == Collective::kBarrier;
    Definition d;
    d.id = "comm/" + std::string(collective_name(collective));
    d.backend = "mpi";
    d.claim = Claim::kInterconnect;
    d.metric = barrier ? MetricKind::kLatency : MetricKind::kBandwidth;
    d.spec = &spec(collective);
    d.timer = Timer::kDevice;
    d.summary = barrier ? "MPI_Barrier latency across all ranks"
                        : "MPI " + std::string(collective_name(collective)) +
                              ": algbw and busbw over message sizes, every element verified";
    d.instances = [collective](const Device&, Suite suite) { return sweep(collective, suite); };
    d.make_case = [collective](const Device& device,
                               const Params& params) -> std::unique_ptr<Case> {
      return std::make_unique<MpiCollective>(collective, device, params);
    };
    if (!barrier) {
      d.analyze = [collective](const Device& device, const std::vector<SweepPoint>& points) {
        return analyze(collective, ranks_of(device), points);
      };
    }
    out.push_back(std::move(d));
  }
  return out;
}

ACCELBENCH_REGISTER(kMpiCollectives, mpi_definitions());

}  // namespace
}  // namespace accelbench::collectives
