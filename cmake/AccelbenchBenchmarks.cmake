# Collects benchmark sources. A benchmark is a folder benchmarks/<group>/<name>/
# holding <name>.cpp (backend-neutral) and <name>_<backend>.cpp or .cu per
# backend; only the files of enabled backends are compiled. Adding a folder
# needs no edit here (CONFIGURE_DEPENDS re-globs on the next build).
function(accelbench_collect_benchmark_sources out_var)
  accelbench_enabled_backends(backends)
  file(GLOB folders LIST_DIRECTORIES true CONFIGURE_DEPENDS
       "${PROJECT_SOURCE_DIR}/benchmarks/*/*")
  set(sources "")
  foreach(folder IN LISTS folders)
    if(NOT IS_DIRECTORY "${folder}")
      continue()
    endif()
    get_filename_component(name "${folder}" NAME)
    # Globbed (not tested with EXISTS) so that a file added to an existing
    # folder re-runs configure on the next build.
    file(GLOB present CONFIGURE_DEPENDS "${folder}/*.cpp" "${folder}/*.cu")
    if("${folder}/${name}.cpp" IN_LIST present)
      list(APPEND sources "${folder}/${name}.cpp")
    endif()
    foreach(backend IN LISTS backends)
      foreach(ext cpp cu)
        if("${folder}/${name}_${backend}.${ext}" IN_LIST present)
          list(APPEND sources "${folder}/${name}_${backend}.${ext}")
        endif()
      endforeach()
    endforeach()
  endforeach()
  set(${out_var} "${sources}" PARENT_SCOPE)
endfunction()
