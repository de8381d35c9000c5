// The base of every communication benchmark on MPI. An iteration is
//
//   prepare() and barrier (untimed) -> t0 -> the measured operation -> t1
//   -> the maximum of (t1 - t0) over the ranks (untimed)
//
// and returns that maximum, the collective's time as the slowest rank saw
// it: every rank returns the same value, so Google Benchmark makes the same
// iteration-count decisions on every rank and all ranks run identical
// iteration counts. Each rank keeps its own times; verify() gathers them for
// the straggler statistics and checks that the counts agree. Verification is
// agreed: mismatches are summed over the ranks, so every rank reports the
// same outcome.
#pragma once

#include <accelbench/benchmark.h>
#include <accelbench/job.h>
#include <mpi.h>

#include <functional>
#include <vector>

namespace accelbench::mpi {

class CommCase : public Case {
 public:
  explicit CommCase(const Device& device);

  double iterate() final;
  Verification verify() final;
  nlohmann::ordered_json details() const override { return details_; }
  nlohmann::ordered_json placement() const override;
  bool take_disturbance(std::function<void()> disturb) final;

 protected:
  // Untimed, before each iteration's barrier: restore an in-place input.
  virtual void prepare() {}
  // The timed operation, on every rank (ranks outside participants() may
  // return at once).
  virtual void measured() = 0;
  // This rank's check of its own result.
  virtual Verification verify_local() = 0;
  // The ranks whose times the straggler statistics compare (default: all).
  virtual std::vector<int> participants() const;
  // Figures for details() beyond the stragglers (bus bandwidth factor, ...).
  virtual nlohmann::ordered_json describe() const { return nlohmann::ordered_json::object(); }

  // A blocking MPI call in measured() is waiting for other ranks: the
  // watchdog then names the rank that is not waiting.
  template <class Call>
  void communicate(Call call) {
    job_.waiting();
    call();
    job_.working();
  }

  MPI_Comm comm_ = MPI_COMM_WORLD;
  int rank_ = 0;
  int size_ = 1;
  std::vector<std::string> hosts_;

 private:
  nlohmann::ordered_json straggler_report();

  Job& job_;
  std::function<void()> disturb_;
  std::vector<double> local_seconds_;
  nlohmann::ordered_json details_ = nlohmann::ordered_json::object();
};

}  // namespace accelbench::mpi
