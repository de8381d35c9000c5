// The collectives over MPI_COMM_WORLD (MPI_Allreduce, MPI_Allgather,
// MPI_Reduce_scatter_block, MPI_Alltoall, MPI_Bcast from rank 0, MPI_Barrier),
// fp32 sums, on host buffers: blocking calls, so an in-place iteration is one
// operation on the restored input. Data, sentinels, restore, verification and
// timing are the shared CollectiveRun's (collective_case.h).
#include <algorithm>
#include <vector>

#include "collective_case.h"
#include "collectives.h"
#include "mpi/mpi_runtime.h"

namespace accelbench::collectives {
namespace {

class MpiLibrary final : public Library {
 public:
  LibraryTraits traits() const override {
    return {Completion::kBlocking, InPlaceChunk::kAtStart, ""};
  }

  void load(std::span<const float> input, std::span<const float> result) override {
    input_.assign(input.begin(), input.end());
    result_.assign(result.begin(), result.end());
  }

  void restore(std::size_t offset) override {
    std::copy(input_.begin(), input_.end(), result_.begin() + static_cast<std::ptrdiff_t>(offset));
  }

  void issue(const Operation& op) override {
    const int count = static_cast<int>(op.elements);
    const int chunk = static_cast<int>(op.chunk);
    const void* send = op.in_place ? MPI_IN_PLACE : input_.data();
    switch (op.collective) {
      case Collective::kAllreduce:
        ACCELBENCH_MPI_CHECK(MPI_Allreduce(send, result_.data(), count, MPI_FLOAT, MPI_SUM, comm_));
        break;
      case Collective::kAllgather:
        ACCELBENCH_MPI_CHECK(MPI_Allgather(send, op.in_place ? 0 : chunk, MPI_FLOAT, result_.data(),
                                           chunk, MPI_FLOAT, comm_));
        break;
      case Collective::kReduceScatter:
        ACCELBENCH_MPI_CHECK(
            MPI_Reduce_scatter_block(send, result_.data(), chunk, MPI_FLOAT, MPI_SUM, comm_));
        break;
      case Collective::kAlltoall:
        ACCELBENCH_MPI_CHECK(
            MPI_Alltoall(input_.data(), chunk, MPI_FLOAT, result_.data(), chunk, MPI_FLOAT, comm_));
        break;
      case Collective::kBroadcast:
        ACCELBENCH_MPI_CHECK(MPI_Bcast(result_.data(), count, MPI_FLOAT, 0, comm_));
        break;
      case Collective::kBarrier:
        ACCELBENCH_MPI_CHECK(MPI_Barrier(comm_));
        break;
    }
  }

  void complete() override {}  // every call returned complete

  void read(std::span<float> host) override {
    std::copy(result_.begin(), result_.end(), host.begin());
  }

 private:
  MPI_Comm comm_ = MPI_COMM_WORLD;
  std::vector<float> input_;
  std::vector<float> result_;
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
      return std::make_unique<CollectiveCase>(collective, device, params,
                                              std::make_unique<MpiLibrary>());
    };
    if (!barrier) {
      d.analyze = [collective](const Device& device, const std::vector<SweepPoint>& points) {
        return analyze(collective, mpi::ranks(device), points);
      };
    }
    out.push_back(std::move(d));
  }
  return out;
}

ACCELBENCH_REGISTER(kMpiCollectives, mpi_definitions());

}  // namespace
}  // namespace accelbench::collectives
