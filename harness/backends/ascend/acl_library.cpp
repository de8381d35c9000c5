#include "ascend/acl_library.h"

#include <accelbench/error.h>
#include <accelbench/shared_library.h>

#include <cstdlib>
#include <variant>

namespace accelbench::ascend {
namespace {

template <class Functions>
using Loaded = std::variant<Functions, std::string>;

// The first candidate of `file` that loads, or the reasons of all.
void* open_ascend_library(const std::string& file, std::string& reason) {
  return open_library(library_candidates(file), reason);
}

Loaded<Acl> load_acl() {
  std::string reason;
  void* handle = open_ascend_library("libascendcl.so", reason);
  if (!handle) return "no Ascend runtime: cannot load libascendcl.so: " + reason;
  Acl functions;
  std::string missing, ignored;
#define ACCELBENCH_FROM_ACL(result, name, parameters) \
  look_up(handle, #name, functions.name, missing);
#define ACCELBENCH_FROM_ACL_IF_THERE(result, name, parameters) \
  look_up(handle, #name, functions.name, ignored);
  ACCELBENCH_ACL_FUNCTIONS(ACCELBENCH_FROM_ACL)
  ACCELBENCH_ACL_OPTIONAL_FUNCTIONS(ACCELBENCH_FROM_ACL_IF_THERE)  // null when absent
#undef ACCELBENCH_FROM_ACL
#undef ACCELBENCH_FROM_ACL_IF_THERE
  if (!missing.empty()) return "no Ascend runtime: the loaded libascendcl.so lacks " + missing;
  // Once per process; a library that is already initialised (by a host
  // program that embeds accelbench) answers ACL_ERROR_REPEAT_INITIALIZE,
  // which CANN documents as harmless.
  const aclError status = functions.aclInit(nullptr);
  if (status != ACL_SUCCESS && status != ACL_ERROR_REPEAT_INITIALIZE) {
    const char* message = functions.aclGetRecentErrMsg ? functions.aclGetRecentErrMsg() : nullptr;
    return "no Ascend runtime: aclInit failed with error " + std::to_string(status) +
           (message && *message ? std::string(": ") + message : std::string());
  }
  return functions;  // the library stays loaded (and initialised) for the life of the process
}

Loaded<Aclnn> load_aclnn() {
  Aclnn functions;
  std::string reason, missing;
  void* nnopbase = open_ascend_library("libnnopbase.so", reason);
  if (!nnopbase) return "no aclnn: cannot load libnnopbase.so: " + reason;
  void* opapi = open_ascend_library("libopapi.so", reason);
  if (!opapi) return "no aclnn: cannot load libopapi.so: " + reason;
#define ACCELBENCH_FROM_NNOPBASE(result, name, parameters) \
  look_up(nnopbase, #name, functions.name, missing);
#define ACCELBENCH_FROM_OPAPI(result, name, parameters) \
  look_up(opapi, #name, functions.name, missing);
  ACCELBENCH_NNOPBASE_FUNCTIONS(ACCELBENCH_FROM_NNOPBASE)
  ACCELBENCH_OPAPI_FUNCTIONS(ACCELBENCH_FROM_OPAPI)
#undef ACCELBENCH_FROM_NNOPBASE
#undef ACCELBENCH_FROM_OPAPI
  if (!missing.empty()) return "no aclnn: the loaded aclnn libraries lack " + missing;
  return functions;
}

}  // namespace

std::vector<std::string> library_candidates(const std::string& library) {
  const char* chosen = std::getenv("ACCELBENCH_ASCEND_LIBRARY_DIR");
  if (chosen && *chosen) return {std::string(chosen) + "/" + library};
  std::vector<std::string> out{library};
  const char* home = std::getenv("ASCEND_HOME_PATH");
  if (home && *home) out.push_back(std::string(home) + "/lib64/" + library);
  out.push_back("/usr/local/Ascend/ascend-toolkit/latest/lib64/" + library);
  return out;
}

const Acl& acl() {
  static const Loaded<Acl> loaded = load_acl();
  if (const auto* reason = std::get_if<std::string>(&loaded)) throw unsupported(*reason);
  return std::get<Acl>(loaded);
}

const Aclnn& aclnn() {
  acl();  // aclnn runs on AscendCL's devices and streams
  static const Loaded<Aclnn> loaded = load_aclnn();
  if (const auto* reason = std::get_if<std::string>(&loaded)) throw unsupported(*reason);
  return std::get<Aclnn>(loaded);
}

}  // namespace accelbench::ascend
