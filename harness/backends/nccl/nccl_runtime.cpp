#include "nccl/nccl_runtime.h"

#include <mpi.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "cuda/cuda_runtime.h"
#include "mpi/mpi_runtime.h"
#include "nccl/nccl_library.h"

namespace accelbench::nccl {
namespace {

// The GPU of this rank: its local rank (from mpi::node_local_rank(), which is
// collective: every rank calls it), modulo the GPUs of the node.
int own_gpu(int local) {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess || count == 0) {
    cudaGetLastError();
    throw unsupported(std::string("no CUDA device on this rank: ") + cudaGetErrorString(status));
  }
  return local % count;
}

// NCCL loaded (nccl_library.h), or the loader's reasons.
std::string load_error() {
  try {
    library();
    return "";
  } catch (const Error& e) {
    return e.what();
  }
}

std::vector<Device> enumerate() {
  // Without NCCL, mpirun would not help: said first.
  const std::string not_loaded = load_error();
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) {
    if (!not_loaded.empty()) throw unsupported(not_loaded);
    throw unsupported(
        "not launched by mpirun: run NCCL collectives with one rank per GPU, "
        "`mpirun -np <GPUs> accelbench run --suite comm`");
  }
  // Every rank takes part in the collectives below, with or without a GPU.
  const int local = mpi::node_local_rank();
  nlohmann::ordered_json own;
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  try {
    if (!not_loaded.empty()) throw unsupported(not_loaded);
    const int gpu = own_gpu(local);
    cudaDeviceProp p{};
    cuda::check(cudaGetDeviceProperties(&p, gpu), "cudaGetDeviceProperties", __FILE__, __LINE__);
    char bus_id[32];
    std::snprintf(bus_id, sizeof bus_id, "%04x:%02x:%02x.0", p.pciDomainID, p.pciBusID,
                  p.pciDeviceID);
    own = {{"host", host}, {"gpu", gpu}, {"device", p.name}, {"pci_bus_id", bus_id}};
  } catch (const Error& e) {
    own = {{"host", host}, {"error", e.what()}};
  }
  nlohmann::ordered_json per_rank = nlohmann::ordered_json::array();
  int index = 0;
  for (auto entry : mpi::allgather_descriptions(own)) {
    if (entry.contains("error")) {
      throw unsupported("rank " + std::to_string(index) + " on " +
                        entry["host"].get<std::string>() + ": " +
                        entry["error"].get<std::string>());
    }
    entry["rank"] = index++;
    per_rank.push_back(entry);
  }
  int version = 0;
  ACCELBENCH_NCCL_CHECK(library().ncclGetVersion(&version));
  nlohmann::ordered_json description = {{"communicator", "NCCL over MPI_COMM_WORLD"},
                                        {"ranks", per_rank.size()},
                                        {"nccl_version", version},
                                        {"per_rank", per_rank}};
  return {Device{"nccl:0",
                 "nccl",
                 0,
                 std::to_string(per_rank.size()) + " GPUs, NCCL " + std::to_string(version),
                 std::move(description),
                 {}}};
}

ACCELBENCH_REGISTER_BACKEND(kNcclBackend, {"nccl", enumerate, false, true});

}  // namespace

void check(ncclResult_t status, const char* call, const char* file, int line) {
  if (status == ncclSuccess) return;
  throw failure(std::string(call) + " failed: " + library().ncclGetErrorString(status) + " at " +
                file + ":" + std::to_string(line));
}

namespace {

// MPI_Finalize deletes the attributes of MPI_COMM_SELF first, while MPI still
// works (MPI standard, "Allowing User Functions at Process Termination"): the
// communicator is destroyed there, before MPI finalizes. Nothing can throw
// this late: a failure is said on stderr, and MPI_Finalize goes on.
int destroy_at_finalize(MPI_Comm, int, void* comm, void*) {
  const Nccl& nccl = library();
  const ncclResult_t status = nccl.ncclCommDestroy(static_cast<ncclComm_t>(comm));
  if (status != ncclSuccess) {
    std::fprintf(stderr, "accelbench: warning: ncclCommDestroy at MPI_Finalize failed: %s\n",
                 nccl.ncclGetErrorString(status));
  }
  return MPI_SUCCESS;
}

void destroy_before_mpi_finalizes(ncclComm_t comm) {
  int key = MPI_KEYVAL_INVALID;
  ACCELBENCH_MPI_CHECK(
      MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, destroy_at_finalize, &key, nullptr));
  ACCELBENCH_MPI_CHECK(MPI_Comm_set_attr(MPI_COMM_SELF, key, comm));
}

}  // namespace

ncclComm_t world() {
  static ncclComm_t comm = [] {
    const Nccl& nccl = library();
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    ACCELBENCH_CUDA_CHECK(cudaSetDevice(own_gpu(mpi::node_local_rank())));
    ncclUniqueId id{};
    if (rank == 0) ACCELBENCH_NCCL_CHECK(nccl.ncclGetUniqueId(&id));
    ACCELBENCH_MPI_CHECK(MPI_Bcast(&id, sizeof id, MPI_BYTE, 0, MPI_COMM_WORLD));
    ncclComm_t created = nullptr;
    ACCELBENCH_NCCL_CHECK(nccl.ncclCommInitRank(&created, size, id, rank));
    destroy_before_mpi_finalizes(created);
    return created;
  }();
  return comm;
}

}  // namespace accelbench::nccl
