# DCMI (harness/backends/ascend/dcmi_*) against the libdcmi.so stand-in
# (stand_ins/dcmi): telemetry in runs, soak and fleet; with the AscendCL
# stand-in as well, the DCMI description of every ascend device in sysinfo.
set(dcmi_test_with_acl "")
if(TARGET ascend_standin_ascendcl)
  set(dcmi_test_with_acl with-acl)
endif()
add_test(NAME cli.dcmi_telemetry_and_devices_from_a_stand_in_driver
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/dcmi_test.sh $<TARGET_FILE:accelbench>
                 ${ACCELBENCH_STAND_IN_DIR} ${dcmi_test_with_acl})
