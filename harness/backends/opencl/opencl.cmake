# The OpenCL backend: the ICD loader and Khronos' C++ bindings (opencl.hpp,
# Debian's opencl-clhpp-headers), used without exceptions: every call's status
# goes through ACCELBENCH_CL_CHECK. API level 1.2, which every vendor ships.
accelbench_backend(opencl ORDER 30
  OPTION ACCELBENCH_WITH_OPENCL DOC "OpenCL for any vendor's accelerator")

macro(accelbench_backend_opencl_decide)
  set(found FALSE)
  set(text "OpenCL headers and ICD loader not found")
  if(NOT ACCELBENCH_WITH_OPENCL STREQUAL "OFF")
    find_package(OpenCL QUIET)
    if(OpenCL_FOUND)
      set(found TRUE)
      set(text "OpenCL ${OpenCL_VERSION_STRING} found")
    endif()
  endif()
  accelbench_decide_backend(opencl ${found} "${text}")
endmacro()

function(accelbench_backend_opencl_target target)
  target_link_libraries(${target} PUBLIC OpenCL::OpenCL)
  target_compile_definitions(${target} PUBLIC
    CL_HPP_TARGET_OPENCL_VERSION=120 CL_HPP_MINIMUM_OPENCL_VERSION=120
    CL_TARGET_OPENCL_VERSION=120)
endfunction()
