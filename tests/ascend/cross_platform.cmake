# An Ascend results file (the stand-ins) and a synthetic CUDA one through
# compare --devices, verdict and report side by side.
add_test(NAME cli.ascend_and_cuda_side_by_side
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/ascend_vs_cuda_test.sh $<TARGET_FILE:accelbench>
                 ${PROJECT_SOURCE_DIR} ${ACCELBENCH_STAND_IN_DIR})
set_tests_properties(cli.ascend_and_cuda_side_by_side PROPERTIES SKIP_RETURN_CODE 77)
