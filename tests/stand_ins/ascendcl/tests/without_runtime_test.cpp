// The ascend backend where there is no AscendCL (a folder without the
// libraries) or no device (the stand-in with 0 devices): its runtime and
// its devices are unsupported, with the reason; nothing crashes.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "ascend/ascend_runtime.h"
#include "ascend_test_support.h"

namespace accelbench::ascend {
namespace {

// The reason `action` gives as unsupported ("" when it throws nothing else).
template <class Action>
std::string unsupported_reason_of(Action action) {
  try {
    action();
  } catch (const Error& error) {
    if (error.kind() == ErrorKind::kUnsupported) return error.what();
  }
  return "";
}

TEST(AscendWithoutRuntime, AFolderWithoutTheLibrariesMeansNoAscendRuntime) {
  const std::string folder = environment("ACCELBENCH_ASCEND_LIBRARY_DIR");
  if (folder.empty() || std::filesystem::exists(folder + "/libascendcl.so")) {
    GTEST_SKIP() << "needs ACCELBENCH_ASCEND_LIBRARY_DIR=<a folder without libascendcl.so>";
  }
  EXPECT_NE(unsupported_reason_of([] { acl(); }).find("no Ascend runtime"), std::string::npos);
  EXPECT_NE(unsupported_reason_of([] { ascend_backend().enumerate(); }).find("no Ascend runtime"),
            std::string::npos);
  EXPECT_NE(unsupported_reason_of([] { aclnn(); }).find("no Ascend runtime"), std::string::npos);
}

TEST(AscendWithoutDevices, ZeroStandInDevicesMeansNoAscendDevice) {
  if (environment("ACCELBENCH_STANDIN_ASCEND_DEVICES") != "0") {
    GTEST_SKIP() << "needs ACCELBENCH_STANDIN_ASCEND_DEVICES=0 and the stand-ins";
  }
  EXPECT_NE(unsupported_reason_of([] { ascend_backend().enumerate(); }).find("no Ascend device"),
            std::string::npos);
}

}  // namespace
}  // namespace accelbench::ascend
