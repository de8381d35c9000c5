// The aclnn stand-in's arithmetic and checks, through the harness's loader
// (aclnn()): Add with alpha, Muls, 2-D Matmul in fp64, fp32, fp16 and bf16
// on small integers (exact in every type), one rounding to the output type
// (ties to even), and the two-phase protocol: single-use executors, the
// workspace, shape errors with a reason.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "ascend/ascend_runtime.h"
#include "ascend_test_support.h"
#include "half_precision.h"

namespace accelbench::ascend {
namespace {

class AclnnStandIn : public ::testing::TestWithParam<aclDataType> {
 protected:
  void SetUp() override {
    if (environment("ACCELBENCH_ASCEND_LIBRARY_DIR").empty() ||
        !environment("ACCELBENCH_STANDIN_ASCEND_FAULT").empty()) {
      GTEST_SKIP()
          << "needs ACCELBENCH_ASCEND_LIBRARY_DIR=<stand-ins> and no faults (ctest sets them)";
    }
    std::uint32_t count = 0;
    ASSERT_EQ(acl().aclrtGetDeviceCount(&count), ACL_SUCCESS);
    ASSERT_EQ(acl().aclrtSetDevice(0), ACL_SUCCESS);
    stream_.create();
  }
  Stream stream_;
};

std::size_t aclnn_test_element_bytes(aclDataType type) {
  return type == ACL_DOUBLE ? 8 : type == ACL_FLOAT ? 4 : 2;
}

// Values as `type`'s bytes, and back.
std::vector<unsigned char> aclnn_test_encode(const std::vector<double>& values, aclDataType type) {
  const std::size_t size = aclnn_test_element_bytes(type);
  std::vector<unsigned char> bytes(values.size() * size);
  for (std::size_t i = 0; i < values.size(); ++i) {
    unsigned char* at = bytes.data() + i * size;
    if (type == ACL_DOUBLE) {
      std::memcpy(at, &values[i], size);
    } else if (type == ACL_FLOAT) {
      const auto value = static_cast<float>(values[i]);
      std::memcpy(at, &value, size);
    } else {
      const std::uint16_t bits =
          standin::round_to_half(values[i], type == ACL_BF16 ? standin::kBf16 : standin::kFp16);
      std::memcpy(at, &bits, size);
    }
  }
  return bytes;
}

std::vector<double> aclnn_test_decode(const std::vector<unsigned char>& bytes, aclDataType type) {
  const std::size_t size = aclnn_test_element_bytes(type);
  std::vector<double> values(bytes.size() / size);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const unsigned char* at = bytes.data() + i * size;
    if (type == ACL_DOUBLE) {
      std::memcpy(&values[i], at, size);
    } else if (type == ACL_FLOAT) {
      float value;
      std::memcpy(&value, at, size);
      values[i] = value;
    } else {
      std::uint16_t bits;
      std::memcpy(&bits, at, size);
      values[i] = standin::half_to_double(bits, type == ACL_BF16 ? standin::kBf16 : standin::kFp16);
    }
  }
  return values;
}

// A device tensor of `type` and shape `dims`, holding `values` (or nothing).
class DeviceTensor {
 public:
  DeviceTensor(std::vector<std::int64_t> dims, aclDataType type, Stream& stream,
               const std::vector<double>& values = {})
      : type_(type), stream_(stream) {
    std::int64_t elements = 1;
    for (const std::int64_t extent : dims) elements *= extent;
    buffer_ = DeviceBuffer<unsigned char>(static_cast<std::size_t>(elements) *
                                          aclnn_test_element_bytes(type));
    std::vector<std::int64_t> strides(dims.size(), 1);
    for (std::size_t d = dims.size(); d-- > 1;) strides[d - 1] = strides[d] * dims[d];
    tensor_ = aclnn().aclCreateTensor(dims.data(), dims.size(), type, strides.data(), 0,
                                      ACL_FORMAT_ND, dims.data(), dims.size(), buffer_.get());
    if (!values.empty()) {
      Memory::upload<unsigned char>(stream_, buffer_, aclnn_test_encode(values, type));
    }
  }
  ~DeviceTensor() {
    if (tensor_) aclnn().aclDestroyTensor(tensor_);
  }
  DeviceTensor(const DeviceTensor&) = delete;
  DeviceTensor& operator=(const DeviceTensor&) = delete;
  aclTensor* get() const { return tensor_; }
  std::vector<double> values() const {
    std::vector<unsigned char> bytes(buffer_.size());
    Memory::download<unsigned char>(stream_, buffer_, bytes);
    return aclnn_test_decode(bytes, type_);
  }

 private:
  aclDataType type_;
  Stream& stream_;
  DeviceBuffer<unsigned char> buffer_;
  aclTensor* tensor_ = nullptr;
};

// A float scalar, destroyed with the object.
class FloatScalar {
 public:
  explicit FloatScalar(float value) : value_(value) {
    scalar_ = aclnn().aclCreateScalar(&value_, ACL_FLOAT);
  }
  ~FloatScalar() {
    if (scalar_) aclnn().aclDestroyScalar(scalar_);
  }
  FloatScalar(const FloatScalar&) = delete;
  FloatScalar& operator=(const FloatScalar&) = delete;
  aclScalar* get() const { return scalar_; }

 private:
  float value_;
  aclScalar* scalar_ = nullptr;
};

std::vector<double> aclnn_test_sequence(std::size_t count, double first, double step) {
  std::vector<double> values(count);
  for (std::size_t i = 0; i < count; ++i) values[i] = first + step * static_cast<double>(i);
  return values;
}

std::string aclnn_test_recent_message() {
  const char* message = acl().aclGetRecentErrMsg ? acl().aclGetRecentErrMsg() : nullptr;
  return message ? message : "";
}

TEST_P(AclnnStandIn, AddWithAlphaIsExactOnSmallIntegers) {
  const aclDataType type = GetParam();
  const std::size_t n = 32;  // 7·31 + 3 = 220: exact even in bf16
  DeviceTensor self({4, 8}, type, stream_, aclnn_test_sequence(n, 0, 1));
  DeviceTensor other({4, 8}, type, stream_, aclnn_test_sequence(n, 1, 2));
  DeviceTensor out({4, 8}, type, stream_);
  FloatScalar alpha(3.0f);
  std::uint64_t workspace = 1;
  aclOpExecutor* executor = nullptr;
  ACCELBENCH_ACLNN_CHECK(aclnn().aclnnAddGetWorkspaceSize(self.get(), other.get(), alpha.get(),
                                                          out.get(), &workspace, &executor));
  EXPECT_EQ(workspace, 0u);
  ACCELBENCH_ACLNN_CHECK(aclnn().aclnnAdd(nullptr, 0, executor, stream_.get()));
  EXPECT_EQ(out.values(), aclnn_test_sequence(n, 3, 7));
}

TEST_P(AclnnStandIn, MulsIsExactOnSmallIntegers) {
  const aclDataType type = GetParam();
  DeviceTensor self({30}, type, stream_, aclnn_test_sequence(30, -15, 1));
  DeviceTensor out({30}, type, stream_);
  FloatScalar factor(-2.0f);
  std::uint64_t workspace = 1;
  aclOpExecutor* executor = nullptr;
  ACCELBENCH_ACLNN_CHECK(aclnn().aclnnMulsGetWorkspaceSize(self.get(), factor.get(), out.get(),
                                                           &workspace, &executor));
  ACCELBENCH_ACLNN_CHECK(aclnn().aclnnMuls(nullptr, workspace, executor, stream_.get()));
  EXPECT_EQ(out.values(), aclnn_test_sequence(30, 30, -2));
}

TEST_P(AclnnStandIn, MatmulIsExactOnSmallIntegers) {
  const aclDataType type = GetParam();
  const std::int64_t m = 3, k = 4, n = 5;
  std::vector<double> left(m * k), right(k * n), expected(m * n, 0.0);
  for (std::size_t i = 0; i < left.size(); ++i) left[i] = static_cast<double>(i % 5) - 2;
  for (std::size_t i = 0; i < right.size(); ++i) right[i] = static_cast<double>(i % 3) - 1;
  for (std::int64_t i = 0; i < m; ++i) {
    for (std::int64_t j = 0; j < n; ++j) {
      for (std::int64_t p = 0; p < k; ++p)
        expected[i * n + j] += left[i * k + p] * right[p * n + j];
    }
  }
  DeviceTensor self({m, k}, type, stream_, left);
  DeviceTensor mat2({k, n}, type, stream_, right);
  DeviceTensor out({m, n}, type, stream_);
  std::uint64_t workspace_bytes = 0;
  aclOpExecutor* executor = nullptr;
  ACCELBENCH_ACLNN_CHECK(aclnn().aclnnMatmulGetWorkspaceSize(
      self.get(), mat2.get(), out.get(), kCubeMathKeepDtype, &workspace_bytes, &executor));
  ASSERT_GT(workspace_bytes, 0u);
  DeviceBuffer<unsigned char> workspace(workspace_bytes);
  ACCELBENCH_ACLNN_CHECK(
      aclnn().aclnnMatmul(workspace.get(), workspace_bytes, executor, stream_.get()));
  EXPECT_EQ(out.values(), expected);
}

INSTANTIATE_TEST_SUITE_P(EveryComputeType, AclnnStandIn,
                         ::testing::Values(ACL_DOUBLE, ACL_FLOAT, ACL_FLOAT16, ACL_BF16));

using AclnnStandInProtocol = AclnnStandIn;

// The output is rounded once from the double result, ties to even.
TEST_F(AclnnStandInProtocol, RoundsOnceToTheOutputTypeTiesToEven) {
  DeviceTensor self({4}, ACL_DOUBLE, stream_, {2049, 2051, 65520, 0.75 * std::ldexp(1.0, -24)});
  DeviceTensor half({4}, ACL_FLOAT16, stream_);
  DeviceTensor brain({4}, ACL_BF16, stream_);
  FloatScalar one(1.0f);
  for (const DeviceTensor* out : {&half, &brain}) {
    std::uint64_t workspace = 0;
    aclOpExecutor* executor = nullptr;
    ACCELBENCH_ACLNN_CHECK(aclnn().aclnnMulsGetWorkspaceSize(self.get(), one.get(), out->get(),
                                                             &workspace, &executor));
    ACCELBENCH_ACLNN_CHECK(aclnn().aclnnMuls(nullptr, 0, executor, stream_.get()));
  }
  const std::vector<double> halves = half.values();
  EXPECT_EQ(halves[0], 2048);  // the tie goes to the even significand
  EXPECT_EQ(halves[1], 2052);
  EXPECT_TRUE(std::isinf(halves[2]));          // 65504 + half a step: rounds up, past the largest
  EXPECT_EQ(halves[3], std::ldexp(1.0, -24));  // to the smallest subnormal
  const std::vector<double> brains = brain.values();
  EXPECT_EQ(brains[0], 2048);
  EXPECT_EQ(brains[1], 2048);  // bf16 steps by 16 here: 2051 is nearer 2048
  EXPECT_EQ(brains[2], 65536);
  EXPECT_EQ(brains[3], 0.75 * std::ldexp(1.0, -24));  // a normal bf16
}

TEST_F(AclnnStandInProtocol, AnExecutorRunsOnceAndOnlyForItsOperator) {
  DeviceTensor self({8}, ACL_FLOAT, stream_, aclnn_test_sequence(8, 1, 1));
  DeviceTensor out({8}, ACL_FLOAT, stream_);
  FloatScalar two(2.0f);
  std::uint64_t workspace = 0;
  aclOpExecutor* executor = nullptr;
  ACCELBENCH_ACLNN_CHECK(
      aclnn().aclnnMulsGetWorkspaceSize(self.get(), two.get(), out.get(), &workspace, &executor));
  EXPECT_NE(aclnn().aclnnAdd(nullptr, 0, executor, stream_.get()), 0);  // made for Muls
  ACCELBENCH_ACLNN_CHECK(
      aclnn().aclnnMulsGetWorkspaceSize(self.get(), two.get(), out.get(), &workspace, &executor));
  ACCELBENCH_ACLNN_CHECK(aclnn().aclnnMuls(nullptr, 0, executor, stream_.get()));
  EXPECT_EQ(aclnn().aclnnMuls(nullptr, 0, executor, stream_.get()), 161002);
  EXPECT_NE(aclnn_test_recent_message().find("single use"), std::string::npos);
}

TEST_F(AclnnStandInProtocol, WrongShapesAndMissingWorkspaceAreErrorsWithAReason) {
  DeviceTensor a({2, 3}, ACL_FLOAT, stream_, aclnn_test_sequence(6, 0, 1));
  DeviceTensor b({3, 2}, ACL_FLOAT, stream_, aclnn_test_sequence(6, 0, 1));
  DeviceTensor out({2, 3}, ACL_FLOAT, stream_);
  FloatScalar one(1.0f);
  std::uint64_t workspace = 0;
  aclOpExecutor* executor = nullptr;
  EXPECT_EQ(aclnn().aclnnAddGetWorkspaceSize(a.get(), b.get(), one.get(), out.get(), &workspace,
                                             &executor),
            161002);
  EXPECT_NE(aclnn_test_recent_message().find("differ"), std::string::npos);
  EXPECT_EQ(aclnn().aclnnMatmulGetWorkspaceSize(a.get(), a.get(), out.get(), kCubeMathKeepDtype,
                                                &workspace, &executor),
            161002);
  EXPECT_NE(aclnn_test_recent_message().find("[2,3]"), std::string::npos);
  DeviceTensor square({2, 2}, ACL_FLOAT, stream_);
  ACCELBENCH_ACLNN_CHECK(aclnn().aclnnMatmulGetWorkspaceSize(
      a.get(), b.get(), square.get(), kCubeMathKeepDtype, &workspace, &executor));
  EXPECT_EQ(aclnn().aclnnMatmul(nullptr, 0, executor, stream_.get()), 161002);
  EXPECT_NE(aclnn_test_recent_message().find("workspace"), std::string::npos);
  std::vector<float> host(6);
  const std::int64_t dims[] = {6};
  aclTensor* on_host =
      aclnn().aclCreateTensor(dims, 1, ACL_FLOAT, nullptr, 0, ACL_FORMAT_ND, dims, 1, host.data());
  ASSERT_NE(on_host, nullptr);
  EXPECT_EQ(aclnn().aclnnMulsGetWorkspaceSize(on_host, one.get(), on_host, &workspace, &executor),
            161002);  // host memory is not device memory
  EXPECT_EQ(aclnn().aclDestroyTensor(on_host), 0);
  EXPECT_NE(aclnn().aclDestroyTensor(on_host), 0);  // destroyed twice
}

}  // namespace
}  // namespace accelbench::ascend
