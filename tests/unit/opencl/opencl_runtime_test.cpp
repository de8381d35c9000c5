// The OpenCL runtime helpers: status names, the check macro, a kernel that
// does not compile (its build log must reach the error), a device that is gone.
#include "opencl/opencl_runtime.h"

#include <gtest/gtest.h>

#include "selection.h"

namespace accelbench::opencl {
namespace {

std::optional<Device> first_opencl_device() {
  for (const auto& d : enumerate_devices().devices) {
    if (d.backend == "opencl") return d;
  }
  return std::nullopt;
}

TEST(OpenclStatus, NamesKnownAndUnknownCodes) {
  EXPECT_EQ(status_name(CL_OUT_OF_RESOURCES), "CL_OUT_OF_RESOURCES (-5)");
  EXPECT_EQ(status_name(-9999), "OpenCL status -9999");
}

TEST(OpenclStatus, CheckThrowsAFailureNamingTheCallAndStatus) {
  EXPECT_NO_THROW(ACCELBENCH_CL_CHECK(CL_SUCCESS));
  try {
    ACCELBENCH_CL_CHECK(CL_INVALID_VALUE);
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kFailure);
    const std::string what = e.what();
    EXPECT_NE(what.find("CL_INVALID_VALUE (-30)"), std::string::npos) << what;
    EXPECT_NE(what.find("opencl_runtime_test.cpp"), std::string::npos) << what;
  }
}

TEST(OpenclBuild, ACompileErrorCarriesTheBuildLog) {
  const auto device = first_opencl_device();
  if (!device) GTEST_SKIP() << "no OpenCL device here";
  const Session session = open_session(*device);
  try {
    build_program(session, "__kernel void broken(__global int* a) { a[0] = undeclared; }");
    FAIL() << "a kernel with an undeclared identifier compiled";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kFailure);
    const std::string what = e.what();
    EXPECT_NE(what.find("build log"), std::string::npos) << what;
    EXPECT_NE(what.find("undeclared"), std::string::npos) << what;
  }
}

TEST(OpenclSession, ADeviceThatIsGoneIsUnsupported) {
  auto device = first_opencl_device();
  if (!device) GTEST_SKIP() << "no OpenCL device here";
  device->index = 99;
  try {
    open_session(*device);
    FAIL() << "opened a device that does not exist";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnsupported) << e.what();
  }
}

}  // namespace
}  // namespace accelbench::opencl
