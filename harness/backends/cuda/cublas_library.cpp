#include "cuda/cublas_library.h"

#include <accelbench/error.h>
#include <accelbench/shared_library.h>

#include <string>
#include <variant>

namespace accelbench::cuda {
namespace {

// The soname of this toolkit's major version; then the toolkit's own folder.
void* open_cublas(const std::string& stem, std::string& reason) {
  return open_library(soname_then_folder(stem + ".so." + std::to_string(CUBLAS_VER_MAJOR),
                                         ACCELBENCH_CUDA_LIBRARY_DIR),
                      reason);
}

std::variant<Cublas, std::string> load() {
  std::string reason;
  void* blas = open_cublas("libcublas", reason);
  if (!blas) return "cannot load cuBLAS: " + reason;
  void* lt = open_cublas("libcublasLt", reason);
  if (!lt) return "cannot load cuBLASLt: " + reason;
  Cublas functions;
  std::string missing;
#define ACCELBENCH_FROM_BLAS(name) look_up(blas, #name, functions.name, missing);
#define ACCELBENCH_FROM_LT(name) look_up(lt, #name, functions.name, missing);
  ACCELBENCH_CUBLAS_FUNCTIONS(ACCELBENCH_FROM_BLAS)
  ACCELBENCH_CUBLASLT_FUNCTIONS(ACCELBENCH_FROM_LT)
#undef ACCELBENCH_FROM_BLAS
#undef ACCELBENCH_FROM_LT
  look_up(blas, "cublasGemmEx", functions.cublasGemmEx, missing);
  if (!missing.empty()) return "the installed cuBLAS lacks " + missing;
  return functions;  // both libraries stay loaded for the life of the process
}

}  // namespace

const Cublas& cublas() {
  static const std::variant<Cublas, std::string> loaded = load();
  if (const auto* reason = std::get_if<std::string>(&loaded)) throw unsupported(*reason);
  return std::get<Cublas>(loaded);
}

}  // namespace accelbench::cuda
