// NCCL is loaded at run time (nccl/nccl_library.h): the executable does not
// link it (cuda/cublas_library_test.cpp checks with ldd), the loader finds
// every function the backend and the collectives call, and where it cannot
// load NCCL the backend is reported not available with the loader's reasons.
// Loading and the host-only calls below need no GPU.
#include "nccl/nccl_library.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace accelbench {
namespace {

TEST(NcclLibrary, LoadsEveryFunctionTheBackendCalls) {
  const nccl::Nccl& loaded = nccl::library();
#define ACCELBENCH_EXPECT_LOADED(name) EXPECT_NE(loaded.name, nullptr) << #name;
  ACCELBENCH_NCCL_FUNCTIONS(ACCELBENCH_EXPECT_LOADED)
#undef ACCELBENCH_EXPECT_LOADED
  // Host-only calls: the library's version (the soname's major version is
  // nccl.h's) and an error's text.
  int version = 0;
  ASSERT_EQ(loaded.ncclGetVersion(&version), ncclSuccess);
  EXPECT_GE(version, NCCL_VERSION(NCCL_MAJOR, 0, 0));
  EXPECT_LT(version, NCCL_VERSION(NCCL_MAJOR + 1, 0, 0));
  const std::string text = loaded.ncclGetErrorString(ncclInvalidArgument);
  EXPECT_NE(text.find("invalid argument"), std::string::npos) << text;
  EXPECT_EQ(&nccl::library(), &loaded) << "loaded once per process";
}

// `accelbench sysinfo` with ACCELBENCH_NCCL_LIBRARY set: its output.
std::string sysinfo_with_nccl(const std::string& library) {
  const std::string command = "ACCELBENCH_NCCL_LIBRARY='" + library + "' '" +
                              std::string(ACCELBENCH_EXE) + "' sysinfo 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return "";
  std::string out;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
  EXPECT_EQ(pclose(pipe), 0) << command << ":\n" << out;
  return out;
}

// Not a crash: one line, with the path tried and the loader's reason.
TEST(NcclLibrary, WithoutNcclTheBackendIsNotAvailableWithTheReason) {
  const std::string out = sysinfo_with_nccl("/nonexistent-accelbench/libnccl.so.2");
  EXPECT_NE(out.find("# not available: nccl (cannot load NCCL: /nonexistent-accelbench/"
                     "libnccl.so.2: cannot open shared object file"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("# device cpu:0"), std::string::npos) << out;
}

TEST(NcclLibrary, ALibraryThatIsNotNcclIsNamedByItsFirstMissingFunction) {
  const std::string out = sysinfo_with_nccl("libc.so.6");
  EXPECT_NE(out.find("# not available: nccl (the loaded NCCL lacks ncclGetVersion)"),
            std::string::npos)
      << out;
}

// Without the variable, NCCL loads and the reason is the next one: no mpirun.
TEST(NcclLibrary, LoadedTheBackendAsksForMpirun) {
  const std::string out = sysinfo_with_nccl("");
  EXPECT_NE(out.find("# not available: nccl (not launched by mpirun"), std::string::npos) << out;
}

}  // namespace
}  // namespace accelbench
