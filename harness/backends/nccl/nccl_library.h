// NCCL, loaded at run time on first use (the nccl backend's enumeration):
// dlopen of libnccl.so.<major> and every function accelbench calls looked up
// by name, typed from nccl.h's own declarations. The executable links no
// NCCL, so it (and its .deb, whose dependencies are Debian packages) starts
// where NCCL is not installed; the backend then says why it is not available.
// ACCELBENCH_NCCL_LIBRARY=<file> loads that NCCL instead (another install, a
// module's or a wheel's copy): then only that file is tried.
#pragma once

#include <nccl.h>

namespace accelbench::nccl {

// The functions, by their exported names.
#define ACCELBENCH_NCCL_FUNCTIONS(X) \
  X(ncclGetVersion)                  \
  X(ncclGetErrorString)              \
  X(ncclGetUniqueId)                 \
  X(ncclCommInitRank)                \
  X(ncclCommDestroy)                 \
  X(ncclAllReduce)                   \
  X(ncclAllGather)                   \
  X(ncclReduceScatter)               \
  X(ncclBroadcast)                   \
  X(ncclSend)                        \
  X(ncclRecv)                        \
  X(ncclGroupStart)                  \
  X(ncclGroupEnd)

#define ACCELBENCH_NCCL_POINTER(name) decltype(&::name) name = nullptr;
struct Nccl {
  ACCELBENCH_NCCL_FUNCTIONS(ACCELBENCH_NCCL_POINTER)
};
#undef ACCELBENCH_NCCL_POINTER

// Loaded once per process and kept for its life. Throws unsupported (the
// backend is not available) naming every path tried and the loader's reason,
// or the first function the loaded library lacks.
const Nccl& library();

}  // namespace accelbench::nccl
