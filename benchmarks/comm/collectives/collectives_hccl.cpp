// The collectives over HCCL, one rank per Ascend NPU (HCCL's hccl_test
// setting): fp32 sum on device buffers (aclrtMalloc), alltoall as
// HcclAlltoAll, broadcast from rank 0. The collectives and the device-to-
// device restore are queued on one stream, so stream order alone orders them;
// the host copies (load, read) are the synchronous aclrtMemcpy after the
// stream is waited for (CANN documents pageable host memory for the
// synchronous copy only). The shared CollectiveRun (collective_case.h) waits
// for the stream once per timed iteration (inside the slowest rank's time)
// and owns data, sentinels, the in-place protocol (out-of-place's operation
// count, verified on a separate pass) and the exact verification.
//
// In place: allreduce with sendBuf == recvBuf, as PyTorch's HCCL process
// group calls it (Ascend/pytorch torch_npu/csrc/distributed/
// ProcessGroupHCCL.cpp: allreduce passes the tensors as input and output);
// hccl.h documents no in-place allgather or reduce_scatter (overlapping
// buffers, NCCL's convention), so those instances are skipped with that
// reason rather than run outside HCCL's contract.
//
// Metrics: hccl_test's alg_bandwidth is nccl-tests' algbw, S / t with the
// same S (hicann/oam-tools src/hccl_test/opbase_test/: allreduce the buffer
// each rank holds, reduce_scatter recvCount x ranks, alltoall the whole send
// buffer; GB = 1e9 B); hccl_test prints no bus bandwidth, so busbw is
// nccl-tests' factor, as for every library here (collectives.h).
//
// Signatures: hccl_api.h (Ascend/pytorch third_party/hccl/inc/hccl/hccl.h,
// hicann/hccl include/hccl.h); hicann/runtime include/external/acl/acl_rt.h
// (aclrtMemcpy, aclrtMemcpyAsync).
#include <vector>

#include "ascend/ascend_runtime.h"
#include "collective_case.h"
#include "collectives.h"
#include "hccl/hccl_library.h"
#include "hccl/hccl_runtime.h"
#include "mpi/mpi_runtime.h"

namespace accelbench::collectives {
namespace {

class HcclLibrary final : public Library {
 public:
  LibraryTraits traits() const override {
    return {Completion::kQueued, InPlaceChunk::kAtRankOffset, "HCCL"};
  }

  // The communicator (and with it this rank's NPU, made current) first: the
  // stream and the buffers belong to that NPU.
  void load(std::span<const float> input, std::span<const float> result) override {
    comm_ = hccl::world();
    hccl::use_own_npu();
    stream_.create();
    input_ = ascend::DeviceBuffer<float>(input.size());
    result_ = ascend::DeviceBuffer<float>(result.size());
    const ascend::Acl& acl = ascend::acl();
    ACCELBENCH_ACL_CHECK(acl.aclrtMemcpy(input_.get(), input_.bytes(), input.data(), input_.bytes(),
                                         ascend::ACL_MEMCPY_HOST_TO_DEVICE));
    ACCELBENCH_ACL_CHECK(acl.aclrtMemcpy(result_.get(), result_.bytes(), result.data(),
                                         result_.bytes(), ascend::ACL_MEMCPY_HOST_TO_DEVICE));
  }

  void restore(std::size_t offset) override {
    const std::size_t room = result_.bytes() - offset * sizeof(float);
    ACCELBENCH_ACL_CHECK(
        ascend::acl().aclrtMemcpyAsync(result_.get() + offset, room, input_.get(), input_.bytes(),
                                       ascend::ACL_MEMCPY_DEVICE_TO_DEVICE, stream_.get()));
    stream_.synchronize();
  }

  void issue(const Operation& op) override {
    float* out = result_.get();
    float* in = input_.get();
    const ascend::aclrtStream s = stream_.get();
    const hccl::Hccl& lib = hccl::library();
    constexpr hccl::HcclDataType kFp32 = hccl::HCCL_DATA_TYPE_FP32;
    switch (op.collective) {
      case Collective::kAllreduce:
        ACCELBENCH_HCCL_CHECK(lib.HcclAllReduce(op.in_place ? out : in, out, op.elements, kFp32,
                                                hccl::HCCL_REDUCE_SUM, comm_, s));
        break;
      case Collective::kAllgather:
        ACCELBENCH_HCCL_CHECK(lib.HcclAllGather(in, out, op.chunk, kFp32, comm_, s));
        break;
      case Collective::kReduceScatter:
        ACCELBENCH_HCCL_CHECK(
            lib.HcclReduceScatter(in, out, op.chunk, kFp32, hccl::HCCL_REDUCE_SUM, comm_, s));
        break;
      case Collective::kAlltoall:
        ACCELBENCH_HCCL_CHECK(
            lib.HcclAlltoAll(in, op.chunk, kFp32, out, op.chunk, kFp32, comm_, s));
        break;
      case Collective::kBroadcast:
        ACCELBENCH_HCCL_CHECK(lib.HcclBroadcast(out, op.elements, kFp32, 0, comm_, s));
        break;
      case Collective::kBarrier:
        throw failure("the HCCL collectives define no barrier");  // no definition asks for one
    }
  }

  void complete() override { stream_.synchronize(); }

  void read(std::span<float> host) override {
    stream_.synchronize();
    ACCELBENCH_ACL_CHECK(ascend::acl().aclrtMemcpy(host.data(), host.size_bytes(), result_.get(),
                                                   result_.bytes(),
                                                   ascend::ACL_MEMCPY_DEVICE_TO_HOST));
  }

 private:
  hccl::HcclComm comm_ = nullptr;
  ascend::Stream stream_;
  ascend::DeviceBuffer<float> input_, result_;
};

// Allgather and reduce_scatter in place are not HCCL operations (see above).
bool runs_on_hccl(Collective collective, const Params& params) {
  const bool in_place = has_in_place(collective) && params.has("in_place") &&
                        params.integer_in("in_place", 0, 1) == 1;
  return !in_place || collective == Collective::kAllreduce;
}

std::vector<Definition> hccl_definitions() {
  std::vector<Definition> out;
  for (Collective collective : kCollectives) {
    if (collective == Collective::kBarrier) continue;  // HCCL's barrier is not timed here
    Definition d;
    d.id = "comm/" + std::string(collective_name(collective));
    d.backend = "hccl";
    d.claim = Claim::kInterconnect;
    d.metric = MetricKind::kBandwidth;
    d.spec = &spec(collective);
    d.timer = Timer::kDevice;
    d.summary = "HCCL " + std::string(collective_name(collective)) +
                " across Ascend NPUs: algbw and busbw over message sizes, every element verified";
    d.instances = [collective](const Device&, Suite suite) { return sweep(collective, suite); };
    d.make_case = [collective](const Device& device,
                               const Params& params) -> std::unique_ptr<Case> {
      if (!runs_on_hccl(collective, params)) {
        throw unsupported(
            "in place: hccl.h documents no in-place " + std::string(collective_name(collective)) +
            " (overlapping send and receive buffers); the out-of-place instance runs");
      }
      return std::make_unique<CollectiveCase>(collective, device, params,
                                              std::make_unique<HcclLibrary>());
    };
    d.analyze = [collective](const Device& device, const std::vector<SweepPoint>& points) {
      return analyze(collective, mpi::ranks(device), points);
    };
    out.push_back(std::move(d));
  }
  return out;
}

ACCELBENCH_REGISTER(kHcclCollectives, hccl_definitions());

}  // namespace
}  // namespace accelbench::collectives
