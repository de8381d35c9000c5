#include "mpi/comm_case.h"

#include <accelbench/details.h>
#include <accelbench/stragglers.h>

#include <cstring>

#include "mpi/mpi_runtime.h"

namespace accelbench::mpi {

CommCase::CommCase(const Device& device) : hosts_(rank_hosts(device)), job_(current_job()) {
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &size_);
}

double CommCase::iterate() {
  prepare();
  communicate([&] { ACCELBENCH_MPI_CHECK(MPI_Barrier(comm_)); });
  const double start = MPI_Wtime();
  measured();
  if (disturb_) disturb_();
  const double local = MPI_Wtime() - start;
  local_seconds_.push_back(local);
  double slowest = 0;
  communicate([&] {
    ACCELBENCH_MPI_CHECK(MPI_Allreduce(&local, &slowest, 1, MPI_DOUBLE, MPI_MAX, comm_));
  });
  return slowest;
}

bool CommCase::take_disturbance(std::function<void()> disturb) {
  disturb_ = std::move(disturb);
  return true;
}

std::vector<int> CommCase::participants() const {
  std::vector<int> all(static_cast<std::size_t>(size_));
  for (int r = 0; r < size_; ++r) all[static_cast<std::size_t>(r)] = r;
  return all;
}

nlohmann::ordered_json CommCase::placement() const {
  return {{"rank", rank_}, {"ranks", size_}, {"host", hosts_.at(static_cast<std::size_t>(rank_))}};
}

Verification CommCase::verify() {
  Verification v = verify_local();
  // Agree: sums over the ranks, the worst outcome of any rank.
  std::uint64_t local[4] = {v.mismatches, v.elements_checked, v.bytes_checked, v.non_finite};
  std::uint64_t total[4] = {};
  ACCELBENCH_MPI_CHECK(MPI_Allreduce(local, total, 4, MPI_UINT64_T, MPI_SUM, comm_));
  int outcome = static_cast<int>(v.outcome);  // kPassed < kFailed < kUnverified
  int worst = outcome;
  ACCELBENCH_MPI_CHECK(MPI_Allreduce(&outcome, &worst, 1, MPI_INT, MPI_MAX, comm_));
  double error = v.max_relative_error;
  ACCELBENCH_MPI_CHECK(MPI_Allreduce(&error, &v.max_relative_error, 1, MPI_DOUBLE, MPI_MAX, comm_));
  v.mismatches = total[0];
  v.elements_checked = total[1];
  v.bytes_checked = total[2];
  v.non_finite = total[3];
  if (total[0] > 0) {
    v.outcome = Verification::Outcome::kFailed;
  } else {
    v.outcome = static_cast<Verification::Outcome>(worst);
  }
  v.method += " (every rank; counts summed over " + std::to_string(size_) + " ranks)";
  details_ = describe();
  details_["stragglers"] = straggler_report();
  const auto& persistent = details_["stragglers"]["persistent_straggler"];
  if (persistent.is_object()) {
    set_note(details_, NoteColumn::kStability,
             "straggler: rank " + std::to_string(persistent["rank"].get<int>()) + " on " +
                 persistent["host"].get<std::string>());
  }
  return v;
}

nlohmann::ordered_json CommCase::straggler_report() {
  // Every rank's times, on every rank (so every rank can check the counts).
  std::string own(local_seconds_.size() * sizeof(double), '\0');
  std::memcpy(own.data(), local_seconds_.data(), own.size());
  const auto all = allgather(own, comm_);
  std::vector<std::vector<double>> by_rank;
  for (int r : participants()) {
    const std::string& bytes = all.at(static_cast<std::size_t>(r));
    std::vector<double> times(bytes.size() / sizeof(double));
    std::memcpy(times.data(), bytes.data(), bytes.size());
    by_rank.push_back(std::move(times));
  }
  for (const auto& times : by_rank) {
    if (times.size() != by_rank.front().size()) {
      throw failure("the ranks ran different iteration counts (" +
                    std::to_string(by_rank.front().size()) + " and " +
                    std::to_string(times.size()) + "): the measurement is not comparable");
    }
  }
  const stats::Stragglers s = stats::stragglers(by_rank);
  nlohmann::ordered_json last = nlohmann::ordered_json::array();
  const auto ranks = participants();
  for (std::size_t i = 0; i < ranks.size(); ++i) {
    last.push_back({{"rank", ranks[i]},
                    {"host", hosts_.at(static_cast<std::size_t>(ranks[i]))},
                    {"last_by_10_percent_fraction", s.last_fraction[i]}});
  }
  nlohmann::ordered_json out = {{"iterations_per_rank", s.iterations},
                                {"index_definition",
                                 "max / median of the ranks' times, per "
                                 "iteration"},
                                {"index_p50", s.index_p50},
                                {"index_p99", s.index_p99},
                                {"ranks", last}};
  if (s.persistent) {
    const int rank = ranks[*s.persistent];
    out["persistent_straggler"] = {{"rank", rank},
                                   {"host", hosts_.at(static_cast<std::size_t>(rank))},
                                   {"last_by_10_percent_fraction", s.last_fraction[*s.persistent]}};
  } else {
    out["persistent_straggler"] = nullptr;
  }
  return out;
}

}  // namespace accelbench::mpi
