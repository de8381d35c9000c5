// cuBLAS is loaded at run time (cuda/cublas_library.h): the executable does
// not link it, so no accelbench process pays cuBLASLt's start-up unless it
// runs a CUDA GEMM; the loader finds every function the GEMM calls. Loading
// needs the toolkit's libraries only, no GPU.
#include "cuda/cublas_library.h"

#include <accelbench/shared_library.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>
#include <string>

namespace accelbench {
namespace {

std::string linked_libraries(const std::string& executable) {
  FILE* pipe = popen(("ldd '" + executable + "'").c_str(), "r");
  if (!pipe) return "";
  std::string out;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
  pclose(pipe);
  return out;
}

// Nor any other library of the toolkit: the CUDA runtime is linked
// statically and NCCL is loaded at run time too (nccl/nccl_library.h), so the
// executable, and its .deb, start without the toolkit.
TEST(CublasLibrary, TheExecutableLinksNoToolkitLibrary) {
  const std::string libraries = linked_libraries(ACCELBENCH_EXE);
  ASSERT_NE(libraries.find("libc.so"), std::string::npos) << "ldd gave:\n" << libraries;
  EXPECT_EQ(libraries.find("libcublas"), std::string::npos) << libraries;
  EXPECT_EQ(libraries.find("libcudart"), std::string::npos) << libraries;
  EXPECT_EQ(libraries.find("libnccl"), std::string::npos) << libraries;
  // Nor any library from the toolkit's tree (/usr/local/cuda-<version>/...).
  std::istringstream lines(libraries);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_EQ(line.find("cuda"), std::string::npos) << line;
  }
}

// The loader part both share (cuda/shared_library.h): every path tried, in
// order, and every reason the loader gave.
TEST(SharedLibrary, SaysEveryPathTriedAndWhyItFailed) {
  std::string reason;
  EXPECT_EQ(open_library(
                soname_then_folder("libaccelbench-absent.so.1", "/nonexistent-accelbench-folder"),
                reason),
            nullptr);
  const auto first = reason.find("libaccelbench-absent.so.1: cannot open shared object file");
  const auto second = reason.find(
      "; /nonexistent-accelbench-folder/libaccelbench-absent.so.1: cannot open shared object file");
  EXPECT_NE(first, std::string::npos) << reason;
  EXPECT_NE(second, std::string::npos) << reason;
  EXPECT_LT(first, second) << reason;
  // A later path loads when an earlier one does not.
  EXPECT_NE(open_library({"/nonexistent-accelbench-folder/libc.so.6", "libc.so.6"}, reason),
            nullptr)
      << reason;
}

TEST(CublasLibrary, LoadsEveryFunctionTheGemmCalls) {
  const cuda::Cublas& blas = cuda::cublas();
#define ACCELBENCH_EXPECT_LOADED(name) EXPECT_NE(blas.name, nullptr) << #name;
  ACCELBENCH_CUBLAS_FUNCTIONS(ACCELBENCH_EXPECT_LOADED)
  ACCELBENCH_CUBLASLT_FUNCTIONS(ACCELBENCH_EXPECT_LOADED)
#undef ACCELBENCH_EXPECT_LOADED
  EXPECT_NE(blas.cublasGemmEx, nullptr);
  // A host-only call: the name of a status, no GPU needed.
  EXPECT_STREQ(blas.cublasGetStatusName(CUBLAS_STATUS_NOT_SUPPORTED),
               "CUBLAS_STATUS_NOT_SUPPORTED");
  EXPECT_EQ(&cuda::cublas(), &blas) << "loaded once per process";
}

}  // namespace
}  // namespace accelbench
