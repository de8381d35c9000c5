# The MPI backend: the MPI C API through CMake's FindMPI (Debian: Open MPI).
accelbench_backend(mpi ORDER 20
  OPTION ACCELBENCH_WITH_MPI DOC "MPI for many processes and many nodes")

macro(accelbench_backend_mpi_decide)
  set(found FALSE)
  set(text "MPI not found")
  if(NOT ACCELBENCH_WITH_MPI STREQUAL "OFF")
    find_package(MPI COMPONENTS CXX QUIET)
    if(MPI_CXX_FOUND)
      set(found TRUE)
      set(text "MPI ${MPI_CXX_VERSION} found")
    endif()
  endif()
  accelbench_decide_backend(mpi ${found} "${text}")
endmacro()

function(accelbench_backend_mpi_target target)
  target_link_libraries(${target} PUBLIC MPI::MPI_CXX)
endfunction()
