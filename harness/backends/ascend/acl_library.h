// AscendCL (libascendcl.so) and aclnn (libnnopbase.so, libopapi.so), loaded at
// run time on first use: dlopen and every function looked up by name, typed
// from acl_api.h. The executable links no CANN library, so it starts where
// CANN is not installed; the backend then says why it is not available.
//
// Where the libraries are: the loader's path first (CANN's set_env.sh puts
// its lib64 there), then $ASCEND_HOME_PATH/lib64, then
// /usr/local/Ascend/ascend-toolkit/latest/lib64 (CANN's default install).
// ACCELBENCH_ASCEND_LIBRARY_DIR=<folder> loads them from that folder only
// (another install, or the test stand-ins).
#pragma once

#include <string>
#include <vector>

#include "ascend/acl_api.h"

namespace accelbench::ascend {

#define ACCELBENCH_ASCEND_POINTER(result, name, parameters) result(*name) parameters = nullptr;
struct Acl {
  ACCELBENCH_ACL_FUNCTIONS(ACCELBENCH_ASCEND_POINTER)
  ACCELBENCH_ACL_OPTIONAL_FUNCTIONS(ACCELBENCH_ASCEND_POINTER)
};
struct Aclnn {
  ACCELBENCH_NNOPBASE_FUNCTIONS(ACCELBENCH_ASCEND_POINTER)
  ACCELBENCH_OPAPI_FUNCTIONS(ACCELBENCH_ASCEND_POINTER)
};
#undef ACCELBENCH_ASCEND_POINTER

// The places `library` (a file name, "libascendcl.so") is looked for, in
// order (see above).
std::vector<std::string> library_candidates(const std::string& library);

// AscendCL loaded and initialised (aclInit), once per process and kept for its
// life. Throws unsupported ("no Ascend runtime: ...", every path tried with
// the loader's reason, or the first function the library lacks, or aclInit's
// error).
const Acl& acl();

// aclnn loaded (after AscendCL). Throws unsupported naming what is missing.
const Aclnn& aclnn();

}  // namespace accelbench::ascend
