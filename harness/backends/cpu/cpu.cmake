# The CPU backend: OpenMP threads pinned with hwloc (both required by the
# harness), so it is always on.
accelbench_backend(cpu ORDER 10)

macro(accelbench_backend_cpu_decide)
  accelbench_decide_backend(cpu TRUE "OpenMP ${OpenMP_CXX_VERSION}, hwloc ${HWLOC_VERSION}")
endmacro()
