# The example backend: a test of "a backend is one folder" (README.md, Adding a
# backend). tests/CMakeLists.txt hands tests/example_backend/ to
# accelbench_load_backends, the loop that loads harness/backends/, and links
# the result into accelbench_with_example. Its device is a stand-in working
# on host memory; nothing to detect, so no option.
accelbench_backend(example)

macro(accelbench_backend_example_decide)
  accelbench_decide_backend(example TRUE "a test backend: one stand-in device on host memory")
endmacro()

# A real backend's STREAM file is benchmarks/memory/stream/stream_<name>.cpp,
# found by its name; this test folder keeps its own (stream_example.cpp, a
# .cpp of the folder like the runtime) and needs stream.h from there.
function(accelbench_backend_example_target target)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/benchmarks/memory/stream)
endfunction()
