# The HCCL backend: collectives across Ascend NPUs, one MPI rank per NPU
# (hccl_runtime.h). HCCL is loaded at run time (hccl_library.h), from our own
# declarations (hccl_api.h), like AscendCL: no CANN is needed to build, so the
# backend is on wherever MPI and the ascend backend are, and without
# libhccl.so its benchmarks are skipped ("no HCCL").
accelbench_backend(hccl ORDER 55 REQUIRES mpi ascend)

macro(accelbench_backend_hccl_decide)
  accelbench_backend_enabled(mpi hccl_mpi_enabled)
  accelbench_backend_enabled(ascend hccl_ascend_enabled)
  if(hccl_mpi_enabled AND hccl_ascend_enabled)
    accelbench_decide_backend(hccl TRUE
      "built with MPI: HCCL is loaded at run time (no CANN needed to build)")
  else()
    accelbench_backend_status(hccl OFF "HCCL needs the MPI and ascend backends")
  endif()
endmacro()

function(accelbench_backend_hccl_target target)
  target_link_libraries(${target} PUBLIC ${CMAKE_DL_LIBS})
endfunction()
