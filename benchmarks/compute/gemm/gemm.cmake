# compute/gemm links OpenBLAS explicitly (Debian: libopenblas-dev); Debian's
# default libblas may be the slow reference BLAS. Without OpenBLAS the
# benchmark is still listed and reports skipped with the reason.
# -DACCELBENCH_WITH_OPENBLAS=OFF leaves it out (scripts/gpu-check's build).
set(ACCELBENCH_WITH_OPENBLAS AUTO CACHE STRING "compute/gemm on the CPU through OpenBLAS: AUTO or OFF")
if(NOT ACCELBENCH_WITH_OPENBLAS STREQUAL "OFF")
  find_library(ACCELBENCH_OPENBLAS_LIBRARY NAMES openblas)
  find_path(ACCELBENCH_OPENBLAS_INCLUDE_DIR NAMES cblas.h
    PATHS /usr/include/${CMAKE_LIBRARY_ARCHITECTURE}/openblas-pthread
          /usr/include/${CMAKE_LIBRARY_ARCHITECTURE}/openblas-openmp
          /usr/include/openblas
    NO_DEFAULT_PATH)
endif()
if(ACCELBENCH_OPENBLAS_LIBRARY AND ACCELBENCH_OPENBLAS_INCLUDE_DIR)
  target_link_libraries(accelbench_benchmarks PUBLIC ${ACCELBENCH_OPENBLAS_LIBRARY})
  # SYSTEM: openblas_config.h uses C99 _Complex, which clang warns about in C++.
  target_include_directories(accelbench_benchmarks SYSTEM PRIVATE ${ACCELBENCH_OPENBLAS_INCLUDE_DIR})
  target_compile_definitions(accelbench_benchmarks PRIVATE ACCELBENCH_HAVE_OPENBLAS=1)
  message(STATUS "compute/gemm: OpenBLAS ${ACCELBENCH_OPENBLAS_LIBRARY}")
else()
  message(STATUS "compute/gemm: OpenBLAS not found (install libopenblas-dev); the benchmark will be skipped")
endif()

# The CUDA version goes through cuBLAS, and cuBLASLt for fp8 (the CUDA toolkit),
# loaded at run time by the CUDA backend (cuda/cublas_library.h): not linked.
get_property(accelbench_cuda_enabled GLOBAL PROPERTY ACCELBENCH_BACKEND_cuda_ENABLED)
if(accelbench_cuda_enabled AND (NOT TARGET CUDA::cublas OR NOT TARGET CUDA::cublasLt))
  message(FATAL_ERROR "compute/gemm: the CUDA backend is on but cuBLAS or cuBLASLt was not found")
endif()
