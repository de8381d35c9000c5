// aclnn's tensors and scalars (libnnopbase.so), destroyed with the object:
// what every <bench>_ascend.cpp that calls an aclnn operator builds its
// arguments from.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>

#include "ascend/acl_api.h"
#include "ascend/acl_library.h"

namespace accelbench::ascend {

struct TensorRelease {
  void operator()(aclTensor* tensor) const { aclnn().aclDestroyTensor(tensor); }
};
struct ScalarRelease {
  void operator()(aclScalar* scalar) const { aclnn().aclDestroyScalar(scalar); }
};
using Tensor = std::unique_ptr<aclTensor, TensorRelease>;
using Scalar = std::unique_ptr<aclScalar, ScalarRelease>;

// A contiguous row-major tensor of `type` and shape `dims` over the device
// memory at `data` (ND format, the view its whole storage). Throws a failure
// when aclCreateTensor gives none.
Tensor contiguous_tensor(void* data, std::initializer_list<std::int64_t> dims, aclDataType type);

// A scalar of `type` whose value is at `value`: CANN does not say whether
// aclCreateScalar copies it, so the value must outlive the scalar. Throws a
// failure when aclCreateScalar gives none.
Scalar scalar_at(void* value, aclDataType type);

}  // namespace accelbench::ascend
