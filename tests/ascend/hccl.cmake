# The hccl backend end to end under mpirun -np 2, against the stand-ins
# (libascendcl over host memory, libhccl over MPI): every comm/* instance of
# HCCL ok and verified, an HCCL error `failed`, a corrupted collective
# `invalid`, a hung call the job's end. Skipped (77) without mpirun; serial
# (two ranks on two cores). Named cli.mpi_* like the other mpirun tests, which
# the ASan stage leaves out (Open MPI's runtime under ASan).
if(TARGET ascend_standin_hccl AND TARGET ascend_standin_ascendcl)
  add_test(NAME cli.mpi_hccl_on_stand_ins
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/hccl_test.sh $<TARGET_FILE:accelbench>
                   ${PROJECT_SOURCE_DIR} ${ACCELBENCH_STAND_IN_DIR})
  set_tests_properties(cli.mpi_hccl_on_stand_ins PROPERTIES
    SKIP_RETURN_CODE 77 RUN_SERIAL TRUE TIMEOUT 240)
endif()
