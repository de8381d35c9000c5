# The Ascend transfer benchmarks (interconnect/host_device, host_device_latency,
# peer, peer_latency) end to end against the stand-in libascendcl.so: verified
# results on a device named as a stand-in, and the stand-in's faults (a
# corrupted copy, an error code, a hang) and the harness's bitflip reported as
# invalid, failed and timeout; one device: the peer benchmarks skipped.
if(TARGET ascend_standin_ascendcl)
  add_test(NAME cli.ascend_transfer_benchmarks_on_the_stand_in
           COMMAND bash ${PROJECT_SOURCE_DIR}/tests/cli/ascend_transfer_test.sh
                   $<TARGET_FILE:accelbench> ${PROJECT_SOURCE_DIR} ${ACCELBENCH_STAND_IN_DIR})
  set_tests_properties(cli.ascend_transfer_benchmarks_on_the_stand_in PROPERTIES TIMEOUT 180)
endif()
