# The Ascend backend: Huawei Ascend NPUs through AscendCL, aclnn and DCMI, all
# loaded at run time (dlopen; acl_library.h, dcmi_library.h) from our own
# declarations (acl_api.h, dcmi_api.h): the CANN toolkit is never a build
# dependency, so the backend is always built, and without the libraries its
# benchmarks are skipped ("no Ascend runtime"). The HCCL collectives are the
# hccl backend (one MPI rank per NPU), as NCCL's are to CUDA.
accelbench_backend(ascend ORDER 45)

macro(accelbench_backend_ascend_decide)
  accelbench_decide_backend(ascend TRUE
    "always built: AscendCL, aclnn and DCMI are loaded at run time (no CANN needed to build)")
endmacro()

function(accelbench_backend_ascend_target target)
  target_link_libraries(${target} PUBLIC ${CMAKE_DL_LIBS})
endfunction()
