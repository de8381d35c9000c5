# The NCCL backend: collectives across GPUs, one MPI rank per GPU; nccl.h and
# libnccl from the CUDA toolkit's tree (or a separate NCCL install). NCCL is
# loaded at run time (nccl_library.h), not linked: the executable starts
# without it, and its package's dependencies stay Debian packages.
accelbench_backend(nccl ORDER 50 REQUIRES mpi cuda
  OPTION ACCELBENCH_WITH_NCCL DOC "NCCL collectives across GPUs, one MPI rank per GPU")

macro(accelbench_backend_nccl_decide)
  if(ACCELBENCH_SANITIZE AND ACCELBENCH_WITH_NCCL STREQUAL "ON")
    message(FATAL_ERROR "ACCELBENCH_SANITIZE needs ACCELBENCH_WITH_CUDA=OFF and ACCELBENCH_WITH_NCCL=OFF (nvcc)")
  endif()
  set(found FALSE)
  accelbench_backend_enabled(cuda cuda_enabled)
  accelbench_backend_enabled(mpi mpi_enabled)
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
  accelbench_decide_backend(nccl ${found} "${text}")
endmacro()

function(accelbench_backend_nccl_target target)
  target_include_directories(${target} PUBLIC ${ACCELBENCH_NCCL_INCLUDE_DIR})
  # The soname on the loader's path, then the folder it was found in here.
  get_filename_component(folder ${ACCELBENCH_NCCL_LIBRARY} DIRECTORY)
  target_compile_definitions(${target} PRIVATE ACCELBENCH_NCCL_LIBRARY_DIR="${folder}")
  target_link_libraries(${target} PUBLIC ${CMAKE_DL_LIBS})
endfunction()
