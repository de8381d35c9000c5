// The Case of every collective library: a CollectiveRun (collective_run.h)
// timed across the ranks by mpi::CommCase (barrier, the iteration's
// operations, the slowest rank's time; straggler statistics; agreed
// verification). A library's file supplies its Library and registers its
// definitions with make_collective_case. The libraries bootstrap their ranks
// over MPI (NCCL is built only with MPI), so this header needs the MPI
// backend's.
#pragma once

#include <memory>

#include "collective_run.h"
#include "mpi/comm_case.h"
#include "mpi/mpi_runtime.h"

namespace accelbench::collectives {

class CollectiveCase final : public mpi::CommCase {
 public:
  CollectiveCase(Collective collective, const Device& device, const Params& params,
                 std::unique_ptr<Library> library)
      : CommCase(device), run_(collective, params, rank_, size_, std::move(library)) {}

  Work work() const override { return run_.work(); }
  void setup() override { run_.setup(); }
  std::span<std::byte> result_bytes() override { return run_.result_bytes(); }
  nlohmann::ordered_json describe() const override { return run_.describe(); }

 protected:
  void prepare() override { run_.prepare(); }
  void measured() override {
    communicate([&] { run_.measured(); });
  }
  Verification verify_local() override {
    if (run_.collective() != Collective::kBarrier) return run_.verify_result();
    // Every rank must have passed the same number of barriers.
    const std::uint64_t own = run_.barriers();
    std::uint64_t fewest = 0, most = 0;
    ACCELBENCH_MPI_CHECK(MPI_Allreduce(&own, &fewest, 1, MPI_UINT64_T, MPI_MIN, comm_));
    ACCELBENCH_MPI_CHECK(MPI_Allreduce(&own, &most, 1, MPI_UINT64_T, MPI_MAX, comm_));
    return run_.verify_barriers(fewest, most);
  }

 private:
  CollectiveRun run_;
};

}  // namespace accelbench::collectives
