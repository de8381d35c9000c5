// Faults the stand-ins inject on request (ACCELBENCH_STANDIN_ASCEND_FAULT),
// as the harness sees them: a corrupted device-to-host copy, an error from a
// copy and from an aclnn operator (a failure naming the call), a hang. Run by
// ctest with corrupt_copy,error:aclrtMemcpyAsync,error:aclnnAdd,
// hang:aclrtSynchronizeDevice (tests/ascend/standin.cmake).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "ascend/ascend_runtime.h"
#include "ascend_test_support.h"

namespace accelbench::ascend {
namespace {

class AscendInjectedFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fault_listed("corrupt_copy") || !fault_listed("error:aclrtMemcpyAsync") ||
        !fault_listed("error:aclnnAdd") || !fault_listed("hang:aclrtSynchronizeDevice")) {
      GTEST_SKIP() << "needs ACCELBENCH_STANDIN_ASCEND_FAULT=corrupt_copy,error:aclrtMemcpyAsync,"
                      "error:aclnnAdd,hang:aclrtSynchronizeDevice (ctest sets it)";
    }
    ASSERT_EQ(acl().aclrtSetDevice(0), ACL_SUCCESS);
    stream_.create();
  }
  Stream stream_;
};

// The message of the failure `action` throws ("" when it throws none).
template <class Action>
std::string fault_failure_of(Action action) {
  try {
    action();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kFailure);
    return error.what();
  }
  return "";
}

TEST_F(AscendInjectedFaults, EveryDownloadHasExactlyOneByteFlipped) {
  std::vector<std::uint32_t> host(257);
  std::iota(host.begin(), host.end(), 1U);
  auto buffer = Memory::allocate<std::uint32_t>(stream_, host.size());
  Memory::upload<std::uint32_t>(stream_, buffer, host);
  std::vector<std::uint32_t> back(host.size());
  Memory::download<std::uint32_t>(stream_, buffer, back);
  const auto* sent = reinterpret_cast<const unsigned char*>(host.data());
  const auto* received = reinterpret_cast<const unsigned char*>(back.data());
  int differing = 0;
  for (std::size_t i = 0; i < host.size() * sizeof(std::uint32_t); ++i) {
    differing += sent[i] != received[i];
  }
  EXPECT_EQ(differing, 1);
}

TEST_F(AscendInjectedFaults, AnInjectedCopyErrorIsAFailureNamingTheCall) {
  DeviceBuffer<float> buffer(16);
  std::vector<float> host(16, 1.0f);
  const std::string message = fault_failure_of([&] {
    ACCELBENCH_ACL_CHECK(acl().aclrtMemcpyAsync(buffer.get(), buffer.bytes(), host.data(),
                                                buffer.bytes(), ACL_MEMCPY_HOST_TO_DEVICE,
                                                stream_.get()));
  });
  EXPECT_NE(message.find("aclrtMemcpyAsync"), std::string::npos) << message;
  EXPECT_NE(message.find("507000"), std::string::npos) << message;
  EXPECT_NE(message.find("injected fault"), std::string::npos) << message;
}

TEST_F(AscendInjectedFaults, AnInjectedOperatorErrorIsAFailureNamingTheCall) {
  DeviceBuffer<float> buffer(4);
  const std::int64_t dims[] = {4};
  aclTensor* tensor =
      aclnn().aclCreateTensor(dims, 1, ACL_FLOAT, nullptr, 0, ACL_FORMAT_ND, dims, 1, buffer.get());
  ASSERT_NE(tensor, nullptr);
  float one = 1.0f;
  aclScalar* alpha = aclnn().aclCreateScalar(&one, ACL_FLOAT);
  std::uint64_t workspace = 0;
  aclOpExecutor* executor = nullptr;
  ACCELBENCH_ACLNN_CHECK(
      aclnn().aclnnAddGetWorkspaceSize(tensor, tensor, alpha, tensor, &workspace, &executor));
  const std::string message = fault_failure_of(
      [&] { ACCELBENCH_ACLNN_CHECK(aclnn().aclnnAdd(nullptr, 0, executor, stream_.get())); });
  EXPECT_NE(message.find("aclnnAdd"), std::string::npos) << message;
  EXPECT_NE(message.find("561000"), std::string::npos) << message;
  aclnn().aclDestroyScalar(alpha);
  aclnn().aclDestroyTensor(tensor);
}

TEST_F(AscendInjectedFaults, AHangingCallNeverReturns) {
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    acl().aclrtSynchronizeDevice();
    _exit(0);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  int status = 0;
  EXPECT_EQ(waitpid(child, &status, WNOHANG), 0) << "the call returned";
  kill(child, SIGKILL);
  waitpid(child, &status, 0);
}

}  // namespace
}  // namespace accelbench::ascend
