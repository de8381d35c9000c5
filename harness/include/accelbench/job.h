// The processes one run spans: this process alone, or the ranks of an MPI job
// (mpirun -np N accelbench run --suite comm). The harness uses the job to
// check that every rank selected the same benchmarks, to let rank 0 alone
// print and write the results, and to end a job whose ranks stall. The MPI
// backend provides the MPI job (ACCELBENCH_REGISTER_JOB), so the harness
// itself does not depend on MPI.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace accelbench {

class Job {
 public:
  virtual ~Job() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // "single process", "MPI: Open MPI v4.1.4, 3 ranks"
  virtual std::string description() const = 0;

  // Collective: whether every rank passed the same text.
  virtual bool all_equal(const std::string& text) = 0;
  // Collective: rank 0 receives every rank's text in rank order; the other
  // ranks receive an empty vector.
  virtual std::vector<std::string> gather(const std::string& text) = 0;
  // Collective: rank 0 receives every rank's text in rank order, one at a
  // time, each handed to `receive` (so rank 0 need not hold them all at
  // once: run --per-node's node documents); the other ranks receive nothing.
  virtual void gather_each(const std::string& text,
                           const std::function<void(int rank, std::string text)>& receive) = 0;
  // Collective: every rank receives every rank's text in rank order.
  virtual std::vector<std::string> all_gather(const std::string& text) = 0;
  // Collective: returns when every rank has called it. Waiting ranks poll
  // gently (sleeping between polls) instead of spinning, so a rank still
  // measuring on the same node is not disturbed by the ones waiting for it
  // (run --per-node: the node-local phase).
  virtual void wait_for_all() {}

  // The stall watchdog. watch() arms it for one benchmark instance;
  // iteration() reports that a timed iteration starts; working() and
  // waiting() report progress, saying whether this rank is computing or
  // blocked in communication with other ranks; unwatch() disarms it. With no
  // progress for `timeout_s`, every rank reports where it is and the job
  // ends, the rank that is not waiting (the one the others wait for) named.
  virtual void watch(const std::string& /*instance*/, double /*timeout_s*/) {}
  virtual void iteration() {}
  virtual void working() {}
  virtual void waiting() {}
  virtual void unwatch() {}
};

using JobFactory = std::function<std::unique_ptr<Job>()>;

// Registers the factory of the multi-process job (at most one: the MPI backend).
void register_job_factory(JobFactory factory);

// "OMPI_COMM_WORLD_SIZE=3" when a launcher (mpirun, mpiexec, srun with PMI)
// started this process as one rank of a job; nullopt otherwise.
std::optional<std::string> launcher_variable();

// Starts the multi-process job when this process was launched as a rank; a
// single-process job otherwise. Throws a usage error when launched as a rank
// but built without MPI (the ranks would each run the whole suite alone).
Job& start_job();
// The job started by start_job(), or a single-process job.
Job& current_job();
// Ends the job (MPI_Finalize); current_job() is a single process again.
void end_job();

}  // namespace accelbench

#define ACCELBENCH_REGISTER_JOB(variable, ...)       \
  [[maybe_unused]] static const bool variable = [] { \
    ::accelbench::register_job_factory(__VA_ARGS__); \
    return true;                                     \
  }()
