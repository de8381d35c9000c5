# The NCCL backend: libnccl and nccl.h from the CUDA toolkit's tree (or a
# separate NCCL install found by cmake/AccelbenchDetect.cmake).
target_link_libraries(accelbench_backends PUBLIC ${ACCELBENCH_NCCL_LIBRARY})
target_include_directories(accelbench_backends PUBLIC ${ACCELBENCH_NCCL_INCLUDE_DIR})
