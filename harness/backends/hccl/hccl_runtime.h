// The HCCL backend: collectives across Ascend NPUs, one MPI rank per NPU, as
// HCCL's own hccl_test runs them (mpirun -np <NPUs> accelbench run --suite
// comm). Each rank takes the NPU of its local rank on its node (AscendCL,
// ascend/acl_library.h); rank 0 creates the root info (HcclGetRootInfo) and
// MPI broadcasts it; every rank joins with HcclCommInitRootInfo. The device
// "hccl:0" is the communicator, described with every rank's host and NPU.
// Communication benchmarks on HCCL derive from mpi::CommCase, so timing,
// straggler statistics and the watchdog are the MPI backend's. HCCL's
// functions are called through the table of hccl_library.h (loaded at run
// time, never linked).
#pragma once

#include <accelbench/device.h>
#include <accelbench/error.h>

#include "hccl/hccl_api.h"

namespace accelbench::hccl {

// Throws a failure naming the call, HCCL's error code and string
// (HcclGetErrorString, where the library has it), file and line unless
// HCCL_SUCCESS.
void check(HcclResult status, const char* call, const char* file, int line);

#define ACCELBENCH_HCCL_CHECK(call) ::accelbench::hccl::check((call), #call, __FILE__, __LINE__)

// The world communicator over every rank's NPU (created on first use, with
// this rank's NPU made current; collective: every rank must call it).
HcclComm world();

// This rank's NPU (its local rank modulo the NPUs of its node), made current
// on this thread.
void use_own_npu();

}  // namespace accelbench::hccl
