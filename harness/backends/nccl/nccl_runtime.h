// The NCCL backend: collectives across GPUs, one MPI rank per GPU, as
// nccl-tests runs them (mpirun -np <GPUs> accelbench run --suite comm).
// Each rank takes the GPU of its local rank on its node; rank 0 creates the
// NCCL id and MPI broadcasts it. The device "nccl:0" is the communicator,
// described with every rank's host and GPU. Communication benchmarks on NCCL
// derive from mpi::CommCase, so timing, straggler statistics and the
// watchdog are the MPI backend's. NCCL's functions are called through the
// table of nccl_library.h (loaded at run time, never linked).
#pragma once

#include <accelbench/device.h>
#include <accelbench/error.h>
#include <cuda_runtime_api.h>
#include <nccl.h>

namespace accelbench::nccl {

// Throws a failure naming the call and NCCL's error string unless ncclSuccess.
void check(ncclResult_t status, const char* call, const char* file, int line);

#define ACCELBENCH_NCCL_CHECK(call) ::accelbench::nccl::check((call), #call, __FILE__, __LINE__)

// The world communicator over every rank's GPU (created on first use, with
// this rank's GPU made current).
ncclComm_t world();

}  // namespace accelbench::nccl
