# The CUDA backend: the runtime (cudart) for every CUDA benchmark; cuBLAS and
# NCCL where a benchmark needs them. NVML is loaded at run time (dlopen), so
# the executable runs on machines without it.
target_link_libraries(accelbench_backends PUBLIC CUDA::cudart ${CMAKE_DL_LIBS})
# The backend's own CUDA code (the pointer chase kernel): its .cu files.
file(GLOB cuda_backend_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.cu)
target_sources(accelbench_backends PRIVATE ${cuda_backend_sources})
