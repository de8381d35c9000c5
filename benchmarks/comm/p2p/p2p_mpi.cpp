// Point to point over MPI (blocking MPI_Send/MPI_Recv for the ping-pong,
// MPI_Isend/MPI_Irecv windows for the others), timed by mpi::CommCase. As in
// the OSU micro-benchmarks, a window's messages reuse one send and one receive
// buffer. Ranks outside the pair idle through the iteration; a rank that
// receives nothing keeps an 8-byte canary that must stay intact.
#include <vector>

#include "mpi/comm_case.h"
#include "mpi/mpi_runtime.h"
#include "p2p.h"

namespace accelbench::p2p {
namespace {

constexpr int kTag = 7;
constexpr int kAckTag = 8;

class MpiPointToPoint final : public mpi::CommCase {
 public:
  MpiPointToPoint(Pattern pattern, const Device& device, const Params& params)
      : CommCase(device),
        pattern_(pattern),
        bytes_(message_bytes(params)),
        repeats_(repeats(pattern, bytes_)) {
    const int ranks = size_;
    if (ranks < 2) throw unsupported("point to point needs at least 2 ranks");
    if (pattern == Pattern::kMessageRate) {
      const int pairs = ranks / 2;
      if (rank_ < 2 * pairs) {
        sender_ = rank_ < pairs;
        peer_ = sender_ ? rank_ + pairs : rank_ - pairs;
      }
    } else {
      const auto [a, b] = pair(params, ranks);
      a_ = a;
      b_ = b;
      if (rank_ == a) peer_ = b;
      if (rank_ == b) peer_ = a;
      sender_ = rank_ == a;
    }
  }

  Work work() const override { return p2p::work(pattern_, bytes_, size_); }

  void setup() override {
    const auto size = static_cast<std::size_t>(bytes_);
    send_.resize(size);
    fill_message(rank_, send_);
    receive_.assign(receives() ? size : kCanaryBytes, kUnwritten);
  }

  std::span<std::byte> result_bytes() override { return receive_; }

  nlohmann::ordered_json describe() const override {
    nlohmann::ordered_json out = {{"pattern", std::string(pattern_name(pattern_))},
                                  {"message_bytes", bytes_},
                                  {"window", pattern_ == Pattern::kLatency ? 1 : kWindow}};
    if (pattern_ != Pattern::kMessageRate) {
      out["pair"] = {
          {"ranks", {a_, b_}},
          {"hosts",
           {hosts_.at(static_cast<std::size_t>(a_)), hosts_.at(static_cast<std::size_t>(b_))}}};
    }
    return out;
  }

 protected:
  std::vector<int> participants() const override {
    if (pattern_ != Pattern::kMessageRate) return {a_, b_};
    std::vector<int> ranks;
    for (int r = 0; r < 2 * (size_ / 2); ++r) ranks.push_back(r);
    return ranks;
  }

  void measured() override {
    if (peer_ < 0) return;
    communicate([&] {
      switch (pattern_) {
        case Pattern::kLatency:
          ping_pong();
          break;
        case Pattern::kBandwidth:
        case Pattern::kMessageRate:
          for (int w = 0; w < repeats_; ++w) one_way_window();
          break;
        case Pattern::kBibandwidth:
          for (int w = 0; w < repeats_; ++w) two_way_window();
          break;
      }
    });
  }

  Verification verify_local() override {
    return receives() ? verify_message(peer_, receive_) : verify_canary(receive_);
  }

 private:
  // Whether this rank receives the peer's data (not just acknowledgements).
  bool receives() const {
    if (peer_ < 0) return false;
    if (pattern_ == Pattern::kLatency || pattern_ == Pattern::kBibandwidth) return true;
    return !sender_;
  }

  int count() const { return static_cast<int>(bytes_); }

  void ping_pong() {
    for (int i = 0; i < repeats_; ++i) {
      if (sender_) {
        ACCELBENCH_MPI_CHECK(MPI_Send(send_.data(), count(), MPI_BYTE, peer_, kTag, comm_));
        ACCELBENCH_MPI_CHECK(
            MPI_Recv(receive_.data(), count(), MPI_BYTE, peer_, kTag, comm_, MPI_STATUS_IGNORE));
      } else {
        ACCELBENCH_MPI_CHECK(
            MPI_Recv(receive_.data(), count(), MPI_BYTE, peer_, kTag, comm_, MPI_STATUS_IGNORE));
        ACCELBENCH_MPI_CHECK(MPI_Send(send_.data(), count(), MPI_BYTE, peer_, kTag, comm_));
      }
    }
  }

  void one_way_window() {
    MPI_Request requests[kWindow];
    char ack = 0;
    if (sender_) {
      for (auto& request : requests) {
        ACCELBENCH_MPI_CHECK(
            MPI_Isend(send_.data(), count(), MPI_BYTE, peer_, kTag, comm_, &request));
      }
      ACCELBENCH_MPI_CHECK(MPI_Waitall(kWindow, requests, MPI_STATUSES_IGNORE));
      ACCELBENCH_MPI_CHECK(MPI_Recv(&ack, 1, MPI_CHAR, peer_, kAckTag, comm_, MPI_STATUS_IGNORE));
    } else {
      for (auto& request : requests) {
        ACCELBENCH_MPI_CHECK(
            MPI_Irecv(receive_.data(), count(), MPI_BYTE, peer_, kTag, comm_, &request));
      }
      ACCELBENCH_MPI_CHECK(MPI_Waitall(kWindow, requests, MPI_STATUSES_IGNORE));
      ACCELBENCH_MPI_CHECK(MPI_Send(&ack, 1, MPI_CHAR, peer_, kAckTag, comm_));
    }
  }

  void two_way_window() {
    MPI_Request requests[2 * kWindow];
    for (int i = 0; i < kWindow; ++i) {
      ACCELBENCH_MPI_CHECK(
          MPI_Irecv(receive_.data(), count(), MPI_BYTE, peer_, kTag, comm_, &requests[i]));
    }
    for (int i = 0; i < kWindow; ++i) {
      ACCELBENCH_MPI_CHECK(
          MPI_Isend(send_.data(), count(), MPI_BYTE, peer_, kTag, comm_, &requests[kWindow + i]));
    }
    ACCELBENCH_MPI_CHECK(MPI_Waitall(2 * kWindow, requests, MPI_STATUSES_IGNORE));
  }

  Pattern pattern_;
  std::int64_t bytes_;
  int repeats_;
  int a_ = 0;
  int b_ = 0;
  int peer_ = -1;
  bool sender_ = false;
  std::vector<std::byte> send_;
  std::vector<std::byte> receive_;
};

MetricKind metric_of(Pattern pattern) {
  switch (pattern) {
    case Pattern::kLatency:
      return MetricKind::kLatency;
    case Pattern::kMessageRate:
      return MetricKind::kRate;
    default:
      return MetricKind::kBandwidth;
  }
}

std::string summary_of(Pattern pattern) {
  switch (pattern) {
    case Pattern::kLatency:
      return "ping-pong one-way latency between rank pairs (OSU convention)";
    case Pattern::kBandwidth:
      return "windowed bandwidth between rank pairs (OSU convention)";
    case Pattern::kBibandwidth:
      return "bidirectional windowed bandwidth, both directions counted";
    case Pattern::kMessageRate:
      return "small-message rate over all rank pairs at once";
  }
  return "";
}

std::vector<Definition> mpi_definitions() {
  std::vector<Definition> out;
  for (Pattern pattern : kPatterns) {
    Definition d;
    d.id = "comm/" + std::string(pattern_name(pattern));
    d.backend = "mpi";
    d.claim = Claim::kInterconnect;
    d.metric = metric_of(pattern);
    d.spec = &spec(pattern);
    d.timer = Timer::kDevice;
    d.summary = summary_of(pattern);
    d.instances = [pattern](const Device& device, Suite suite) {
      return sweep(pattern, mpi::ranks(device), suite);
    };
    d.make_case = [pattern](const Device& device, const Params& params) -> std::unique_ptr<Case> {
      return std::make_unique<MpiPointToPoint>(pattern, device, params);
    };
    if (pattern == Pattern::kLatency || pattern == Pattern::kBandwidth) {
      d.analyze = [pattern](const Device& device, const std::vector<SweepPoint>& points) {
        return analyze(pattern, mpi::ranks(device), points);
      };
    }
    out.push_back(std::move(d));
  }
  return out;
}

ACCELBENCH_REGISTER(kMpiPointToPoint, mpi_definitions());

}  // namespace
}  // namespace accelbench::p2p
