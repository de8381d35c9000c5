# Detects the optional backends' dependencies. The CPU backend (OpenMP + hwloc)
# is always on.

accelbench_backend_status(cpu ON "OpenMP ${OpenMP_CXX_VERSION}, hwloc ${HWLOC_VERSION}")

# MPI
set(found FALSE)
set(text "MPI not found")
if(NOT ACCELBENCH_WITH_MPI STREQUAL "OFF")
  find_package(MPI COMPONENTS CXX QUIET)
  if(MPI_CXX_FOUND)
    set(found TRUE)
    set(text "MPI ${MPI_CXX_VERSION} found")
  endif()
endif()
accelbench_decide_backend(MPI mpi ${found} "${text}")

# OpenCL
set(found FALSE)
set(text "OpenCL headers and ICD loader not found")
if(NOT ACCELBENCH_WITH_OPENCL STREQUAL "OFF")
  find_package(OpenCL QUIET)
  if(OpenCL_FOUND)
    set(found TRUE)
    set(text "OpenCL ${OpenCL_VERSION_STRING} found")
  endif()
endif()
accelbench_decide_backend(OPENCL opencl ${found} "${text}")

# CUDA (+ cuBLAS, NCCL): the toolkit is enough to build; running needs a GPU.
set(found FALSE)
set(text "CUDA toolkit not found")
if(NOT ACCELBENCH_WITH_CUDA STREQUAL "OFF")
  find_package(CUDAToolkit QUIET)
  if(CUDAToolkit_FOUND)
    set(found TRUE)
    set(text "CUDA ${CUDAToolkit_VERSION} found")
    if(TARGET CUDA::cublas)
      string(APPEND text " with cuBLAS")
    endif()
  endif()
endif()
accelbench_decide_backend(CUDA cuda ${found} "${text}")

# CUDA code (.cu benchmark files) needs the CUDA language, for the whole
# build: Hopper (sm_90) machine code plus its PTX, so newer GPUs JIT it.
get_property(cuda_enabled GLOBAL PROPERTY ACCELBENCH_BACKEND_cuda_ENABLED)
if(cuda_enabled)
  set(ACCELBENCH_CUDA_ARCHITECTURES "90" CACHE STRING
      "CUDA architectures to build for (CMAKE_CUDA_ARCHITECTURES; 90 = sm_90 code and PTX)")
  if(NOT CMAKE_CUDA_COMPILER)
    set(CMAKE_CUDA_COMPILER ${CUDAToolkit_NVCC_EXECUTABLE})
  endif()
  set(CMAKE_CUDA_ARCHITECTURES ${ACCELBENCH_CUDA_ARCHITECTURES})
  enable_language(CUDA)
  # CMake 3.25 does not know that nvcc 13 takes C++20: tell it the flag (the
  # C++ dependencies' compile features ask for the dialect in CUDA code too).
  set(CMAKE_CUDA20_STANDARD_COMPILE_OPTION "-std=c++20")
  set(CMAKE_CUDA20_EXTENSION_COMPILE_OPTION "-std=c++20")
  list(APPEND CMAKE_CUDA_COMPILE_FEATURES cuda_std_20)
  set(CMAKE_CUDA_STANDARD 20)
  set(CMAKE_CUDA_STANDARD_REQUIRED ON)
  set(CMAKE_CUDA_EXTENSIONS OFF)
  string(APPEND CMAKE_CUDA_FLAGS " -Xcompiler=-Wall,-Wextra,-fopenmp")
endif()

# NCCL: collectives across GPUs, one MPI rank per GPU; needs the MPI and CUDA
# backends.
set(found FALSE)
get_property(mpi_enabled GLOBAL PROPERTY ACCELBENCH_BACKEND_mpi_ENABLED)
if(NOT cuda_enabled OR NOT mpi_enabled)
  set(text "NCCL needs the MPI and CUDA backends")
elseif(NOT ACCELBENCH_WITH_NCCL STREQUAL "OFF")
  find_library(ACCELBENCH_NCCL_LIBRARY nccl HINTS ${CUDAToolkit_LIBRARY_DIR})
  find_path(ACCELBENCH_NCCL_INCLUDE_DIR nccl.h HINTS ${CUDAToolkit_INCLUDE_DIRS})
  set(text "NCCL not found")
  if(ACCELBENCH_NCCL_LIBRARY AND ACCELBENCH_NCCL_INCLUDE_DIR)
    file(STRINGS ${ACCELBENCH_NCCL_INCLUDE_DIR}/nccl.h nccl_version_lines
         REGEX "^#define NCCL_(MAJOR|MINOR|PATCH) ")
    string(REGEX REPLACE ".*NCCL_MAJOR ([0-9]+).*NCCL_MINOR ([0-9]+).*NCCL_PATCH ([0-9]+).*"
                         "\\1.\\2.\\3" nccl_version "${nccl_version_lines}")
    set(found TRUE)
    set(text "NCCL ${nccl_version} found")
  endif()
endif()
accelbench_decide_backend(NCCL nccl ${found} "${text}")
