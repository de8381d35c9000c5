// The MPI backend: the job (MPI_Init_thread at `accelbench run` when launched
// by mpirun, MPI_Finalize at its end, a stall watchdog per rank), the device
// "mpi:0" (the world communicator: every rank's host, core binding, device),
// and the status check for MPI calls. Communication benchmarks derive from
// mpi::CommCase (comm_case.h).
#pragma once

#include <accelbench/device.h>
#include <accelbench/error.h>
#include <mpi.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace accelbench::mpi {

// Throws a failure naming the call, MPI's error string, file and line unless
// `status` is MPI_SUCCESS (MPI_COMM_WORLD returns errors instead of aborting).
void check(int status, const char* call, const char* file, int line);

#define ACCELBENCH_MPI_CHECK(call) ::accelbench::mpi::check((call), #call, __FILE__, __LINE__)

// Every rank's text, in rank order, on every rank (collective).
std::vector<std::string> allgather(const std::string& text, MPI_Comm comm = MPI_COMM_WORLD);

// Every rank's description (a JSON object `own`), in rank order, on every
// rank (collective). Throws a usage error naming the rank whose text is not JSON.
std::vector<nlohmann::ordered_json> allgather_descriptions(const nlohmann::ordered_json& own,
                                                           MPI_Comm comm = MPI_COMM_WORLD);

// This rank's rank among the ranks of its node (MPI_COMM_TYPE_SHARED):
// which of the node's GPUs or NPUs a device library's rank takes (collective).
int node_local_rank();

// The ranks of a communicator device (mpi:0, nccl:0), from its description;
// a failure when it does not say.
int ranks(const Device& device);

// The hosts of the ranks (rank order), from the device description.
std::vector<std::string> rank_hosts(const Device& device);

}  // namespace accelbench::mpi
