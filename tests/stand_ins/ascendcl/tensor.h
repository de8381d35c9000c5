// The aclnn stand-in's tensors and scalars (opaque to callers: acl_api.h only
// declares them), made by libnnopbase.so and read by libopapi.so. A tensor is
// a contiguous N-D view of device memory; a scalar keeps its value as a
// double (every data type the stand-in accepts fits one exactly).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ascend/acl_api.h"

namespace accelbench::ascend {

struct aclTensor {
  std::vector<std::int64_t> dims;
  aclDataType data_type = ACL_DT_UNDEFINED;
  void* data = nullptr;     // the storage's start (device memory)
  std::int64_t offset = 0;  // of the view's first element, in elements
};

struct aclScalar {
  aclDataType data_type = ACL_DT_UNDEFINED;
  double value = 0;
};

}  // namespace accelbench::ascend

extern "C" {
// Exported by the libnnopbase.so stand-in: 1 for a tensor (scalar) it made
// and nobody destroyed, else 0.
int accelbench_standin_nnopbase_tensor_exists(const accelbench::ascend::aclTensor* tensor);
int accelbench_standin_nnopbase_scalar_exists(const accelbench::ascend::aclScalar* scalar);
}

namespace accelbench::standin {

// Bytes of one element of `type`; 0 for a type the stand-in does not know.
inline std::size_t element_bytes(ascend::aclDataType type) {
  switch (type) {
    case ascend::ACL_BOOL:
    case ascend::ACL_INT8:
    case ascend::ACL_UINT8:
      return 1;
    case ascend::ACL_FLOAT16:
    case ascend::ACL_BF16:
    case ascend::ACL_INT16:
    case ascend::ACL_UINT16:
      return 2;
    case ascend::ACL_FLOAT:
    case ascend::ACL_INT32:
    case ascend::ACL_UINT32:
      return 4;
    case ascend::ACL_DOUBLE:
    case ascend::ACL_INT64:
    case ascend::ACL_UINT64:
      return 8;
    default:
      return 0;
  }
}

inline const char* data_type_name(ascend::aclDataType type) {
  switch (type) {
    case ascend::ACL_FLOAT:
      return "ACL_FLOAT";
    case ascend::ACL_FLOAT16:
      return "ACL_FLOAT16";
    case ascend::ACL_BF16:
      return "ACL_BF16";
    case ascend::ACL_DOUBLE:
      return "ACL_DOUBLE";
    default:
      return "a data type the aclnn stand-in does not compute in";
  }
}

}  // namespace accelbench::standin
