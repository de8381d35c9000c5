# memory/stream_* and compute/gemm on ascend:0 against the stand-in AscendCL and
# aclnn (tests/stand_ins/ascendcl): verification, stream_dot skipped, and the
# faults (corrupt_copy, error:aclnnAdd, --inject bitflip) reported as invalid
# and failed. Skipped (77) when the stand-ins are not built.
add_test(NAME cli.ascend_compute
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/ascend_compute_test.sh $<TARGET_FILE:accelbench>
                 ${PROJECT_SOURCE_DIR} ${ACCELBENCH_STAND_IN_DIR})
set_tests_properties(cli.ascend_compute PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 180)
