// The collectives over NCCL, one rank per GPU (nccl-tests' setting): fp32 sum
// on device buffers, alltoall as grouped ncclSend/ncclRecv, broadcast from
// rank 0. Timed by mpi::CommCase around the operations and a stream
// synchronisation (the slowest rank's time, as nccl-tests reports). Every
// copy runs on the collective's non-blocking stream and is waited for, so it
// is ordered with the collectives. In-place and out-of-place cases run the
// same number of operations per timed iteration (out-of-place's count); an
// in-place input is restored before every iteration, untimed, and verified on
// a separate pass before the first: restore, one operation, the result copied
// back. Verified exactly like the MPI version.
#include <vector>

#include "collectives.h"
#include "cuda/cuda_runtime.h"
#include "mpi/comm_case.h"
#include "nccl/nccl_runtime.h"

namespace accelbench::collectives {
namespace {

constexpr float kSentinel = -1;

int ranks_of(const Device& device) { return device.description.value("ranks", 1); }

class NcclCollective final : public mpi::CommCase {
 public:
  NcclCollective(Collective collective, const Device& device, const Params& params)
      : CommCase(device),
        collective_(collective),
        in_place_(has_in_place(collective) && params.integer_in("in_place", 0, 1) == 1),
        layout_(layout(collective, params.integer("message_bytes"), ranks_of(device))),
        repeats_(repeats(collective, layout_, false)) {}

  ~NcclCollective() override {
    if (stream_) cudaStreamDestroy(stream_);
  }

  Work work() const override {
    Work w = collectives::work(collective_, layout_, size_, false);
    if (in_place_) {
      w.convention =
          "in place (input restored before each iteration, untimed; verified on a "
          "separate pass): " +
          w.convention;
    }
    return w;
  }

  void setup() override {
    comm_nccl_ = nccl::world();
    ACCELBENCH_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking));
    const auto n = static_cast<std::size_t>(layout_.elements);
    const auto chunk = static_cast<std::size_t>(layout_.chunk);
    const std::size_t input_count = collective_ == Collective::kAllgather ? chunk : n;
    const std::size_t result_count =
        collective_ == Collective::kReduceScatter && !in_place_ ? chunk : std::max(n, input_count);
    input_host_.resize(input_count);
    for (std::size_t i = 0; i < input_count; ++i) input_host_[i] = input_value(rank_, i);
    input_ = cuda::DeviceBuffer<float>(input_count);
    ACCELBENCH_CUDA_CHECK(cudaMemcpyAsync(input_.get(), input_host_.data(), input_.bytes(),
                                          cudaMemcpyHostToDevice, stream_));
    std::vector<float> sentinel(result_count, kSentinel);
    if (collective_ == Collective::kBroadcast && rank_ == 0) sentinel = input_host_;
    result_ = cuda::DeviceBuffer<float>(result_count);
    ACCELBENCH_CUDA_CHECK(cudaMemcpyAsync(result_.get(), sentinel.data(), result_.bytes(),
                                          cudaMemcpyHostToDevice, stream_));
    ACCELBENCH_CUDA_CHECK(cudaStreamSynchronize(stream_));
  }

  std::span<std::byte> result_bytes() override {
    fetch();
    return std::as_writable_bytes(std::span(result_host_));
  }

  nlohmann::ordered_json describe() const override {
    return {{"collective", std::string(collective_name(collective_))},
            {"in_place", in_place_},
            {"bus_factor", bus_factor(collective_, size_)},
            {"bus_factor_formula", bus_factor_formula(collective_)},
            {"data_type", "fp32"},
            {"library", "NCCL"}};
  }

 protected:
  // Every rank runs prepare() before every iteration, so the verification
  // pass's collective has all ranks.
  void prepare() override {
    if (!in_place_) return;
    restore_input();
    if (verified_pass_done_) return;
    one_operation();
    copy_result_back();
    verified_pass_done_ = true;
    restore_input();
  }

  void measured() override {
    if (!in_place_) fetched_ = false;
    communicate([&] {
      for (int i = 0; i < repeats_; ++i) one_operation();
      ACCELBENCH_CUDA_CHECK(cudaStreamSynchronize(stream_));
    });
  }

  Verification verify_local() override {
    fetch();
    std::span<const float> result(result_host_);
    if (collective_ == Collective::kReduceScatter) {
      result = result.first(static_cast<std::size_t>(layout_.chunk));
    }
    return collectives::verify(collective_, layout_, rank_, size_, result);
  }

 private:
  void one_operation() {
    const auto count = static_cast<std::size_t>(layout_.elements);
    const auto chunk = static_cast<std::size_t>(layout_.chunk);
    float* out = result_.get();
    const float* in = input_.get();
    switch (collective_) {
      case Collective::kAllreduce:
        ACCELBENCH_NCCL_CHECK(ncclAllReduce(in_place_ ? out : in, out, count, ncclFloat, ncclSum,
                                            comm_nccl_, stream_));
        break;
      case Collective::kAllgather:
        ACCELBENCH_NCCL_CHECK(ncclAllGather(in_place_ ? out + rank_ * chunk : in, out, chunk,
                                            ncclFloat, comm_nccl_, stream_));
        break;
      case Collective::kReduceScatter:
        ACCELBENCH_NCCL_CHECK(ncclReduceScatter(in_place_ ? out : in,
                                                in_place_ ? out + rank_ * chunk : out, chunk,
                                                ncclFloat, ncclSum, comm_nccl_, stream_));
        break;
      case Collective::kAlltoall:
        ACCELBENCH_NCCL_CHECK(ncclGroupStart());
        for (int peer = 0; peer < size_; ++peer) {
          ACCELBENCH_NCCL_CHECK(
              ncclSend(in + peer * chunk, chunk, ncclFloat, peer, comm_nccl_, stream_));
          ACCELBENCH_NCCL_CHECK(
              ncclRecv(out + peer * chunk, chunk, ncclFloat, peer, comm_nccl_, stream_));
        }
        ACCELBENCH_NCCL_CHECK(ncclGroupEnd());
        break;
      case Collective::kBroadcast:
        ACCELBENCH_NCCL_CHECK(ncclBroadcast(out, out, count, ncclFloat, 0, comm_nccl_, stream_));
        break;
      case Collective::kBarrier:
        break;
    }
  }

  // The in-place input back in place, on the collective's stream, waited for.
  void restore_input() {
    float* target = result_.get();
    if (collective_ == Collective::kAllgather) target += rank_ * layout_.chunk;
    ACCELBENCH_CUDA_CHECK(
        cudaMemcpyAsync(target, input_.get(), input_.bytes(), cudaMemcpyDeviceToDevice, stream_));
    ACCELBENCH_CUDA_CHECK(cudaStreamSynchronize(stream_));
  }

  // Out of place: the last timed operation's result. In place: the result of
  // the verification pass, copied back by prepare().
  void fetch() {
    if (fetched_) return;
    if (in_place_) {
      if (!verified_pass_done_) throw failure("in-place result read before its verification pass");
      return;
    }
    copy_result_back();
  }

  // In place, NCCL's reduce_scatter leaves this rank's chunk at its offset:
  // the result is read from there.
  void copy_result_back() {
    result_host_.resize(result_.size());
    ACCELBENCH_CUDA_CHECK(cudaMemcpyAsync(result_host_.data(), result_.get(), result_.bytes(),
                                          cudaMemcpyDeviceToHost, stream_));
    ACCELBENCH_CUDA_CHECK(cudaStreamSynchronize(stream_));
    if (collective_ == Collective::kReduceScatter && in_place_) {
      const auto chunk = static_cast<std::size_t>(layout_.chunk);
      std::copy_n(result_host_.begin() + static_cast<std::ptrdiff_t>(rank_ * chunk), chunk,
                  result_host_.begin());
    }
    fetched_ = true;
  }

  Collective collective_;
  bool in_place_;
  Layout layout_;
  int repeats_;
  ncclComm_t comm_nccl_ = nullptr;
  cudaStream_t stream_ = nullptr;
  std::vector<float> input_host_, result_host_;
  cuda::DeviceBuffer<float> input_, result_;
  bool fetched_ = false;
  bool verified_pass_done_ = false;
};

std::vector<Definition> nccl_definitions() {
  std::vector<Definition> out;
  for (Collective collective : kCollectives) {
    if (collective == Collective::kBarrier) continue;  // not an NCCL operation
    Definition d;
    d.id = "comm/" + std::string(collective_name(collective));
    d.backend = "nccl";
    d.claim = Claim::kInterconnect;
    d.metric = MetricKind::kBandwidth;
    d.spec = &spec(collective);
    d.timer = Timer::kDevice;
    d.summary = "NCCL " + std::string(collective_name(collective)) +
                " across GPUs: algbw and busbw over message sizes, every element verified";
    d.instances = [collective](const Device&, Suite suite) { return sweep(collective, suite); };
    d.make_case = [collective](const Device& device,
                               const Params& params) -> std::unique_ptr<Case> {
      return std::make_unique<NcclCollective>(collective, device, params);
    };
    d.analyze = [collective](const Device& device, const std::vector<SweepPoint>& points) {
      return analyze(collective, ranks_of(device), points);
    };
    out.push_back(std::move(d));
  }
  return out;
}

ACCELBENCH_REGISTER(kNcclCollectives, nccl_definitions());

}  // namespace
}  // namespace accelbench::collectives
