#include "mpi/mpi_runtime.h"

#include <accelbench/job.h>
#include <accelbench/json_parse.h>
#include <sched.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

namespace accelbench::mpi {
namespace {

using Clock = std::chrono::steady_clock;

std::string host_name() {
  char name[256] = {};
  gethostname(name, sizeof name - 1);
  return name;
}

// "0-3,8": the CPUs this process may run on.
std::string cpu_binding() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return "unknown";
  std::string out;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (!CPU_ISSET(cpu, &set)) continue;
    int last = cpu;
    while (last + 1 < CPU_SETSIZE && CPU_ISSET(last + 1, &set)) ++last;
    out += (out.empty() ? "" : ",") + std::to_string(cpu);
    if (last > cpu) out += "-" + std::to_string(last);
    cpu = last;
  }
  return out;
}

std::string library_version() {
  char version[MPI_MAX_LIBRARY_VERSION_STRING] = {};
  int length = 0;
  MPI_Get_library_version(version, &length);
  std::string text(version, static_cast<std::size_t>(length));
  if (const auto end = text.find_first_of(",\n"); end != std::string::npos) text.resize(end);
  return text;
}

// A rank of an MPI job, with a watchdog thread: no progress for the timeout
// and this rank reports where it is and exits, which ends the job. A rank
// waiting in communication gives the rank it waits for a few seconds' grace
// to report first: that one is named as the stalled rank.
class MpiJob final : public Job {
 public:
  static constexpr double kWaitingGraceS = 3;
  static constexpr std::chrono::milliseconds kPollInterval{5};

  MpiJob() {
    // Only the main thread ever calls MPI; the watchdog, telemetry and
    // OpenMP threads never do. MPI_THREAD_SINGLE, as the OSU benchmarks get
    // from MPI_Init: Open MPI 4.1 takes its thread-safe paths for any higher
    // level, which costs 50% on an 8-byte shared-memory ping-pong (0.15 vs
    // 0.10 us on the development machine, measured with a plain C program).
    int provided = 0;
    check(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SINGLE, &provided), "MPI_Init_thread",
          __FILE__, __LINE__);
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    host_ = host_name();
    watchdog_ = std::thread([this] { watch_loop(); });
  }

  ~MpiJob() override {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    watchdog_.join();
    MPI_Finalize();
  }

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  std::string description() const override {
    return "MPI: " + library_version() + ", " + std::to_string(size_) + " ranks";
  }

  bool all_equal(const std::string& text) override {
    const auto all = allgather(text);
    for (const auto& other : all) {
      if (other != text) return false;
    }
    return true;
  }

  // Only rank 0 receives: a --per-node run gathers every node's results
  // document, which the other ranks must not all hold.
  std::vector<std::string> gather(const std::string& text) override {
    const int length = static_cast<int>(text.size());
    std::vector<int> lengths(rank_ == 0 ? static_cast<std::size_t>(size_) : 0);
    ACCELBENCH_MPI_CHECK(
        MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD));
    std::vector<int> offsets(lengths.size(), 0);
    long long total = 0;
    for (std::size_t r = 0; r < lengths.size(); ++r) {
      offsets[r] = static_cast<int>(total);
      total += lengths[r];
    }
    // Every rank must reach the Gatherv (or none): rank 0 alone knows the
    // total, so it tells the others whether it fits an MPI count.
    int fits = total <= INT_MAX ? 1 : 0;
    ACCELBENCH_MPI_CHECK(MPI_Bcast(&fits, 1, MPI_INT, 0, MPI_COMM_WORLD));
    if (!fits) throw failure("gathering the ranks' results: more than 2 GiB in all");
    std::string all(static_cast<std::size_t>(total), '\0');
    ACCELBENCH_MPI_CHECK(MPI_Gatherv(text.data(), length, MPI_CHAR, all.data(), lengths.data(),
                                     offsets.data(), MPI_CHAR, 0, MPI_COMM_WORLD));
    std::vector<std::string> out;
    for (std::size_t r = 0; r < lengths.size(); ++r) {
      out.push_back(
          all.substr(static_cast<std::size_t>(offsets[r]), static_cast<std::size_t>(lengths[r])));
    }
    return out;
  }

  // The lengths first; then rank 0 receives each rank's text in turn (a
  // message each, so no total is bounded by an MPI count).
  void gather_each(const std::string& text,
                   const std::function<void(int, std::string)>& receive) override {
    const int length = static_cast<int>(text.size());
    std::vector<int> lengths(rank_ == 0 ? static_cast<std::size_t>(size_) : 0);
    ACCELBENCH_MPI_CHECK(
        MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD));
    constexpr int kTag = 18;
    if (rank_ != 0) {
      if (length > 0) {
        ACCELBENCH_MPI_CHECK(MPI_Send(text.data(), length, MPI_CHAR, 0, kTag, MPI_COMM_WORLD));
      }
      return;
    }
    for (int r = 0; r < size_; ++r) {
      if (r == 0) {
        receive(0, text);
        continue;
      }
      std::string received(static_cast<std::size_t>(lengths[static_cast<std::size_t>(r)]), '\0');
      if (!received.empty()) {
        ACCELBENCH_MPI_CHECK(MPI_Recv(received.data(), static_cast<int>(received.size()), MPI_CHAR,
                                      r, kTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE));
      }
      receive(r, std::move(received));
    }
  }

  std::vector<std::string> all_gather(const std::string& text) override { return allgather(text); }

  // A non-blocking barrier tested every few milliseconds: MPI_Barrier spins
  // (Open MPI polls at full speed), which would take a core from the rank
  // still measuring on this node.
  void wait_for_all() override {
    MPI_Request request = MPI_REQUEST_NULL;
    ACCELBENCH_MPI_CHECK(MPI_Ibarrier(MPI_COMM_WORLD, &request));
    for (;;) {
      int done = 0;
      ACCELBENCH_MPI_CHECK(MPI_Test(&request, &done, MPI_STATUS_IGNORE));
      if (done) return;
      std::this_thread::sleep_for(kPollInterval);
    }
  }

  void watch(const std::string& instance, double timeout_s) override {
    {
      std::lock_guard lock(mutex_);
      instance_ = instance;
      timeout_s_ = timeout_s;
      iterations_ = 0;
    }
    mark(false);
    armed_ = true;
    wake_.notify_all();
  }
  void iteration() override {
    ++iterations_;
    mark(false);
  }
  void working() override { mark(false); }
  void waiting() override { mark(true); }
  void unwatch() override { armed_ = false; }

 private:
  void mark(bool waiting) {
    waiting_ = waiting;
    last_progress_ns_ = Clock::now().time_since_epoch().count();
  }

  void watch_loop() {
    std::unique_lock lock(mutex_);
    while (!stop_) {
      wake_.wait_for(lock, std::chrono::milliseconds(250));
      if (stop_ || !armed_) continue;
      const double idle_s = std::chrono::duration<double>(Clock::now().time_since_epoch() -
                                                          Clock::duration(last_progress_ns_.load()))
                                .count();
      const bool waiting = waiting_;
      if (idle_s < timeout_s_ + (waiting ? kWaitingGraceS : 0)) continue;
      char text[512];
      std::snprintf(text, sizeof text,
                    "accelbench: rank %d of %d (host %s, pid %d): no progress for %.0f s in %s "
                    "after %lld iterations; %s; ending the job\n",
                    rank_, size_, host_.c_str(), static_cast<int>(getpid()), idle_s,
                    instance_.c_str(), static_cast<long long>(iterations_.load()),
                    waiting ? "this rank is waiting in communication for another rank, which "
                              "stalled or died"
                            : "this rank is not waiting for others: it is the rank that stalled");
      std::cerr << text << std::flush;
      // Not MPI_Abort: this thread may not call MPI. A rank that exits
      // without MPI_Finalize makes mpirun end the whole job.
      _exit(3);
    }
  }

  int rank_ = 0;
  int size_ = 1;
  std::string host_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::string instance_;
  double timeout_s_ = 0;
  std::atomic<bool> armed_{false};
  std::atomic<bool> waiting_{false};
  std::atomic<long long> iterations_{0};
  std::atomic<Clock::rep> last_progress_ns_{0};
  std::thread watchdog_;
};

ACCELBENCH_REGISTER_JOB(kMpiJob, [] { return std::unique_ptr<Job>(std::make_unique<MpiJob>()); });

// "mpi:0": the world communicator, described with every rank's placement.
std::vector<Device> enumerate() {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) {
    throw unsupported(
        "not launched by mpirun: run the communication benchmarks as "
        "`mpirun -np N accelbench run --suite comm`");
  }
  const nlohmann::ordered_json own = {{"host", host_name()},
                                      {"pid", static_cast<int>(getpid())},
                                      {"cpus", cpu_binding()},
                                      {"device", "cpu"}};
  nlohmann::ordered_json per_rank = nlohmann::ordered_json::array();
  std::vector<std::string> hosts;
  int index = 0;
  for (const auto& entry : allgather_descriptions(own)) {
    const std::string host = entry["host"].get<std::string>();
    if (std::find(hosts.begin(), hosts.end(), host) == hosts.end()) hosts.push_back(host);
    per_rank.push_back({{"rank", index++},
                        {"host", host},
                        {"pid", entry["pid"]},
                        {"cpus", entry["cpus"]},
                        {"device", entry["device"]}});
  }
  int size = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int major = 0, minor = 0;
  MPI_Get_version(&major, &minor);
  nlohmann::ordered_json description = {
      {"communicator", "MPI_COMM_WORLD"},
      {"ranks", size},
      {"hosts", hosts},
      {"library", library_version()},
      {"mpi_standard", std::to_string(major) + "." + std::to_string(minor)},
      {"per_rank", per_rank}};
  const std::string name = std::to_string(size) + " ranks on " + std::to_string(hosts.size()) +
                           " host(s), " + library_version();
  return {Device{"mpi:0", "mpi", 0, name, std::move(description), {}}};
}

ACCELBENCH_REGISTER_BACKEND(kMpiBackend, {"mpi", enumerate, false, true});

}  // namespace

void check(int status, const char* call, const char* file, int line) {
  if (status == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING] = {};
  int length = 0;
  MPI_Error_string(status, text, &length);
  throw failure(std::string(call) + " failed: " + std::string(text, length) + " at " + file + ":" +
                std::to_string(line));
}

std::vector<std::string> allgather(const std::string& text, MPI_Comm comm) {
  int size = 0;
  MPI_Comm_size(comm, &size);
  int length = static_cast<int>(text.size());
  std::vector<int> lengths(static_cast<std::size_t>(size));
  ACCELBENCH_MPI_CHECK(MPI_Allgather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, comm));
  std::vector<int> offsets(static_cast<std::size_t>(size), 0);
  for (std::size_t r = 1; r < offsets.size(); ++r) offsets[r] = offsets[r - 1] + lengths[r - 1];
  std::string all(static_cast<std::size_t>(offsets.back() + lengths.back()), '\0');
  ACCELBENCH_MPI_CHECK(MPI_Allgatherv(text.data(), length, MPI_CHAR, all.data(), lengths.data(),
                                      offsets.data(), MPI_CHAR, comm));
  std::vector<std::string> out;
  for (std::size_t r = 0; r < offsets.size(); ++r) {
    out.push_back(
        all.substr(static_cast<std::size_t>(offsets[r]), static_cast<std::size_t>(lengths[r])));
  }
  return out;
}

std::vector<nlohmann::ordered_json> allgather_descriptions(const nlohmann::ordered_json& own,
                                                           MPI_Comm comm) {
  std::vector<nlohmann::ordered_json> out;
  for (const auto& text : allgather(own.dump(), comm)) {
    out.push_back(parse_json(text, "rank " + std::to_string(out.size()) + "'s description"));
  }
  return out;
}

int node_local_rank() {
  MPI_Comm node;
  ACCELBENCH_MPI_CHECK(
      MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node));
  int rank = 0;
  MPI_Comm_rank(node, &rank);
  MPI_Comm_free(&node);
  return rank;
}

int ranks(const Device& device) {
  const auto found = device.description.find("ranks");
  if (found == device.description.end() || !found->is_number_integer() || *found < 1) {
    throw failure(device.id + " does not describe its ranks");
  }
  return found->get<int>();
}

std::vector<std::string> rank_hosts(const Device& device) {
  std::vector<std::string> hosts;
  for (const auto& entry : device.description.at("per_rank")) {
    hosts.push_back(entry.at("host").get<std::string>());
  }
  return hosts;
}

}  // namespace accelbench::mpi
