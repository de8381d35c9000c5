# The CUDA backend: the runtime (cudart) for every CUDA benchmark; cuBLAS and
# NCCL where a benchmark needs them. NVML is loaded at run time (dlopen), so
# the executable runs on machines without it.
target_link_libraries(accelbench_backends PUBLIC CUDA::cudart ${CMAKE_DL_LIBS})
