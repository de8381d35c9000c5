# The ascend backend against the AscendCL and aclnn stand-ins
# (stand_ins/ascendcl): one gtest executable, run as several ctest entries,
# each a process with its own environment (acl() loads once per process):
#   ascend.standin.runtime          the stand-ins, no faults
#   ascend.standin.injected_faults  a corrupted copy, two errors, a hang
#   ascend.standin.no_runtime       a folder without the libraries
#   ascend.standin.no_devices       the stand-in with 0 devices
file(GLOB ascend_standin_test_sources CONFIGURE_DEPENDS
     ${CMAKE_CURRENT_SOURCE_DIR}/stand_ins/ascendcl/tests/*.cpp)
add_executable(ascend_standin_tests ${ascend_standin_test_sources})
target_include_directories(ascend_standin_tests PRIVATE
  ${PROJECT_SOURCE_DIR}/harness/src ${PROJECT_SOURCE_DIR}/harness/backends
  ${PROJECT_SOURCE_DIR}/benchmarks ${CMAKE_CURRENT_SOURCE_DIR}/stand_ins/ascendcl)
target_link_libraries(ascend_standin_tests PRIVATE
  accelbench_harness accelbench_backends accelbench_benchmarks GTest::gtest_main)
add_dependencies(ascend_standin_tests ascend_standin_ascendcl ascend_standin_nnopbase
                 ascend_standin_opapi)

set(ascend_standin_empty_dir ${CMAKE_CURRENT_BINARY_DIR}/ascend_without_runtime)
file(MAKE_DIRECTORY ${ascend_standin_empty_dir})
# accelbench_ascend_standin_test(NAME FILTER ENVIRONMENT...)
function(accelbench_ascend_standin_test name filter)
  add_test(NAME ascend.standin.${name}
           COMMAND ascend_standin_tests --gtest_filter=${filter})
  set_tests_properties(ascend.standin.${name} PROPERTIES ENVIRONMENT "${ARGN}")
endfunction()
accelbench_ascend_standin_test(runtime "AscendRuntime.*:*AclnnStandIn*:HalfPrecision.*:StandInFaults.*"
  ACCELBENCH_ASCEND_LIBRARY_DIR=${ACCELBENCH_STAND_IN_DIR})
accelbench_ascend_standin_test(injected_faults "AscendInjectedFaults.*"
  ACCELBENCH_ASCEND_LIBRARY_DIR=${ACCELBENCH_STAND_IN_DIR}
  "ACCELBENCH_STANDIN_ASCEND_FAULT=corrupt_copy,error:aclrtMemcpyAsync,error:aclnnAdd,hang:aclrtSynchronizeDevice")
accelbench_ascend_standin_test(no_runtime "AscendWithoutRuntime.*"
  ACCELBENCH_ASCEND_LIBRARY_DIR=${ascend_standin_empty_dir})
accelbench_ascend_standin_test(no_devices "AscendWithoutDevices.*"
  ACCELBENCH_ASCEND_LIBRARY_DIR=${ACCELBENCH_STAND_IN_DIR} ACCELBENCH_STANDIN_ASCEND_DEVICES=0)
