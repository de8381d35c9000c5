#include "hccl/hccl_runtime.h"

#include <dlfcn.h>
#include <mpi.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "ascend/ascend_runtime.h"
#include "hccl/hccl_library.h"
#include "mpi/mpi_runtime.h"

namespace accelbench::hccl {
namespace {

// The NPU of local rank `local`: modulo the NPUs AscendCL finds here.
int own_npu(int local) {
  std::uint32_t count = 0;
  const ascend::aclError status = ascend::acl().aclrtGetDeviceCount(&count);
  if (status != ascend::ACL_SUCCESS || count == 0) {
    throw unsupported("no Ascend NPU on this rank: aclrtGetDeviceCount gives " +
                      std::to_string(count) + " device(s), error " + std::to_string(status));
  }
  return local % static_cast<int>(count);
}

// HCCL loaded (hccl_library.h), or the loader's reasons.
std::string load_error() {
  try {
    library();
    return "";
  } catch (const Error& e) {
    return e.what();
  }
}

// The file libhccl.so was loaded from (which install, or the test stand-in).
std::string loaded_from() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(library().HcclGetRootInfo), &info) && info.dli_fname) {
    return info.dli_fname;
  }
  return "unknown";
}

// The HCCL package's version, when AscendCL can say it.
std::string hccl_package_version() {
  const ascend::Acl& acl = ascend::acl();
  if (!acl.aclsysGetCANNVersion) return "not reported: this AscendCL lacks aclsysGetCANNVersion";
  ascend::aclCANNPackageVersion version{};
  const ascend::aclError status = acl.aclsysGetCANNVersion(ascend::ACL_PKG_NAME_HCCL, &version);
  if (status != ascend::ACL_SUCCESS) return "not reported: error " + std::to_string(status);
  version.version[sizeof version.version - 1] = '\0';
  return version.version;
}

// This rank's part of the description: host, NPU index and name (or the
// reason it has none).
nlohmann::ordered_json own_description(int local, const std::string& not_loaded) {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  try {
    if (!not_loaded.empty()) throw unsupported(not_loaded);
    const int npu = own_npu(local);
    const ascend::Acl& acl = ascend::acl();
    ACCELBENCH_ACL_CHECK(acl.aclrtSetDevice(npu));
    const char* soc = acl.aclrtGetSocName ? acl.aclrtGetSocName() : nullptr;
    return {{"host", host},
            {"npu", npu},
            {"device", soc && *soc ? soc : "Ascend NPU (SoC name not reported)"}};
  } catch (const Error& e) {
    return {{"host", host}, {"error", e.what()}};
  }
}

std::vector<Device> enumerate() {
  // Outside mpirun nothing of CANN is loaded: a plain `accelbench run` forks
  // --isolate children after enumeration, and a CANN library loaded in the
  // parent could start threads that do not survive the fork.
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) {
    throw unsupported(
        "not launched by mpirun: run HCCL collectives with one rank per NPU, "
        "`mpirun -np <NPUs> accelbench run --suite comm`");
  }
  const std::string not_loaded = load_error();
  // Every rank takes part in the collectives below, with or without an NPU.
  const nlohmann::ordered_json own = own_description(mpi::node_local_rank(), not_loaded);
  nlohmann::ordered_json per_rank = nlohmann::ordered_json::array();
  std::set<std::string> names;
  int index = 0;
  for (auto entry : mpi::allgather_descriptions(own)) {
    if (entry.contains("error")) {
      throw unsupported("rank " + std::to_string(index) + " on " +
                        entry["host"].get<std::string>() + ": " +
                        entry["error"].get<std::string>());
    }
    entry["rank"] = index++;
    names.insert(entry["device"].get<std::string>());
    per_rank.push_back(entry);
  }
  std::string npus;
  for (const auto& name : names) npus += (npus.empty() ? "" : ", ") + name;
  nlohmann::ordered_json description = {
      {"communicator", "HCCL over MPI_COMM_WORLD (root info from rank 0, broadcast by MPI)"},
      {"ranks", per_rank.size()},
      {"npus", npus},
      {"hccl_library", loaded_from()},
      {"hccl_version", hccl_package_version()},
      {"per_rank", per_rank}};
  return {Device{"hccl:0",
                 "hccl",
                 0,
                 std::to_string(per_rank.size()) + " NPUs, HCCL: " + npus,
                 std::move(description),
                 {}}};
}

ACCELBENCH_REGISTER_BACKEND(kHcclBackend, {"hccl", enumerate, false, true});

// MPI_Finalize deletes the attributes of MPI_COMM_SELF first, while MPI still
// works (MPI standard, "Allowing User Functions at Process Termination"): the
// communicator is destroyed there, before MPI finalizes (the stand-in's runs
// on MPI). Nothing can throw this late: a failure is said on stderr.
int destroy_hccl_at_finalize(MPI_Comm, int, void* comm, void*) {
  const Hccl& hccl = library();
  const HcclResult status = hccl.HcclCommDestroy(static_cast<HcclComm>(comm));
  if (status != HCCL_SUCCESS) {
    std::fprintf(stderr, "accelbench: warning: HcclCommDestroy at MPI_Finalize failed: error %d\n",
                 static_cast<int>(status));
  }
  return MPI_SUCCESS;
}

void destroy_hccl_before_mpi_finalizes(HcclComm comm) {
  int key = MPI_KEYVAL_INVALID;
  ACCELBENCH_MPI_CHECK(
      MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, destroy_hccl_at_finalize, &key, nullptr));
  ACCELBENCH_MPI_CHECK(MPI_Comm_set_attr(MPI_COMM_SELF, key, comm));
}

HcclComm create_world() {
  const Hccl& hccl = library();
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  use_own_npu();
  // Rank 0's result goes with the root info, so that a failure there ends
  // every rank's attempt (rather than leaving them waiting in the broadcast).
  struct {
    int status;
    HcclRootInfo root;
  } shared{};
  if (rank == 0) shared.status = hccl.HcclGetRootInfo(&shared.root);
  ACCELBENCH_MPI_CHECK(MPI_Bcast(&shared, sizeof shared, MPI_BYTE, 0, MPI_COMM_WORLD));
  if (shared.status != HCCL_SUCCESS) {
    check(static_cast<HcclResult>(shared.status), "HcclGetRootInfo (on rank 0)", __FILE__,
          __LINE__);
  }
  HcclComm created = nullptr;
  ACCELBENCH_HCCL_CHECK(hccl.HcclCommInitRootInfo(static_cast<std::uint32_t>(size), &shared.root,
                                                  static_cast<std::uint32_t>(rank), &created));
  destroy_hccl_before_mpi_finalizes(created);
  return created;
}

}  // namespace

void check(HcclResult status, const char* call, const char* file, int line) {
  if (status == HCCL_SUCCESS) return;
  const Hccl& hccl = library();
  const char* text = hccl.HcclGetErrorString ? hccl.HcclGetErrorString(status) : nullptr;
  throw failure(std::string(call) + " failed: HCCL error " + std::to_string(status) +
                (text && *text ? std::string(" (") + text + ")" : std::string()) + " at " + file +
                ":" + std::to_string(line));
}

void use_own_npu() {
  static const int npu = own_npu(mpi::node_local_rank());
  ACCELBENCH_ACL_CHECK(ascend::acl().aclrtSetDevice(npu));
}

HcclComm world() {
  static const HcclComm comm = create_world();
  return comm;
}

}  // namespace accelbench::hccl
