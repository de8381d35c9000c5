#include "ascend/aclnn_objects.h"

#include <accelbench/error.h>

#include <string>
#include <vector>

namespace accelbench::ascend {

Tensor contiguous_tensor(void* data, std::initializer_list<std::int64_t> dims, aclDataType type) {
  const std::vector<std::int64_t> shape(dims);
  std::vector<std::int64_t> strides(shape.size(), 1);
  for (std::size_t i = shape.size(); i-- > 1;) strides[i - 1] = strides[i] * shape[i];
  const auto rank = static_cast<std::uint64_t>(shape.size());
  aclTensor* tensor = aclnn().aclCreateTensor(shape.data(), rank, type, strides.data(), 0,
                                              ACL_FORMAT_ND, shape.data(), rank, data);
  if (!tensor) {
    throw failure("aclCreateTensor gave no tensor (data type " + std::to_string(type) + ", " +
                  std::to_string(rank) + " dimensions)");
  }
  return Tensor(tensor);
}

Scalar scalar_at(void* value, aclDataType type) {
  aclScalar* scalar = aclnn().aclCreateScalar(value, type);
  if (!scalar)
    throw failure("aclCreateScalar gave no scalar (data type " + std::to_string(type) + ")");
  return Scalar(scalar);
}

}  // namespace accelbench::ascend
