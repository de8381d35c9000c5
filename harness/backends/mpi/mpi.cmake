# The MPI backend: the MPI C API through CMake's FindMPI (Debian: Open MPI).
target_link_libraries(accelbench_backends PUBLIC MPI::MPI_CXX)
