#include <accelbench/error.h>
#include <accelbench/job.h>

#include <cstdlib>

namespace accelbench {
namespace {

class SingleProcessJob final : public Job {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  std::string description() const override { return "single process"; }
  bool all_equal(const std::string&) override { return true; }
  std::vector<std::string> gather(const std::string& text) override { return {text}; }
  std::vector<std::string> all_gather(const std::string& text) override { return {text}; }
  void gather_each(const std::string& text,
                   const std::function<void(int, std::string)>& receive) override {
    receive(0, text);
  }
};

JobFactory& factory() {
  static JobFactory instance;
  return instance;
}

std::unique_ptr<Job>& job() {
  static std::unique_ptr<Job> instance = std::make_unique<SingleProcessJob>();
  return instance;
}

}  // namespace

void register_job_factory(JobFactory f) { factory() = std::move(f); }

std::optional<std::string> launcher_variable() {
  // Open MPI, PMIx (Open MPI 5, Slurm), PMI (MPICH's hydra, Slurm), MVAPICH.
  for (const char* name :
       {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "MV2_COMM_WORLD_SIZE"}) {
    if (const char* value = std::getenv(name)) return std::string(name) + "=" + value;
  }
  return std::nullopt;
}

Job& start_job() {
  const auto launched = launcher_variable();
  if (!launched) return *job();
  if (!factory()) {
    throw usage_error("launched as one rank of a parallel job (" + *launched +
                      ") but this accelbench was built without MPI: each rank would run the "
                      "whole suite alone. Rebuild with MPI (Debian: libopenmpi-dev) or run "
                      "without mpirun");
  }
  job() = factory()();
  return *job();
}

Job& current_job() { return *job(); }

void end_job() { job() = std::make_unique<SingleProcessJob>(); }

}  // namespace accelbench
