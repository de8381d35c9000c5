// cuBLAS and cuBLASLt, loaded at run time on first use: dlopen of the
// toolkit's libraries and every function the GEMM benchmark calls looked up by
// name, typed from the toolkit's own declarations. Linked at build time,
// cuBLASLt's static initialisers cost every accelbench process about half a
// second at start, GEMM or not (measured: an empty program linked with it
// starts in 0.3-0.7 s instead of 0.02 s); loaded here, only a process that
// runs a CUDA GEMM pays it.
#pragma once

#include <cublasLt.h>
#include <cublas_v2.h>

namespace accelbench::cuda {

// The functions, by their exported names (cublas_v2.h maps cublasCreate and
// friends to the _v2 symbols).
#define ACCELBENCH_CUBLAS_FUNCTIONS(X) \
  X(cublasCreate_v2)                   \
  X(cublasDestroy_v2)                  \
  X(cublasSetStream_v2)                \
  X(cublasSetWorkspace_v2)             \
  X(cublasSetMathMode)                 \
  X(cublasGetStatusName)               \
  X(cublasGetStatusString)

#define ACCELBENCH_CUBLASLT_FUNCTIONS(X)  \
  X(cublasLtCreate)                       \
  X(cublasLtDestroy)                      \
  X(cublasLtMatmulDescCreate)             \
  X(cublasLtMatmulDescDestroy)            \
  X(cublasLtMatmulDescSetAttribute)       \
  X(cublasLtMatrixLayoutCreate)           \
  X(cublasLtMatrixLayoutDestroy)          \
  X(cublasLtMatmulPreferenceCreate)       \
  X(cublasLtMatmulPreferenceDestroy)      \
  X(cublasLtMatmulPreferenceSetAttribute) \
  X(cublasLtMatmulAlgoGetHeuristic)       \
  X(cublasLtMatmul)

// cublasGemmEx is overloaded in C++ (an inline wrapper in cublas_api.h takes
// the old cudaDataType compute type): the exported one takes
// cublasComputeType_t.
using CublasGemmEx = cublasStatus_t (*)(cublasHandle_t, cublasOperation_t, cublasOperation_t, int,
                                        int, int, const void*, const void*, cudaDataType, int,
                                        const void*, cudaDataType, int, const void*, void*,
                                        cudaDataType, int, cublasComputeType_t, cublasGemmAlgo_t);

#define ACCELBENCH_CUBLAS_POINTER(name) decltype(&::name) name = nullptr;
struct Cublas {
  ACCELBENCH_CUBLAS_FUNCTIONS(ACCELBENCH_CUBLAS_POINTER)
  ACCELBENCH_CUBLASLT_FUNCTIONS(ACCELBENCH_CUBLAS_POINTER)
  CublasGemmEx cublasGemmEx = nullptr;
};
#undef ACCELBENCH_CUBLAS_POINTER

// Loaded once per process and kept for its life. Throws unsupported (the case
// reports skipped) naming the library and the loader's reason when a library
// or one of its functions is missing.
const Cublas& cublas();

}  // namespace accelbench::cuda
