// The straggler statistics of a job's ranks (public: the communication
// backends time their iterations on every rank and compute these).
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace accelbench::stats {

// Stragglers across the ranks of a job: per iteration, the straggler index
// max/median of the ranks' times; per rank, the fraction of iterations in
// which it was last by more than `margin` (its time the largest and above the
// median by more than margin x median). A rank last in at least half of the
// iterations is persistent.
struct Stragglers {
  std::size_t iterations = 0;
  double index_p50 = 0;
  double index_p99 = 0;
  std::vector<double> last_fraction;  // per rank
  std::optional<std::size_t> persistent;
};
// seconds_by_rank[r][i]: rank r's time of iteration i; every rank the same
// number of iterations (throws std::invalid_argument otherwise).
Stragglers stragglers(const std::vector<std::vector<double>>& seconds_by_rank,
                      double margin = 0.10);

}  // namespace accelbench::stats
