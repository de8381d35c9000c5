# Backends: each is one folder, harness/backends/<name>/ (or <dir>/<name>/ for
# each dir of ACCELBENCH_EXTRA_BACKEND_DIRS), holding its sources and
# <name>.cmake, which declares the backend, decides it and adds its target part:
#
#   accelbench_backend(<name> [OPTION ACCELBENCH_WITH_<X> DOC "<what>"]
#                             [REQUIRES <backend>...] [ORDER <n>])
#   macro(accelbench_backend_<name>_decide)     # detection, at the top-level scope
#     ...
#     accelbench_decide_backend(<name> <found> "<what was found, or why not>")
#   endmacro()
#   function(accelbench_backend_<name>_target target)  # optional: link libraries,
#     ...                                              # sources other than .cpp
#   endfunction()
#
# OPTION declares ACCELBENCH_WITH_<X> (AUTO, ON or OFF); a backend without one
# is always on when found. REQUIRES names backends decided before this one
# (whatever their ORDER). ORDER places the backend in the configure summary,
# `accelbench list`, sysinfo and results files (lower first; backends without
# one come after, by name). Each enabled backend's *.cpp files are compiled
# into accelbench_backends (accelbench_add_backend_sources); its benchmark
# files are benchmarks/<group>/<bench>/<bench>_<name>.cpp or .cu
# (AccelbenchBenchmarks.cmake). Every decision is printed at the end of
# configure and compiled into the executable (`accelbench list`, `accelbench
# sysinfo` and every results file say why a backend is missing).

set_property(GLOBAL PROPERTY ACCELBENCH_BACKENDS "")
set(ACCELBENCH_EXTRA_BACKEND_DIRS "" CACHE STRING
    "More backends: a list of folders, each holding backend folders <name>/<name>.cmake")

# accelbench_backend(name ...): the declaration at the top of <name>.cmake.
function(accelbench_backend name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "OPTION;DOC;ORDER" "REQUIRES")
  set(file "${CMAKE_CURRENT_LIST_FILE}")
  get_filename_component(folder "${CMAKE_CURRENT_LIST_DIR}" NAME)
  if(NOT name STREQUAL folder OR arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "${file}: accelbench_backend(${name} ${ARGN}): the name must be the "
                        "folder's (${folder}), then OPTION, DOC, REQUIRES, ORDER")
  endif()
  get_property(other GLOBAL PROPERTY ACCELBENCH_BACKEND_${name}_FILE)
  if(other)
    message(FATAL_ERROR "backend '${name}' is declared twice: ${other} and ${file}")
  endif()
  if(arg_OPTION)
    if(NOT arg_OPTION MATCHES "^ACCELBENCH_WITH_[A-Z0-9_]+$" OR NOT arg_DOC)
      message(FATAL_ERROR "${file}: OPTION must be ACCELBENCH_WITH_<X>, with a DOC")
    endif()
    set(${arg_OPTION} AUTO CACHE STRING "${arg_DOC}: AUTO, ON or OFF")
    set_property(CACHE ${arg_OPTION} PROPERTY STRINGS AUTO ON OFF)
    if(NOT ${arg_OPTION} MATCHES "^(AUTO|ON|OFF)$")
      message(FATAL_ERROR "${arg_OPTION} must be AUTO, ON or OFF, not '${${arg_OPTION}}'")
    endif()
  endif()
  if(DEFINED arg_ORDER AND NOT arg_ORDER MATCHES "^[0-9]+$")
    message(FATAL_ERROR "${file}: ORDER must be a number, not '${arg_ORDER}'")
  endif()
  set_property(GLOBAL PROPERTY ACCELBENCH_BACKEND_${name}_FILE "${file}")
  set_property(GLOBAL PROPERTY ACCELBENCH_BACKEND_${name}_DIR "${CMAKE_CURRENT_LIST_DIR}")
  set_property(GLOBAL PROPERTY ACCELBENCH_BACKEND_${name}_OPTION "${arg_OPTION}")
  set_property(GLOBAL PROPERTY ACCELBENCH_BACKEND_${name}_REQUIRES "${arg_REQUIRES}")
  set_property(GLOBAL PROPERTY ACCELBENCH_BACKEND_${name}_ORDER "${arg_ORDER}")
endfunction()

# accelbench_load_backends([LIST <property>] DIRS <dir>...): finds the backend
# folders <dir>/<name>/, includes each <name>.cmake and decides the backends
# in order (REQUIRES first, then ORDER, then name). The decided names are
# appended to the global property LIST (ACCELBENCH_BACKENDS, the build's
# table, unless another is given). A macro: the decisions run at the scope it
# is called from (the top level for the build's backends: CUDA's
# enable_language needs the top-level directory).
macro(accelbench_load_backends)
  cmake_parse_arguments(_accelbench_load "" "LIST" "DIRS" ${ARGN})
  if(NOT _accelbench_load_LIST)
    set(_accelbench_load_LIST ACCELBENCH_BACKENDS)
  endif()
  accelbench_backend_files(_accelbench_load_files ${_accelbench_load_DIRS})
  set(_accelbench_load_names "")
  foreach(_accelbench_load_file IN LISTS _accelbench_load_files)
    include(${_accelbench_load_file})
    accelbench_check_backend_file(${_accelbench_load_file} _accelbench_load_name)
    list(APPEND _accelbench_load_names ${_accelbench_load_name})
  endforeach()
  accelbench_backend_order(_accelbench_load_order ${_accelbench_load_names})
  foreach(_accelbench_load_name IN LISTS _accelbench_load_order)
    cmake_language(CALL accelbench_backend_${_accelbench_load_name}_decide)
    accelbench_check_backend_decided(${_accelbench_load_name})
    set_property(GLOBAL APPEND PROPERTY ${_accelbench_load_LIST} ${_accelbench_load_name})
  endforeach()
endmacro()

# The <name>/<name>.cmake file of every folder under the given dirs (relative
# to the source tree); a folder without one is an error.
function(accelbench_backend_files out_var)
  set(files "")
  foreach(dir IN LISTS ARGN)
    get_filename_component(dir "${dir}" ABSOLUTE BASE_DIR "${PROJECT_SOURCE_DIR}")
    if(NOT IS_DIRECTORY "${dir}")
      message(FATAL_ERROR "backend folder list: '${dir}' is not a directory")
    endif()
    file(GLOB entries LIST_DIRECTORIES true CONFIGURE_DEPENDS "${dir}/*")
    foreach(entry IN LISTS entries)
      if(NOT IS_DIRECTORY "${entry}")
        continue()
      endif()
      get_filename_component(name "${entry}" NAME)
      # Globbed (not tested with EXISTS) so that adding the file re-runs configure.
      file(GLOB file CONFIGURE_DEPENDS "${entry}/${name}.cmake")
      if(NOT file)
        message(FATAL_ERROR "backend folder ${entry} has no ${name}.cmake (see cmake/AccelbenchBackends.cmake)")
      endif()
      list(APPEND files "${file}")
    endforeach()
  endforeach()
  set(${out_var} "${files}" PARENT_SCOPE)
endfunction()

# After including <name>.cmake: it declared backend <name> and its decision.
function(accelbench_check_backend_file file out_name)
  get_filename_component(name "${file}" NAME_WE)
  get_property(declared GLOBAL PROPERTY ACCELBENCH_BACKEND_${name}_FILE)
  if(NOT declared STREQUAL file)
    message(FATAL_ERROR "${file} does not declare its backend: accelbench_backend(${name} ...)")
  endif()
  if(NOT COMMAND accelbench_backend_${name}_decide)
    message(FATAL_ERROR "${file} defines no macro accelbench_backend_${name}_decide")
  endif()
  set(${out_name} ${name} PARENT_SCOPE)
endfunction()

# The names in decision order: by ORDER, then by name, each after the
# backends it REQUIRES (which are among `names` or were decided before).
function(accelbench_backend_order out_var)
  set(keyed "")
  foreach(name IN LISTS ARGN)
    get_property(order GLOBAL PROPERTY ACCELBENCH_BACKEND_${name}_ORDER)
    if(order STREQUAL "")
      set(order 999999999)
    endif()
    list(APPEND keyed "${order}:${name}")
  endforeach()
  list(SORT keyed COMPARE NATURAL)
  set(pending "")
  foreach(entry IN LISTS keyed)
    string(REGEX REPLACE "^[0-9]+:" "" name "${entry}")
    list(APPEND pending ${name})
  endforeach()
  set(ordered "")
  while(pending)
    set(next "")
    foreach(name IN LISTS pending)
      get_property(requires GLOBAL PROPERTY ACCELBENCH_BACKEND_${name}_REQUIRES)
      set(ready TRUE)
      foreach(required IN LISTS requires)
        get_property(decided GLOBAL PROPERTY ACCELBENCH_BACKEND_${required}_ENABLED SET)
        if(NOT required IN_LIST ordered AND NOT decided)
          set(ready FALSE)
        endif()
      endforeach()
      if(ready)
        set(next ${name})
        break()
      endif()
    endforeach()
    if(NOT next)
      set(waiting "")
      foreach(name IN LISTS pending)
        get_property(requires GLOBAL PROPERTY ACCELBENCH_BACKEND_${name}_REQUIRES)
        list(JOIN requires ", " requires)
        list(APPEND waiting "${name} (requires ${requires})")
      endforeach()
      list(JOIN waiting "; " waiting)
      message(FATAL_ERROR "backends whose REQUIRES name no backend folder, or each other: ${waiting}")
    endif()
    list(APPEND ordered ${next})
    list(REMOVE_ITEM pending ${next})
  endwhile()
  set(${out_var} "${ordered}" PARENT_SCOPE)
endfunction()

# After accelbench_backend_<name>_decide: it decided, and an enabled backend's
# REQUIRES are enabled too.
function(accelbench_check_backend_decided name)
  get_property(file GLOBAL PROPERTY ACCELBENCH_BACKEND_${name}_FILE)
  get_property(decided GLOBAL PROPERTY ACCELBENCH_BACKEND_${name}_ENABLED SET)
  if(NOT decided)
    message(FATAL_ERROR "${file}: accelbench_backend_${name}_decide did not call accelbench_decide_backend")
  endif()
  get_property(enabled GLOBAL PROPERTY ACCELBENCH_BACKEND_${name}_ENABLED)
  get_property(requires GLOBAL PROPERTY ACCELBENCH_BACKEND_${name}_REQUIRES)
  foreach(required IN LISTS requires)
    get_property(required_enabled GLOBAL PROPERTY ACCELBENCH_BACKEND_${required}_ENABLED)
    if(enabled AND NOT required_enabled)
      message(FATAL_ERROR "${file}: ${name} is on but the ${required} backend it requires is off")
    endif()
  endforeach()
endfunction()

# accelbench_backend_status(backend ON|OFF reason): records the decision.
function(accelbench_backend_status backend enabled reason)
  set_property(GLOBAL PROPERTY ACCELBENCH_BACKEND_${backend}_ENABLED ${enabled})
  set_property(GLOBAL PROPERTY ACCELBENCH_BACKEND_${backend}_REASON "${reason}")
endfunction()

# accelbench_backend_enabled(backend out_var): TRUE when it was decided on.
function(accelbench_backend_enabled backend out_var)
  get_property(enabled GLOBAL PROPERTY ACCELBENCH_BACKEND_${backend}_ENABLED)
  if(enabled)
    set(${out_var} TRUE PARENT_SCOPE)
  else()
    set(${out_var} FALSE PARENT_SCOPE)
  endif()
endfunction()

# accelbench_enabled_backends(out_var [list]): the enabled backends of the
# build's table (ACCELBENCH_BACKENDS) or of another accelbench_load_backends LIST.
function(accelbench_enabled_backends out_var)
  set(list ACCELBENCH_BACKENDS)
  if(ARGC GREATER 1)
    set(list ${ARGV1})
  endif()
  get_property(all GLOBAL PROPERTY ${list})
  set(enabled "")
  foreach(backend IN LISTS all)
    get_property(is_enabled GLOBAL PROPERTY ACCELBENCH_BACKEND_${backend}_ENABLED)
    if(is_enabled)
      list(APPEND enabled ${backend})
    endif()
  endforeach()
  set(${out_var} "${enabled}" PARENT_SCOPE)
endfunction()

# Decides a backend from its option (if it declared one) and whether its
# dependency was found.
function(accelbench_decide_backend backend found found_text)
  get_property(option GLOBAL PROPERTY ACCELBENCH_BACKEND_${backend}_OPTION)
  set(setting "")
  if(option)
    set(setting "${${option}}")
  endif()
  if(setting STREQUAL "OFF")
    accelbench_backend_status(${backend} OFF "disabled by ${option}=OFF")
  elseif(NOT found)
    if(NOT option)
      message(FATAL_ERROR "backend ${backend} has no option to turn it off, but ${found_text}")
    elseif(setting STREQUAL "ON")
      message(FATAL_ERROR "${option}=ON but ${found_text}")
    endif()
    accelbench_backend_status(${backend} OFF "${found_text}")
  else()
    accelbench_backend_status(${backend} ON "${found_text}")
  endif()
endfunction()

# accelbench_add_backend_sources(target backend...): the backends' *.cpp files
# and include folder (the one above each backend folder: "cuda/cuda_runtime.h")
# in `target`, then each backend's target part.
function(accelbench_add_backend_sources target)
  set(include_dirs "")
  foreach(backend IN LISTS ARGN)
    get_property(dir GLOBAL PROPERTY ACCELBENCH_BACKEND_${backend}_DIR)
    file(GLOB sources CONFIGURE_DEPENDS "${dir}/*.cpp")
    target_sources(${target} PRIVATE ${sources})
    get_filename_component(parent "${dir}" DIRECTORY)
    list(APPEND include_dirs "${parent}")
  endforeach()
  list(REMOVE_DUPLICATES include_dirs)
  target_include_directories(${target} PUBLIC ${include_dirs})
  foreach(backend IN LISTS ARGN)
    if(COMMAND accelbench_backend_${backend}_target)
      cmake_language(CALL accelbench_backend_${backend}_target ${target})
    endif()
  endforeach()
endfunction()

# Renders the decisions as a C++ initializer list for build_info.cpp.
function(accelbench_backend_table out_var)
  get_property(all GLOBAL PROPERTY ACCELBENCH_BACKENDS)
  set(rows "")
  foreach(backend IN LISTS all)
    get_property(is_enabled GLOBAL PROPERTY ACCELBENCH_BACKEND_${backend}_ENABLED)
    get_property(reason GLOBAL PROPERTY ACCELBENCH_BACKEND_${backend}_REASON)
    string(REPLACE "\"" "\\\"" reason "${reason}")
    if(is_enabled)
      set(flag true)
    else()
      set(flag false)
    endif()
    string(APPEND rows "    {\"${backend}\", ${flag}, \"${reason}\"},\n")
  endforeach()
  set(${out_var} "${rows}" PARENT_SCOPE)
endfunction()

function(accelbench_print_backend_summary)
  get_property(all GLOBAL PROPERTY ACCELBENCH_BACKENDS)
  message(STATUS "accelbench backends:")
  foreach(backend IN LISTS all)
    get_property(is_enabled GLOBAL PROPERTY ACCELBENCH_BACKEND_${backend}_ENABLED)
    get_property(reason GLOBAL PROPERTY ACCELBENCH_BACKEND_${backend}_REASON)
    if(is_enabled)
      message(STATUS "  ${backend}: on (${reason})")
    else()
      message(STATUS "  ${backend}: off (${reason})")
    endif()
  endforeach()
endfunction()
