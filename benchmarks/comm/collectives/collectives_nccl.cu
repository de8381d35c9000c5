// The collectives over NCCL, one rank per GPU (nccl-tests' setting): fp32 sum
// on device buffers, alltoall as grouped ncclSend/ncclRecv, broadcast from
// rank 0. Operations and copies are queued on one non-blocking stream, so
// stream order alone orders each copy with the collectives around it, and
// every copy is waited for before the call returns; the shared CollectiveRun
// (collective_case.h) waits for the stream once per timed iteration (inside
// the slowest rank's time, as nccl-tests reports) and owns data, sentinels,
// the in-place protocol (out-of-place's operation count, verified on a
// separate pass) and the exact verification.
#include <vector>

#include "collective_case.h"
#include "collectives.h"
#include "cuda/cuda_runtime.h"
#include "mpi/mpi_runtime.h"
#include "nccl/nccl_library.h"
#include "nccl/nccl_runtime.h"

namespace accelbench::collectives {
namespace {

class NcclLibrary final : public Library {
 public:
  LibraryTraits traits() const override {
    return {Completion::kQueued, InPlaceChunk::kAtRankOffset, "NCCL"};
  }

  // The communicator (and with it this rank's GPU, made current) first: the
  // stream and the buffers belong to that GPU.
  void load(std::span<const float> input, std::span<const float> result) override {
    comm_ = nccl::world();
    stream_.create();
    input_ = cuda::DeviceBuffer<float>(input.size());
    result_ = cuda::DeviceBuffer<float>(result.size());
    ACCELBENCH_CUDA_CHECK(cudaMemcpyAsync(input_.get(), input.data(), input_.bytes(),
                                          cudaMemcpyHostToDevice, stream_.get()));
    ACCELBENCH_CUDA_CHECK(cudaMemcpyAsync(result_.get(), result.data(), result_.bytes(),
                                          cudaMemcpyHostToDevice, stream_.get()));
    stream_.synchronize();  // the host spans may go once this returns
  }

  void restore(std::size_t offset) override {
    ACCELBENCH_CUDA_CHECK(cudaMemcpyAsync(result_.get() + offset, input_.get(), input_.bytes(),
                                          cudaMemcpyDeviceToDevice, stream_.get()));
    stream_.synchronize();
  }

  void issue(const Operation& op) override {
    float* out = result_.get();
    const float* in = input_.get();
    const cudaStream_t s = stream_.get();
    const nccl::Nccl& nccl = nccl::library();
    const std::size_t own_chunk = static_cast<std::size_t>(op.rank) * op.chunk;
    switch (op.collective) {
      case Collective::kAllreduce:
        ACCELBENCH_NCCL_CHECK(nccl.ncclAllReduce(op.in_place ? out : in, out, op.elements,
                                                 ncclFloat, ncclSum, comm_, s));
        break;
      case Collective::kAllgather:
        ACCELBENCH_NCCL_CHECK(nccl.ncclAllGather(op.in_place ? out + own_chunk : in, out, op.chunk,
                                                 ncclFloat, comm_, s));
        break;
      case Collective::kReduceScatter:
        ACCELBENCH_NCCL_CHECK(nccl.ncclReduceScatter(op.in_place ? out : in,
                                                     op.in_place ? out + own_chunk : out, op.chunk,
                                                     ncclFloat, ncclSum, comm_, s));
        break;
      case Collective::kAlltoall:
        ACCELBENCH_NCCL_CHECK(nccl.ncclGroupStart());
        for (int peer = 0; peer < op.ranks; ++peer) {
          const std::size_t at = static_cast<std::size_t>(peer) * op.chunk;
          ACCELBENCH_NCCL_CHECK(nccl.ncclSend(in + at, op.chunk, ncclFloat, peer, comm_, s));
          ACCELBENCH_NCCL_CHECK(nccl.ncclRecv(out + at, op.chunk, ncclFloat, peer, comm_, s));
        }
        ACCELBENCH_NCCL_CHECK(nccl.ncclGroupEnd());
        break;
      case Collective::kBroadcast:
        ACCELBENCH_NCCL_CHECK(nccl.ncclBroadcast(out, out, op.elements, ncclFloat, 0, comm_, s));
        break;
      case Collective::kBarrier:
        throw failure("NCCL has no barrier operation");  // no definition asks for one
    }
  }

  void complete() override { stream_.synchronize(); }

  void read(std::span<float> host) override {
    ACCELBENCH_CUDA_CHECK(cudaMemcpyAsync(host.data(), result_.get(), result_.bytes(),
                                          cudaMemcpyDeviceToHost, stream_.get()));
    stream_.synchronize();
  }

 private:
  ncclComm_t comm_ = nullptr;
  cuda::Stream stream_;
  cuda::DeviceBuffer<float> input_, result_;
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
      return std::make_unique<CollectiveCase>(collective, device, params,
                                              std::make_unique<NcclLibrary>());
    };
    d.analyze = [collective](const Device& device, const std::vector<SweepPoint>& points) {
      return analyze(collective, mpi::ranks(device), points);
    };
    out.push_back(std::move(d));
  }
  return out;
}

ACCELBENCH_REGISTER(kNcclCollectives, nccl_definitions());

}  // namespace
}  // namespace accelbench::collectives
