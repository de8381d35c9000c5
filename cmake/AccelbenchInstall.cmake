# What `cmake --install` puts under the prefix (GNUInstallDirs), and the
# Debian package CPack builds from it (`cpack` in the build folder).
#
#   bin/accelbench                          the executable
#   bin/accelbench-validate-results         scripts/validate-results, reading
#                                           the installed schemas
#   share/accelbench/schema/*.schema.json   the results and soak file schemas
#   share/doc/accelbench/README.md
#
# accelbench reads nothing from the source tree at run time: the report's
# script and style are compiled in, and Chart.js is Debian's libjs-chart.js
# (ACCELBENCH_CHARTJS). The other scripts stay in the checkout: scripts/peers
# runs the build folder's accelbench beside likwid-bench and clpeak and
# compiles its own peers (scripts/peers.d) with gcc and mpicc against -dev
# packages, a cross-check of the suite rather than a tool for its results;
# gpu-check and gpu-targets.py are this project's H200 check; bench, build,
# test, fuzz, format and install-deps work on the checkout itself.
include(GNUInstallDirs)

set(ACCELBENCH_SCHEMA_INSTALL_DIR ${CMAKE_INSTALL_DATADIR}/accelbench/schema)

install(TARGETS accelbench RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES ${PROJECT_SOURCE_DIR}/results/schema/results.schema.json
              ${PROJECT_SOURCE_DIR}/results/schema/soak.schema.json
        DESTINATION ${ACCELBENCH_SCHEMA_INSTALL_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# scripts/validate-results finds the schemas beside its folder's parent (the
# checkout's results/schema); the installed copy finds them relative to its
# own folder, so the tree can move (DESTDIR, the package's staging folder).
function(accelbench_install_validate_results)
  set(script ${PROJECT_SOURCE_DIR}/scripts/validate-results)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${script})
  file(READ ${script} text)
  set(in_checkout [[SCHEMAS = pathlib.Path(__file__).resolve().parent.parent / "results" / "schema"]])
  file(RELATIVE_PATH relative ${CMAKE_INSTALL_FULL_BINDIR}
       ${CMAKE_INSTALL_FULL_DATADIR}/accelbench/schema)
  set(installed "SCHEMAS = (pathlib.Path(__file__).resolve().parent / \"${relative}\").resolve()")
  string(FIND "${text}" "${in_checkout}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "scripts/validate-results: no line `${in_checkout}` to point at the installed schemas")
  endif()
  string(REPLACE "${in_checkout}" "${installed}" text "${text}")
  string(REPLACE "scripts/validate-results" "accelbench-validate-results" text "${text}")
  string(REPLACE "against results/schema/" "against PREFIX/${ACCELBENCH_SCHEMA_INSTALL_DIR}/" text "${text}")
  set(out ${PROJECT_BINARY_DIR}/install/accelbench-validate-results)
  file(WRITE ${out} "${text}")
  install(PROGRAMS ${out} DESTINATION ${CMAKE_INSTALL_BINDIR})
endfunction()
accelbench_install_validate_results()

# The Debian package: dpkg-shlibdeps derives Depends from the libraries the
# executable links (libhwloc15, libgomp1, libopenblas0, ...), all of them
# Debian's. The CUDA runtime is linked statically and loads the driver at run
# time; cuBLAS, NVML and NCCL are loaded at run time when used, and a backend
# whose library is missing is reported not available.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME accelbench)
set(CPACK_PACKAGE_VENDOR "accelbench")
set(CPACK_PACKAGE_CONTACT "Seed 85ff3cc0 maintainers <maintainers@users.noreply.r-seed-85ff3cc0.example>"
    CACHE STRING "The Maintainer field of the .deb")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "benchmarks accelerators and their interconnects")
# The Description's first line is the summary; these lines follow it.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "accelbench measures CPUs, OpenCL devices, CUDA GPUs, MPI and NCCL links and\n"
    "says, with evidence, whether a platform lacks compute, has slow connections\n"
    "or is unstable. Results are JSON files (schemas in /usr/share/accelbench).")
string(JOIN "" CPACK_DEBIAN_PACKAGE_DESCRIPTION ${CPACK_DEBIAN_PACKAGE_DESCRIPTION})
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# `accelbench report` inlines Chart.js; accelbench-validate-results needs
# jsonschema. Neither is needed to run benchmarks.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libjs-chart.js, python3, python3-jsonschema")
include(CPack)
