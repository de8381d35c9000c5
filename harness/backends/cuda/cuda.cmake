# The CUDA backend: the runtime (cudart) for every CUDA benchmark. NVML and
# cuBLAS are loaded at run time (dlopen; shared_library.h, which the NCCL
# backend uses too): the executable runs on machines without NVML, and only a
# GEMM pays cuBLAS's start-up. The toolkit is enough to build; running needs a
# GPU.
accelbench_backend(cuda ORDER 40
  OPTION ACCELBENCH_WITH_CUDA DOC "CUDA and cuBLAS for NVIDIA GPUs")

# A macro, run at the top-level directory scope: enable_language(CUDA) must
# be, for the .cu files of every folder (benchmarks/ too) to compile.
macro(accelbench_backend_cuda_decide)
  if(ACCELBENCH_SANITIZE AND ACCELBENCH_WITH_CUDA STREQUAL "ON")
    message(FATAL_ERROR "ACCELBENCH_SANITIZE needs ACCELBENCH_WITH_CUDA=OFF and ACCELBENCH_WITH_NCCL=OFF (nvcc)")
  endif()
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
  accelbench_decide_backend(cuda ${found} "${text}")

  # CUDA code (.cu files) needs the CUDA language, for the whole build: Hopper
  # (sm_90) machine code plus its PTX, so newer GPUs JIT it.
  accelbench_backend_enabled(cuda cuda_enabled)
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
endmacro()

function(accelbench_backend_cuda_target target)
  # The static runtime: it loads the driver (libcuda.so.1) at run time, so the
  # executable (and its .deb) needs no toolkit library to start, and reports
  # the CUDA backend unavailable where there is no driver.
  target_link_libraries(${target} PUBLIC CUDA::cudart_static ${CMAKE_DL_LIBS})
  # cuBLAS is loaded at run time (cublas_library.h): the soname, then here.
  target_compile_definitions(${target} PRIVATE
    ACCELBENCH_CUDA_LIBRARY_DIR="${CUDAToolkit_LIBRARY_DIR}")
  # The backend's own CUDA code (the pointer chase kernel): its .cu files.
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_FUNCTION_LIST_DIR}/*.cu)
  target_sources(${target} PRIVATE ${sources})
endfunction()
