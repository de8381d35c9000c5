// The ascend backend (harness/backends/ascend) through the libascendcl.so
// stand-in: loading, the devices and their facts, memory round trips, event
// timing, peer access, the status checks; and the stand-in's own argument
// checks, which stand for the real runtime's. Run with
// ACCELBENCH_ASCEND_LIBRARY_DIR naming the stand-ins' folder and no faults.
#include "ascend/ascend_runtime.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "ascend_test_support.h"

namespace accelbench::ascend {
namespace {

class AscendRuntime : public ::testing::Test {
 protected:
  void SetUp() override {
    if (environment("ACCELBENCH_ASCEND_LIBRARY_DIR").empty() ||
        !environment("ACCELBENCH_STANDIN_ASCEND_FAULT").empty()) {
      GTEST_SKIP()
          << "needs ACCELBENCH_ASCEND_LIBRARY_DIR=<stand-ins> and no faults (ctest sets them)";
    }
  }
  static Device device(int index) {
    const std::vector<Device> devices = ascend_backend().enumerate();
    return devices.at(static_cast<std::size_t>(index));
  }
};

// The error text of an Error thrown by `action`, and its kind.
template <class Action>
std::pair<ErrorKind, std::string> runtime_error_of(Action action) {
  try {
    action();
  } catch (const Error& error) {
    return {error.kind(), error.what()};
  }
  return {ErrorKind::kFailure, "nothing was thrown"};
}

TEST_F(AscendRuntime, LoadsEveryFunctionOfTheStandIn) {
  const Acl& functions = acl();
#define ACCELBENCH_EXPECT_LOADED(result, name, parameters) \
  EXPECT_NE(functions.name, nullptr) << #name;
  ACCELBENCH_ACL_FUNCTIONS(ACCELBENCH_EXPECT_LOADED)
  ACCELBENCH_ACL_OPTIONAL_FUNCTIONS(ACCELBENCH_EXPECT_LOADED)
#undef ACCELBENCH_EXPECT_LOADED
  const Aclnn& operators = aclnn();
  EXPECT_NE(operators.aclnnMatmul, nullptr);
  EXPECT_NE(operators.aclCreateTensor, nullptr);
}

TEST_F(AscendRuntime, EnumeratesTwoStandInDevicesWithTheirFacts) {
  const std::vector<Device> devices = ascend_backend().enumerate();
  ASSERT_EQ(devices.size(), 2u);
  for (int d = 0; d < 2; ++d) {
    const Device& device = devices[static_cast<std::size_t>(d)];
    EXPECT_EQ(device.id, "ascend:" + std::to_string(d));
    EXPECT_EQ(device.backend, "ascend");
    EXPECT_EQ(device.index, d);
    EXPECT_NE(device.name.find("stand-in"), std::string::npos) << device.name;
    EXPECT_EQ(device.facts.compute_units, 24);
    EXPECT_EQ(device.facts.memory_bytes, std::uint64_t{64} << 30);
    EXPECT_EQ(device.facts.last_level_cache_bytes, std::uint64_t{192} << 20);
    EXPECT_EQ(device.facts.peer_access, std::vector<int>{1 - d});
    EXPECT_EQ(device.facts.visible_devices, 2);
    EXPECT_EQ(device.facts.gpu, false);
    EXPECT_EQ(device.description["vector_cores"], 48);
    EXPECT_NE(device.description["cann_version"].get<std::string>().find("stand-in"),
              std::string::npos);
  }
}

TEST_F(AscendRuntime, DeviceAndPinnedBuffersRoundTripExactly) {
  use_device(device(0));
  Stream stream;
  stream.create();
  const std::size_t count = 1000;
  PinnedHostBuffer<float> pinned(count);
  std::iota(pinned.span().begin(), pinned.span().end(), 0.5f);
  DeviceBuffer<float> buffer(count);
  ACCELBENCH_ACL_CHECK(acl().aclrtMemcpyAsync(buffer.get(), buffer.bytes(), pinned.get(),
                                              pinned.bytes(), ACL_MEMCPY_HOST_TO_DEVICE,
                                              stream.get()));
  std::vector<float> back(count, -1.0f);
  ACCELBENCH_ACL_CHECK(acl().aclrtMemcpyAsync(back.data(), back.size() * sizeof(float),
                                              buffer.get(), buffer.bytes(),
                                              ACL_MEMCPY_DEVICE_TO_HOST, stream.get()));
  stream.synchronize();
  EXPECT_TRUE(std::equal(back.begin(), back.end(), pinned.span().begin()));
}

TEST_F(AscendRuntime, MemoryPolicyUploadsAndDownloadsExactly) {
  use_device(device(1));
  Stream stream;
  stream.create();
  std::vector<std::int64_t> host(333);
  std::iota(host.begin(), host.end(), -100);
  auto buffer = Memory::allocate<std::int64_t>(stream, host.size());
  Memory::upload<std::int64_t>(stream, buffer, host);
  std::vector<std::int64_t> back(host.size(), 0);
  Memory::download<std::int64_t>(stream, buffer, back);
  EXPECT_EQ(back, host);
}

TEST_F(AscendRuntime, EventTimesAreNonNegativeAndOrdered) {
  use_device(device(0));
  Stream stream;
  stream.create();
  DeviceBuffer<char> from(1 << 20), to(1 << 20);
  EventPair first, whole;
  whole.record_start(stream);
  first.record_start(stream);
  ACCELBENCH_ACL_CHECK(acl().aclrtMemcpyAsync(to.get(), to.bytes(), from.get(), from.bytes(),
                                              ACL_MEMCPY_DEVICE_TO_DEVICE, stream.get()));
  first.record_stop(stream);
  ACCELBENCH_ACL_CHECK(acl().aclrtMemcpyAsync(to.get(), to.bytes(), from.get(), from.bytes(),
                                              ACL_MEMCPY_DEVICE_TO_DEVICE, stream.get()));
  whole.record_stop(stream);
  const double part = first.seconds();
  EXPECT_GE(part, 0.0);
  EXPECT_GE(whole.seconds(), part);  // the whole span contains the first
}

TEST_F(AscendRuntime, PeerAccessIsEnabledOncePerPairAndCopiesAcrossDevices) {
  const Device zero = device(0), one = device(1);
  EXPECT_NO_THROW(enable_peer_access(0, 1));
  EXPECT_NO_THROW(enable_peer_access(0, 1));  // remembered: AscendCL refuses a second enable
  use_device(zero);
  EXPECT_EQ(acl().aclrtDeviceEnablePeerAccess(1, 0), ACL_ERROR_INVALID_PARAM);  // the runtime does
  DeviceBuffer<int> source(64);
  use_device(one);
  DeviceBuffer<int> target(64);
  Stream stream;
  stream.create();
  std::vector<int> values(64);
  std::iota(values.begin(), values.end(), 7);
  Memory::upload<int>(stream, source, values);
  ACCELBENCH_ACL_CHECK(acl().aclrtMemcpy(target.get(), target.bytes(), source.get(), source.bytes(),
                                         ACL_MEMCPY_DEVICE_TO_DEVICE));
  std::vector<int> back(64, 0);
  Memory::download<int>(stream, target, back);
  EXPECT_EQ(back, values);
}

TEST_F(AscendRuntime, UseDeviceOfAnIndexBeyondTheCountIsUnsupported) {
  Device gone = device(1);
  gone.index = 2;
  gone.id = "ascend:2";
  const auto [kind, message] = runtime_error_of([&] { use_device(gone); });
  EXPECT_EQ(kind, ErrorKind::kUnsupported) << message;
  EXPECT_NE(message.find("ascend:2"), std::string::npos) << message;
}

TEST_F(AscendRuntime, CheckNamesTheCallTheCodeAndTheRuntimesMessage) {
  use_device(device(0));
  std::vector<char> host(16);
  const auto [kind, message] =
      runtime_error_of([&] { ACCELBENCH_ACL_CHECK(acl().aclrtFree(host.data())); });
  EXPECT_EQ(kind, ErrorKind::kFailure);
  EXPECT_NE(message.find("aclrtFree"), std::string::npos) << message;
  EXPECT_NE(message.find("100000"), std::string::npos) << message;
  EXPECT_NE(message.find("not the start of device memory"), std::string::npos) << message;
}

// The stand-in refuses what the runtime documents as invalid.
TEST_F(AscendRuntime, StandInChecksArgumentsAsTheRuntimeDoes) {
  const Acl& functions = acl();
  use_device(device(0));
  DeviceBuffer<char> buffer(100);
  std::vector<char> host(200);
  EXPECT_EQ(functions.aclrtSetDevice(2), ACL_ERROR_INVALID_PARAM);
  EXPECT_EQ(functions.aclrtMemcpy(buffer.get(), 50, host.data(), 100, ACL_MEMCPY_HOST_TO_DEVICE),
            ACL_ERROR_INVALID_PARAM);  // count > destMax
  EXPECT_EQ(functions.aclrtMemcpy(buffer.get(), 200, host.data(), 200, ACL_MEMCPY_HOST_TO_DEVICE),
            ACL_ERROR_INVALID_PARAM);  // past the allocation
  EXPECT_EQ(functions.aclrtMemcpy(host.data(), 100, buffer.get(), 100, ACL_MEMCPY_HOST_TO_DEVICE),
            ACL_ERROR_INVALID_PARAM);  // the kind contradicts the memory
  EXPECT_EQ(functions.aclrtMemcpy(nullptr, 100, host.data(), 100, ACL_MEMCPY_HOST_TO_DEVICE),
            ACL_ERROR_INVALID_PARAM);
  EXPECT_EQ(functions.aclrtFree(buffer.get() + 1), ACL_ERROR_INVALID_PARAM);
  aclrtEvent start = nullptr, stop = nullptr;
  ASSERT_EQ(functions.aclrtCreateEventWithFlag(&start, ACL_EVENT_TIME_LINE), ACL_SUCCESS);
  ASSERT_EQ(functions.aclrtCreateEventWithFlag(&stop, ACL_EVENT_TIME_LINE), ACL_SUCCESS);
  float ms = 0;
  ASSERT_EQ(functions.aclrtRecordEvent(start, nullptr), ACL_SUCCESS);
  EXPECT_EQ(functions.aclrtEventElapsedTime(&ms, start, stop), ACL_ERROR_INVALID_PARAM);
  const char* message = functions.aclGetRecentErrMsg();
  ASSERT_NE(message, nullptr);
  EXPECT_NE(std::string(message).find("never recorded"), std::string::npos) << message;
  EXPECT_EQ(functions.aclGetRecentErrMsg(), nullptr);  // read once
  EXPECT_EQ(functions.aclrtDestroyEvent(start), ACL_SUCCESS);
  EXPECT_EQ(functions.aclrtDestroyEvent(stop), ACL_SUCCESS);
  EXPECT_EQ(functions.aclrtDestroyEvent(stop), ACL_ERROR_INVALID_PARAM);
  std::size_t free = 0, total = 0;
  ASSERT_EQ(functions.aclrtGetMemInfo(ACL_HBM_MEM, &free, &total), ACL_SUCCESS);
  EXPECT_EQ(total, std::size_t{64} << 30);
  EXPECT_LE(free, total - buffer.bytes());
}

}  // namespace
}  // namespace accelbench::ascend
