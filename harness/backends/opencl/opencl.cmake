# The OpenCL backend: the ICD loader and Khronos' C++ bindings (opencl.hpp,
# Debian's opencl-clhpp-headers), used without exceptions: every call's status
# goes through ACCELBENCH_CL_CHECK. API level 1.2, which every vendor ships.
target_link_libraries(accelbench_backends PUBLIC OpenCL::OpenCL)
target_compile_definitions(accelbench_backends PUBLIC
  CL_HPP_TARGET_OPENCL_VERSION=120 CL_HPP_MINIMUM_OPENCL_VERSION=120
  CL_TARGET_OPENCL_VERSION=120)
