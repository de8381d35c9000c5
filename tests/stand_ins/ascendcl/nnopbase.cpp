// A stand-in for libnnopbase.so (aclnn's tensors and scalars), for testing
// where no NPU is: a test device, never a measurement. The functions of
// acl_api.h's ACCELBENCH_NNOPBASE_FUNCTIONS, declared from that X-macro.
// Tensors are contiguous views (strides, when given, must be the row-major
// ones) of up to 8 dimensions in the ND, NCHW or NHWC format; a creation
// that is refused returns null with the reason for aclGetRecentErrMsg.
// Faults: stand_in.h (error:aclCreateTensor returns null).
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "half_precision.h"
#include "stand_in.h"
#include "tensor.h"

using namespace accelbench::ascend;  // the X-macros name acl_api.h's types unqualified
namespace standin = accelbench::standin;

#define ACCELBENCH_STANDIN_DECLARE(result, name, parameters) \
  extern "C" __attribute__((visibility("default"))) result name parameters;
ACCELBENCH_NNOPBASE_FUNCTIONS(ACCELBENCH_STANDIN_DECLARE)
#undef ACCELBENCH_STANDIN_DECLARE

namespace {

constexpr std::uint64_t kMaxTensorDims = 8;

struct NnopbaseObjects {
  std::mutex mutex;
  std::set<const aclTensor*> tensors;
  std::set<const aclScalar*> scalars;
};

NnopbaseObjects& nnopbase_objects() {
  static NnopbaseObjects objects;
  return objects;
}

std::nullptr_t nnopbase_refuse(const std::string& message) {
  accelbench_standin_acl_set_error(message.c_str());
  return nullptr;
}

aclnnStatus nnopbase_fail(aclnnStatus status, const std::string& message) {
  accelbench_standin_acl_set_error(message.c_str());
  return status;
}

// The value at `value` of `type`, or false for a type the stand-in cannot read.
bool nnopbase_read_scalar(const void* value, aclDataType type, double& out) {
  switch (type) {
    case ACL_FLOAT:
      out = *static_cast<const float*>(value);
      return true;
    case ACL_DOUBLE:
      out = *static_cast<const double*>(value);
      return true;
    case ACL_FLOAT16:
      out = standin::half_to_double(*static_cast<const std::uint16_t*>(value), standin::kFp16);
      return true;
    case ACL_BF16:
      out = standin::half_to_double(*static_cast<const std::uint16_t*>(value), standin::kBf16);
      return true;
    case ACL_INT8:
      out = *static_cast<const std::int8_t*>(value);
      return true;
    case ACL_UINT8:
      out = *static_cast<const std::uint8_t*>(value);
      return true;
    case ACL_BOOL:
      out = *static_cast<const bool*>(value) ? 1 : 0;
      return true;
    case ACL_INT16:
      out = *static_cast<const std::int16_t*>(value);
      return true;
    case ACL_INT32:
      out = *static_cast<const std::int32_t*>(value);
      return true;
    case ACL_INT64:
      out = static_cast<double>(*static_cast<const std::int64_t*>(value));
      return true;
    default:
      return false;
  }
}

}  // namespace

extern "C" {

aclTensor* aclCreateTensor(const std::int64_t* viewDims, std::uint64_t viewDimsNum,
                           aclDataType dataType, const std::int64_t* stride, std::int64_t offset,
                           aclFormat format, const std::int64_t* storageDims,
                           std::uint64_t storageDimsNum, void* tensorData) {
  if (standin::fault_injected("aclCreateTensor")) {
    return nnopbase_refuse(
        "injected fault error:aclCreateTensor (ACCELBENCH_STANDIN_ASCEND_FAULT)");
  }
  if (viewDimsNum > kMaxTensorDims) {
    return nnopbase_refuse("aclCreateTensor: more than 8 dimensions");
  }
  if (viewDimsNum > 0 && !viewDims) return nnopbase_refuse("aclCreateTensor: viewDims is null");
  if (standin::element_bytes(dataType) == 0) {
    return nnopbase_refuse("aclCreateTensor: unknown data type " +
                           std::to_string(static_cast<int>(dataType)));
  }
  if (format != ACL_FORMAT_ND && format != ACL_FORMAT_NCHW && format != ACL_FORMAT_NHWC) {
    return nnopbase_refuse(
        "aclCreateTensor: the stand-in knows the ND, NCHW and NHWC formats, not " +
        std::to_string(static_cast<int>(format)));
  }
  if (offset < 0) return nnopbase_refuse("aclCreateTensor: negative offset");
  auto tensor = std::make_unique<aclTensor>();
  tensor->dims.assign(viewDims, viewDims + viewDimsNum);
  tensor->data_type = dataType;
  tensor->data = tensorData;
  tensor->offset = offset;
  std::int64_t elements = 1;
  for (std::uint64_t d = viewDimsNum; d-- > 0;) {
    if (viewDims[d] < 0) return nnopbase_refuse("aclCreateTensor: a negative dimension");
    if (stride && viewDims[d] > 1 && stride[d] != elements) {
      return nnopbase_refuse(
          "aclCreateTensor: the stand-in takes contiguous row-major tensors only (stride of "
          "dimension " +
          std::to_string(d) + " is " + std::to_string(stride[d]) + ", not " +
          std::to_string(elements) + ")");
    }
    elements *= viewDims[d];
  }
  if (storageDimsNum > kMaxTensorDims || (storageDimsNum > 0 && !storageDims)) {
    return nnopbase_refuse("aclCreateTensor: storageDims is null or has more than 8 dimensions");
  }
  if (storageDims) {
    std::int64_t storage = 1;
    for (std::uint64_t d = 0; d < storageDimsNum; ++d) storage *= storageDims[d];
    if (storage < offset + elements) {
      return nnopbase_refuse("aclCreateTensor: the storage holds " + std::to_string(storage) +
                             " elements, the view needs " + std::to_string(offset + elements));
    }
  }
  NnopbaseObjects& objects = nnopbase_objects();
  const std::lock_guard lock(objects.mutex);
  objects.tensors.insert(tensor.get());
  return tensor.release();
}

aclnnStatus aclDestroyTensor(const aclTensor* tensor) {
  if (standin::fault_injected("aclDestroyTensor")) {
    return nnopbase_fail(standin::kAclnnErrorInner,
                         "injected fault error:aclDestroyTensor (ACCELBENCH_STANDIN_ASCEND_FAULT)");
  }
  if (!tensor) return nnopbase_fail(standin::kAclnnErrorNullptr, "aclDestroyTensor: null tensor");
  NnopbaseObjects& objects = nnopbase_objects();
  const std::lock_guard lock(objects.mutex);
  if (objects.tensors.erase(tensor) == 0) {
    return nnopbase_fail(standin::kAclnnErrorInvalid,
                         "aclDestroyTensor: not a tensor of aclCreateTensor (destroyed twice?)");
  }
  delete tensor;
  return 0;
}

aclScalar* aclCreateScalar(void* value, aclDataType dataType) {
  if (standin::fault_injected("aclCreateScalar")) {
    return nnopbase_refuse(
        "injected fault error:aclCreateScalar (ACCELBENCH_STANDIN_ASCEND_FAULT)");
  }
  if (!value) return nnopbase_refuse("aclCreateScalar: value is null");
  auto scalar = std::make_unique<aclScalar>();
  scalar->data_type = dataType;
  if (!nnopbase_read_scalar(value, dataType, scalar->value)) {
    return nnopbase_refuse("aclCreateScalar: the stand-in cannot read data type " +
                           std::to_string(static_cast<int>(dataType)));
  }
  NnopbaseObjects& objects = nnopbase_objects();
  const std::lock_guard lock(objects.mutex);
  objects.scalars.insert(scalar.get());
  return scalar.release();
}

aclnnStatus aclDestroyScalar(const aclScalar* scalar) {
  if (standin::fault_injected("aclDestroyScalar")) {
    return nnopbase_fail(standin::kAclnnErrorInner,
                         "injected fault error:aclDestroyScalar (ACCELBENCH_STANDIN_ASCEND_FAULT)");
  }
  if (!scalar) return nnopbase_fail(standin::kAclnnErrorNullptr, "aclDestroyScalar: null scalar");
  NnopbaseObjects& objects = nnopbase_objects();
  const std::lock_guard lock(objects.mutex);
  if (objects.scalars.erase(scalar) == 0) {
    return nnopbase_fail(standin::kAclnnErrorInvalid,
                         "aclDestroyScalar: not a scalar of aclCreateScalar (destroyed twice?)");
  }
  delete scalar;
  return 0;
}

__attribute__((visibility("default"))) int accelbench_standin_nnopbase_tensor_exists(
    const aclTensor* tensor) {
  NnopbaseObjects& objects = nnopbase_objects();
  const std::lock_guard lock(objects.mutex);
  return objects.tensors.contains(tensor) ? 1 : 0;
}

__attribute__((visibility("default"))) int accelbench_standin_nnopbase_scalar_exists(
    const aclScalar* scalar) {
  NnopbaseObjects& objects = nnopbase_objects();
  const std::lock_guard lock(objects.mutex);
  return objects.scalars.contains(scalar) ? 1 : 0;
}

}  // extern "C"
