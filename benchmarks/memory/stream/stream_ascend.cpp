// STREAM on an Ascend NPU (ascend:N): fp64 arrays in device memory,
// initialised once from the host (the kit's MirroredArray), and each kernel
// as the CANN operator that computes it:
//
//   copy   c = a          aclrtMemcpyAsync DEVICE_TO_DEVICE (the device-local
//                         copy; read + written counted, nvbandwidth's
//                         convention, which is STREAM's 2 x 8 B per element)
//   scale  b = q * c      aclnnMuls (self c, scalar q, out b)
//   add    c = a + b      aclnnAdd (self a, other b, alpha 1, out c)
//   triad  a = b + q * c  aclnnAdd (self b, other c, alpha q, out a)
//   dot                   skipped: aclnnDot has no fp64 (BFLOAT16, FLOAT16,
//                         FLOAT, INT8, INT32, UINT8 only), and no other aclnn
//                         operator reduces fp64 without a conversion
//
// The arrays are ACL_DOUBLE tensors (the kit's arrays are double). CANN runs
// fp64 Add and Mul on the AI CPU, not on the AI Cores: DOUBLE is in neither
// operator's AI Core type list (ops-math add.cpp, mul.cpp) on Ascend 910,
// 910B, 910_93 or 910_95, so the l0 operator falls back to its AI CPU kernel.
// scale, add and triad therefore measure the AI CPU's fp64 throughput as much
// as the HBM, and triad (alpha != 1, no fp64 Axpy) runs as Mul into a
// workspace tensor then Add: more traffic than the 3 x 8 B counted. copy is a
// DMA copy and measures the memory.
//
// Executors: aclnn's first phase (GetWorkspaceSize) makes a single-use
// executor that the launch consumes. aclSetAclOpExecutorRepeatable would let
// one executor run every pass, but acl_api.h does not declare it, and triad's
// executor could not be made repeatable anyway (its alpha becomes a device
// tensor copied from the host inside the executor, which the documentation
// excludes from reuse). So every pass gets its own executor, all prepared
// before the start event is recorded: the timed region holds only the
// launches. Passes per iteration: stream::passes with 64 MiB per iteration
// (one operator launch per pass: small arrays measure the launch rate, as
// on OpenCL). The workspace is one DeviceBuffer, grown before the clock
// starts when an executor asks for more.
//
// Signatures: hicann/runtime docs/api_docs/aclrtMemcpyAsync.md (aclrtMemcpyAsync,
// DEVICE_TO_DEVICE); hiascend aolapi operatorlist_00019 (aclCreateTensor: device
// address 32-byte aligned, aclDestroyTensor), operatorlist_00017 (aclCreateScalar,
// aclDestroyScalar), operatorlist_00041 / _00021 (aclSetAclOpExecutorRepeatable,
// aclDestroyAclOpExecutor, not used); hicann/ops-math math/muls/docs
// aclnnMuls&aclnnInplaceMuls.md and math/mul/op_host/op_api/aclnn_mul.cpp
// (aclnnMulsGetWorkspaceSize, aclnnMuls; DOUBLE self with a DOUBLE scalar computes
// in DOUBLE), math/add/docs/aclnnAdd&aclnnInplaceAdd.md and
// math/add/op_host/op_api/{aclnn_add.cpp,add.cpp} (aclnnAddGetWorkspaceSize,
// aclnnAdd; out = self + alpha * other), math/dot/docs/aclnnDot.md (no DOUBLE).
#include <memory>
#include <vector>

#include "ascend/aclnn_objects.h"
#include "ascend/ascend_runtime.h"
#include "stream.h"

namespace accelbench::stream {
namespace {

using ascend::aclOpExecutor;
using ascend::aclScalar;
using ascend::aclTensor;

// What each kernel runs, for the results' placement.
const char* ascend_stream_operator(Kernel kernel) {
  switch (kernel) {
    case Kernel::kCopy:
      return "aclrtMemcpyAsync DEVICE_TO_DEVICE (a to c)";
    case Kernel::kScale:
      return "aclnnMuls fp64 (b = q * c; AI CPU kernel)";
    case Kernel::kAdd:
      return "aclnnAdd fp64, alpha 1 (c = a + b; AI CPU kernel)";
    case Kernel::kTriad:
      return "aclnnAdd fp64, alpha q (a = b + q * c; AI CPU Mul then Add)";
    case Kernel::kDot:
      break;
  }
  return "none: aclnnDot has no fp64";
}

class AscendStream final : public DeviceStreamCase<ascend::Memory> {
 public:
  AscendStream(Kernel kernel, const Device& device, const Params& params)
      : DeviceStreamCase(kernel, params, kHostBytesPerIteration), device_(device) {}

  // aclrtFree does not wait for queued work: the stream is drained before the
  // workspace and the arrays are freed.
  ~AscendStream() override {
    try {
      queue().synchronize();
    } catch (...) {  // nothing to report from a destructor
    }
  }

  void setup() override {
    if (kernel() == Kernel::kDot) {
      throw unsupported(
          "aclnn has no fp64 dot product: aclnnDot takes BFLOAT16, FLOAT16, FLOAT, INT8, INT32 "
          "and UINT8 only");
    }
    ascend::use_device(device_);
    queue().create();
    if (kernel() != Kernel::kCopy) ascend::aclnn();  // unsupported (skipped) without aclnn
    allocate_arrays(0);
    if (kernel() != Kernel::kCopy) {
      for (Array array : {Array::kA, Array::kB, Array::kC}) {
        tensors_[static_cast<int>(array)] = ascend::contiguous_tensor(
            device(array).get(), {static_cast<std::int64_t>(device(array).size())},
            ascend::ACL_DOUBLE);
      }
      q_scalar_ = ascend::scalar_at(&q_, ascend::ACL_DOUBLE);
      one_scalar_ = ascend::scalar_at(&one_, ascend::ACL_DOUBLE);
    }
    // One untimed pass: the runtime loads the operator's kernels before the
    // first timed iteration, and the arrays are on the device before it.
    std::vector<aclOpExecutor*> executors;
    prepare(executors, 1);
    launch(executors.empty() ? nullptr : executors.front());
    queue().synchronize();
  }

  nlohmann::ordered_json placement() const override {
    return {{"device", device_.name},
            {"operator", ascend_stream_operator(kernel())},
            {"launches_per_iteration", passes_per_iteration()}};
  }

 private:
  double timed_iteration() override {
    const std::int64_t passes = passes_per_iteration();
    prepare(executors_, passes);
    events_.record_start(queue());
    for (std::int64_t pass = 0; pass < passes; ++pass) {
      launch(executors_.empty() ? nullptr : executors_[static_cast<std::size_t>(pass)]);
    }
    events_.record_stop(queue());
    return events_.seconds();
  }

  aclTensor* tensor(Array array) { return tensors_[static_cast<int>(array)].get(); }

  // `count` single-use executors of the kernel's operator (none for copy),
  // and a workspace large enough for each; untimed.
  void prepare(std::vector<aclOpExecutor*>& executors, std::int64_t count) {
    executors.clear();
    if (kernel() == Kernel::kCopy) return;
    const ascend::Aclnn& nn = ascend::aclnn();
    for (std::int64_t i = 0; i < count; ++i) {
      std::uint64_t bytes = 0;
      aclOpExecutor* executor = nullptr;
      switch (kernel()) {
        case Kernel::kScale:
          ACCELBENCH_ACLNN_CHECK(nn.aclnnMulsGetWorkspaceSize(
              tensor(Array::kC), q_scalar_.get(), tensor(Array::kB), &bytes, &executor));
          break;
        case Kernel::kAdd:
          ACCELBENCH_ACLNN_CHECK(nn.aclnnAddGetWorkspaceSize(tensor(Array::kA), tensor(Array::kB),
                                                             one_scalar_.get(), tensor(Array::kC),
                                                             &bytes, &executor));
          break;
        case Kernel::kTriad:
          ACCELBENCH_ACLNN_CHECK(nn.aclnnAddGetWorkspaceSize(tensor(Array::kB), tensor(Array::kC),
                                                             q_scalar_.get(), tensor(Array::kA),
                                                             &bytes, &executor));
          break;
        case Kernel::kCopy:
        case Kernel::kDot:
          break;
      }
      executors.push_back(executor);
      if (bytes > workspace_.bytes()) {
        queue().synchronize();  // no queued pass still uses the old workspace
        workspace_ = ascend::DeviceBuffer<std::byte>(bytes);
      }
    }
  }

  // Queues one pass on the case's stream.
  void launch(aclOpExecutor* executor) {
    void* workspace = workspace_.bytes() > 0 ? workspace_.get() : nullptr;
    const std::uint64_t bytes = workspace_.bytes();
    const ascend::aclrtStream stream = queue().get();
    switch (kernel()) {
      case Kernel::kCopy: {
        const auto& a = device(Array::kA);
        auto& c = device(Array::kC);
        ACCELBENCH_ACL_CHECK(ascend::acl().aclrtMemcpyAsync(
            c.get(), c.bytes(), a.get(), a.bytes(), ascend::ACL_MEMCPY_DEVICE_TO_DEVICE, stream));
        break;
      }
      case Kernel::kScale:
        ACCELBENCH_ACLNN_CHECK(ascend::aclnn().aclnnMuls(workspace, bytes, executor, stream));
        break;
      case Kernel::kAdd:
      case Kernel::kTriad:
        ACCELBENCH_ACLNN_CHECK(ascend::aclnn().aclnnAdd(workspace, bytes, executor, stream));
        break;
      case Kernel::kDot:
        break;
    }
  }

  Device device_;
  double q_ = kScalar;  // the scalars read their values from here
  double one_ = 1.0;
  ascend::Tensor tensors_[3];
  ascend::Scalar q_scalar_, one_scalar_;
  ascend::DeviceBuffer<std::byte> workspace_;
  std::vector<aclOpExecutor*> executors_;
  ascend::EventPair events_;
};

ACCELBENCH_REGISTER(kAscendStream,
                    definitions(
                        "ascend", Timer::kDevice,
                        [](const Device& device) { return device_kernel_traits(device, "L2"); },
                        [](Kernel kernel, const Device& device,
                           const Params& params) -> std::unique_ptr<Case> {
                          return std::make_unique<AscendStream>(kernel, device, params);
                        }));

}  // namespace
}  // namespace accelbench::stream
