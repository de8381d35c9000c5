// HCCL, loaded at run time on first use (the hccl backend's enumeration):
// dlopen of libhccl.so and every function accelbench calls looked up by name,
// typed from hccl_api.h. The executable links no CANN library, so it starts
// where CANN is not installed; the backend then says why it is not available.
// The library is looked for where AscendCL's are (ascend::library_candidates:
// ACCELBENCH_ASCEND_LIBRARY_DIR=<folder> alone, else the loader's path,
// $ASCEND_HOME_PATH/lib64, CANN's default install).
#pragma once

#include "hccl/hccl_api.h"

namespace accelbench::hccl {

#define ACCELBENCH_HCCL_POINTER(result, name, parameters) result(*name) parameters = nullptr;
struct Hccl {
  ACCELBENCH_HCCL_FUNCTIONS(ACCELBENCH_HCCL_POINTER)
  ACCELBENCH_HCCL_OPTIONAL_FUNCTIONS(ACCELBENCH_HCCL_POINTER)
};
#undef ACCELBENCH_HCCL_POINTER

// Loaded once per process and kept for its life (no HCCL call is made: the
// library only loads). Throws unsupported ("no HCCL: ...", every path tried
// with the loader's reason, or the first function the library lacks).
const Hccl& library();

}  // namespace accelbench::hccl
