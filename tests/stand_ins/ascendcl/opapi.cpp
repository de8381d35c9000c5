// A stand-in for libopapi.so (aclnn's operators), for testing where no NPU
// is: a test device, never a measurement. The functions of acl_api.h's
// ACCELBENCH_OPAPI_FUNCTIONS, declared from that X-macro, computed on the
// host in double and rounded once to the output's type (ACL_DOUBLE,
// ACL_FLOAT, ACL_FLOAT16, ACL_BF16; round to nearest, ties to even):
//   Muls    out = self · other           (same shapes)
//   Add     out = self + alpha · other   (same shapes; no broadcasting)
//   Matmul  out = self · mat2            (2-D: [m,k] · [k,n] = [m,n])
// Two phases as in CANN: <op>GetWorkspaceSize checks the arguments (an error
// status and aclGetRecentErrMsg's reason otherwise) and gives the workspace
// size (Muls, Add: 0; Matmul: kMatmulWorkspaceBytes, to be device memory)
// and an executor; <op>(workspace, size, executor, stream) runs it on the
// host at once and frees it. Executors are single use (CANN's default,
// without aclSetAclOpExecutorRepeatable): a second launch of one is an
// error. Faults: stand_in.h (error:aclnnAdd, hang:aclnnMatmul, ...).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "half_precision.h"
#include "stand_in.h"
#include "tensor.h"

using namespace accelbench::ascend;  // the X-macros name acl_api.h's types unqualified
namespace standin = accelbench::standin;

#define ACCELBENCH_STANDIN_DECLARE(result, name, parameters) \
  extern "C" __attribute__((visibility("default"))) result name parameters;
ACCELBENCH_OPAPI_FUNCTIONS(ACCELBENCH_STANDIN_DECLARE)
#undef ACCELBENCH_STANDIN_DECLARE

namespace {

constexpr std::uint64_t kMatmulWorkspaceBytes = 4096;  // invented: makes callers pass a workspace

aclnnStatus opapi_fail(aclnnStatus status, const std::string& message) {
  accelbench_standin_acl_set_error(message.c_str());
  return status;
}

// A tensor as the operator saw it when the executor was made.
struct OpapiView {
  aclDataType type = ACL_DT_UNDEFINED;
  std::vector<std::int64_t> dims;
  unsigned char* first = nullptr;
  std::size_t elements = 0;
  std::size_t bytes() const { return elements * standin::element_bytes(type); }
};

double opapi_load(const OpapiView& view, std::size_t i) {
  const unsigned char* at = view.first + i * standin::element_bytes(view.type);
  switch (view.type) {
    case ACL_DOUBLE: {
      double value;
      std::memcpy(&value, at, sizeof value);
      return value;
    }
    case ACL_FLOAT: {
      float value;
      std::memcpy(&value, at, sizeof value);
      return value;
    }
    default: {
      std::uint16_t bits;
      std::memcpy(&bits, at, sizeof bits);
      return standin::half_to_double(bits, view.type == ACL_BF16 ? standin::kBf16 : standin::kFp16);
    }
  }
}

void opapi_store(const OpapiView& view, std::size_t i, double value) {
  unsigned char* at = view.first + i * standin::element_bytes(view.type);
  switch (view.type) {
    case ACL_DOUBLE:
      std::memcpy(at, &value, sizeof value);
      return;
    case ACL_FLOAT: {
      const float rounded = static_cast<float>(value);  // to nearest, ties to even
      std::memcpy(at, &rounded, sizeof rounded);
      return;
    }
    default: {
      const std::uint16_t bits =
          standin::round_to_half(value, view.type == ACL_BF16 ? standin::kBf16 : standin::kFp16);
      std::memcpy(at, &bits, sizeof bits);
      return;
    }
  }
}

std::string opapi_shape_text(const std::vector<std::int64_t>& dims) {
  std::string text = "[";
  for (std::size_t d = 0; d < dims.size(); ++d) {
    text += (d ? "," : "") + std::to_string(dims[d]);
  }
  return text + "]";
}

// `tensor` as a view, or the status and reason why the operator refuses it.
aclnnStatus opapi_view(const char* function, const char* name, const aclTensor* tensor,
                       OpapiView& view) {
  if (!tensor) {
    return opapi_fail(standin::kAclnnErrorNullptr,
                      std::string(function) + ": " + name + " is null");
  }
  if (!accelbench_standin_nnopbase_tensor_exists(tensor)) {
    return opapi_fail(standin::kAclnnErrorInvalid, std::string(function) + ": " + name +
                                                       " is not a live tensor of aclCreateTensor");
  }
  const aclDataType type = tensor->data_type;
  if (type != ACL_DOUBLE && type != ACL_FLOAT && type != ACL_FLOAT16 && type != ACL_BF16) {
    return opapi_fail(standin::kAclnnErrorInvalid,
                      std::string(function) + ": " + name + " has data type " +
                          std::to_string(static_cast<int>(type)) +
                          "; the stand-in computes ACL_DOUBLE, ACL_FLOAT, ACL_FLOAT16, ACL_BF16");
  }
  view.type = type;
  view.dims = tensor->dims;
  view.elements = 1;
  for (const std::int64_t extent : view.dims) view.elements *= static_cast<std::size_t>(extent);
  view.first = static_cast<unsigned char*>(tensor->data) +
               static_cast<std::size_t>(tensor->offset) * standin::element_bytes(type);
  if (view.elements > 0 &&
      (!tensor->data || accelbench_standin_acl_device_of(view.first, view.bytes()) < 0)) {
    return opapi_fail(standin::kAclnnErrorInvalid,
                      std::string(function) + ": " + name + "'s " + std::to_string(view.bytes()) +
                          " bytes are not device memory (aclrtMalloc)");
  }
  return 0;
}

// A prepared operator: what its launch checks and runs.
struct OpapiJob {
  std::string launch;  // the function that must launch it ("aclnnAdd")
  std::uint64_t workspace_bytes = 0;
  std::vector<OpapiView> views;
  std::function<void()> run;
};

struct OpapiExecutors {
  std::mutex mutex;
  std::uintptr_t next = 1;  // never reused, so a second launch is always caught
  std::map<std::uintptr_t, OpapiJob> jobs;
};

OpapiExecutors& opapi_executors() {
  static OpapiExecutors executors;
  return executors;
}

// The handle is a serial number, not an address: the caller never looks
// inside, and a launched executor's handle never comes back.
aclnnStatus opapi_hand_out(OpapiJob job, std::uint64_t* workspaceSize, aclOpExecutor** executor) {
  OpapiExecutors& executors = opapi_executors();
  const std::lock_guard lock(executors.mutex);
  const std::uintptr_t serial = executors.next++;
  *workspaceSize = job.workspace_bytes;
  executors.jobs.emplace(serial, std::move(job));
  *executor = reinterpret_cast<aclOpExecutor*>(serial << 4);
  return 0;
}

aclnnStatus opapi_launch(const char* function, void* workspace, std::uint64_t workspaceSize,
                         aclOpExecutor* executor, aclrtStream stream) {
  if (!executor) {
    return opapi_fail(standin::kAclnnErrorNullptr, std::string(function) + ": executor is null");
  }
  OpapiJob job;
  {
    OpapiExecutors& executors = opapi_executors();
    const std::lock_guard lock(executors.mutex);
    const auto found = executors.jobs.find(reinterpret_cast<std::uintptr_t>(executor) >> 4);
    if (found == executors.jobs.end()) {
      return opapi_fail(standin::kAclnnErrorInvalid,
                        std::string(function) +
                            ": the executor was launched before or never made (executors are "
                            "single use unless made repeatable)");
    }
    if (found->second.launch != function) {
      return opapi_fail(
          standin::kAclnnErrorInvalid,
          std::string(function) + ": the executor was made for " + found->second.launch);
    }
    job = std::move(found->second);
    executors.jobs.erase(found);  // single use, whatever follows
  }
  if (workspaceSize < job.workspace_bytes ||
      (job.workspace_bytes > 0 &&
       (!workspace || accelbench_standin_acl_device_of(workspace, job.workspace_bytes) < 0))) {
    return opapi_fail(standin::kAclnnErrorInvalid,
                      std::string(function) + ": needs a workspace of " +
                          std::to_string(job.workspace_bytes) + " bytes of device memory (got " +
                          std::to_string(workspaceSize) + ")");
  }
  if (!accelbench_standin_acl_stream_exists(stream)) {
    return opapi_fail(standin::kAclnnErrorInvalid, std::string(function) + ": unknown stream");
  }
  for (const OpapiView& view : job.views) {
    if (view.elements > 0 && accelbench_standin_acl_device_of(view.first, view.bytes()) < 0) {
      return opapi_fail(standin::kAclnnErrorInvalid,
                        std::string(function) + ": a tensor's device memory was freed");
    }
  }
  job.run();
  return 0;
}

aclnnStatus opapi_same_shape(const char* function, const OpapiView& a, const char* a_name,
                             const OpapiView& b, const char* b_name) {
  if (a.dims == b.dims) return 0;
  return opapi_fail(standin::kAclnnErrorInvalid, std::string(function) + ": " + a_name + " " +
                                                     opapi_shape_text(a.dims) + " and " + b_name +
                                                     " " + opapi_shape_text(b.dims) +
                                                     " differ (the stand-in does not broadcast)");
}

aclnnStatus opapi_scalar(const char* function, const char* name, const aclScalar* scalar,
                         double& value) {
  if (!scalar) {
    return opapi_fail(standin::kAclnnErrorNullptr,
                      std::string(function) + ": " + name + " is null");
  }
  if (!accelbench_standin_nnopbase_scalar_exists(scalar)) {
    return opapi_fail(standin::kAclnnErrorInvalid, std::string(function) + ": " + name +
                                                       " is not a live scalar of aclCreateScalar");
  }
  value = scalar->value;
  return 0;
}

aclnnStatus opapi_outputs(const char* function, std::uint64_t* workspaceSize,
                          aclOpExecutor** executor) {
  if (workspaceSize && executor) return 0;
  return opapi_fail(standin::kAclnnErrorNullptr,
                    std::string(function) + ": workspaceSize or executor is null");
}

}  // namespace

// The first thing every exported function does: the injected hang or error.
#define ACCELBENCH_STANDIN_ENTER(name)                                                     \
  if (standin::fault_injected(#name)) {                                                    \
    return opapi_fail(standin::kAclnnErrorInner,                                           \
                      "injected fault error:" #name " (ACCELBENCH_STANDIN_ASCEND_FAULT)"); \
  }
#define ACCELBENCH_STANDIN_TRY(call) \
  if (const aclnnStatus status = (call); status != 0) return status;

extern "C" {

aclnnStatus aclnnMulsGetWorkspaceSize(const aclTensor* self, const aclScalar* other, aclTensor* out,
                                      std::uint64_t* workspaceSize, aclOpExecutor** executor) {
  ACCELBENCH_STANDIN_ENTER(aclnnMulsGetWorkspaceSize)
  const char* function = "aclnnMulsGetWorkspaceSize";
  OpapiView a, result;
  double factor = 0;
  ACCELBENCH_STANDIN_TRY(opapi_outputs(function, workspaceSize, executor))
  ACCELBENCH_STANDIN_TRY(opapi_view(function, "self", self, a))
  ACCELBENCH_STANDIN_TRY(opapi_scalar(function, "other", other, factor))
  ACCELBENCH_STANDIN_TRY(opapi_view(function, "out", out, result))
  ACCELBENCH_STANDIN_TRY(opapi_same_shape(function, a, "self", result, "out"))
  OpapiJob job{"aclnnMuls", 0, {a, result}, [a, result, factor] {
                 for (std::size_t i = 0; i < result.elements; ++i) {
                   opapi_store(result, i, opapi_load(a, i) * factor);
                 }
               }};
  return opapi_hand_out(std::move(job), workspaceSize, executor);
}

aclnnStatus aclnnMuls(void* workspace, std::uint64_t workspaceSize, aclOpExecutor* executor,
                      aclrtStream stream) {
  ACCELBENCH_STANDIN_ENTER(aclnnMuls)
  return opapi_launch("aclnnMuls", workspace, workspaceSize, executor, stream);
}

aclnnStatus aclnnAddGetWorkspaceSize(const aclTensor* self, const aclTensor* other,
                                     const aclScalar* alpha, aclTensor* out,
                                     std::uint64_t* workspaceSize, aclOpExecutor** executor) {
  ACCELBENCH_STANDIN_ENTER(aclnnAddGetWorkspaceSize)
  const char* function = "aclnnAddGetWorkspaceSize";
  OpapiView a, b, result;
  double factor = 0;
  ACCELBENCH_STANDIN_TRY(opapi_outputs(function, workspaceSize, executor))
  ACCELBENCH_STANDIN_TRY(opapi_view(function, "self", self, a))
  ACCELBENCH_STANDIN_TRY(opapi_view(function, "other", other, b))
  ACCELBENCH_STANDIN_TRY(opapi_scalar(function, "alpha", alpha, factor))
  ACCELBENCH_STANDIN_TRY(opapi_view(function, "out", out, result))
  ACCELBENCH_STANDIN_TRY(opapi_same_shape(function, a, "self", b, "other"))
  ACCELBENCH_STANDIN_TRY(opapi_same_shape(function, a, "self", result, "out"))
  OpapiJob job{"aclnnAdd", 0, {a, b, result}, [a, b, result, factor] {
                 for (std::size_t i = 0; i < result.elements; ++i) {
                   opapi_store(result, i, opapi_load(a, i) + factor * opapi_load(b, i));
                 }
               }};
  return opapi_hand_out(std::move(job), workspaceSize, executor);
}

aclnnStatus aclnnAdd(void* workspace, std::uint64_t workspaceSize, aclOpExecutor* executor,
                     aclrtStream stream) {
  ACCELBENCH_STANDIN_ENTER(aclnnAdd)
  return opapi_launch("aclnnAdd", workspace, workspaceSize, executor, stream);
}

aclnnStatus aclnnMatmulGetWorkspaceSize(const aclTensor* self, const aclTensor* mat2,
                                        aclTensor* out, std::int8_t cubeMathType,
                                        std::uint64_t* workspaceSize, aclOpExecutor** executor) {
  ACCELBENCH_STANDIN_ENTER(aclnnMatmulGetWorkspaceSize)
  const char* function = "aclnnMatmulGetWorkspaceSize";
  OpapiView a, b, result;
  ACCELBENCH_STANDIN_TRY(opapi_outputs(function, workspaceSize, executor))
  ACCELBENCH_STANDIN_TRY(opapi_view(function, "self", self, a))
  ACCELBENCH_STANDIN_TRY(opapi_view(function, "mat2", mat2, b))
  ACCELBENCH_STANDIN_TRY(opapi_view(function, "out", out, result))
  if (cubeMathType < 0 ||
      cubeMathType > 3) {  // KEEP_DTYPE, ALLOW_FP32_DOWN_PRECISION, USE_FP16, USE_HF32
    return opapi_fail(standin::kAclnnErrorInvalid, std::string(function) + ": cubeMathType " +
                                                       std::to_string(cubeMathType) +
                                                       " is not 0 to 3");
  }
  if (a.dims.size() != 2 || b.dims.size() != 2 || result.dims.size() != 2 ||
      a.dims[1] != b.dims[0] || result.dims[0] != a.dims[0] || result.dims[1] != b.dims[1]) {
    return opapi_fail(standin::kAclnnErrorInvalid,
                      std::string(function) + ": self " + opapi_shape_text(a.dims) + " · mat2 " +
                          opapi_shape_text(b.dims) + " is not out " +
                          opapi_shape_text(result.dims) +
                          " (the stand-in multiplies 2-D matrices [m,k] · [k,n] = [m,n])");
  }
  if (a.type != b.type) {
    return opapi_fail(standin::kAclnnErrorInvalid, std::string(function) + ": self is " +
                                                       standin::data_type_name(a.type) + ", mat2 " +
                                                       standin::data_type_name(b.type));
  }
  OpapiJob job{"aclnnMatmul", kMatmulWorkspaceBytes, {a, b, result}, [a, b, result] {
                 const auto m = static_cast<std::size_t>(a.dims[0]);
                 const auto k = static_cast<std::size_t>(a.dims[1]);
                 const auto n = static_cast<std::size_t>(b.dims[1]);
                 std::vector<double> left(m * k), right(k * n), product(m * n, 0.0);
                 for (std::size_t i = 0; i < left.size(); ++i) left[i] = opapi_load(a, i);
                 for (std::size_t i = 0; i < right.size(); ++i) right[i] = opapi_load(b, i);
                 for (std::size_t i = 0; i < m; ++i) {
                   for (std::size_t p = 0; p < k; ++p) {
                     const double factor = left[i * k + p];
                     for (std::size_t j = 0; j < n; ++j) {
                       product[i * n + j] += factor * right[p * n + j];
                     }
                   }
                 }
                 for (std::size_t i = 0; i < product.size(); ++i) {
                   opapi_store(result, i, product[i]);
                 }
               }};
  return opapi_hand_out(std::move(job), workspaceSize, executor);
}

aclnnStatus aclnnMatmul(void* workspace, std::uint64_t workspaceSize, aclOpExecutor* executor,
                        aclrtStream stream) {
  ACCELBENCH_STANDIN_ENTER(aclnnMatmul)
  return opapi_launch("aclnnMatmul", workspace, workspaceSize, executor, stream);
}

}  // extern "C"
