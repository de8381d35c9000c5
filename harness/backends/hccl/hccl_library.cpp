#include "hccl/hccl_library.h"

#include <accelbench/error.h>
#include <accelbench/shared_library.h>

#include <string>
#include <variant>

#include "ascend/acl_library.h"

namespace accelbench::hccl {
namespace {

std::variant<Hccl, std::string> load() {
  std::string reason;
  void* handle = open_library(ascend::library_candidates("libhccl.so"), reason);
  if (!handle) return "no HCCL: cannot load libhccl.so: " + reason;
  Hccl functions;
  std::string missing, ignored;
#define ACCELBENCH_FROM_HCCL(result, name, parameters) \
  look_up(handle, #name, functions.name, missing);
#define ACCELBENCH_FROM_HCCL_IF_THERE(result, name, parameters) \
  look_up(handle, #name, functions.name, ignored);
  ACCELBENCH_HCCL_FUNCTIONS(ACCELBENCH_FROM_HCCL)
  ACCELBENCH_HCCL_OPTIONAL_FUNCTIONS(ACCELBENCH_FROM_HCCL_IF_THERE)  // null when absent
#undef ACCELBENCH_FROM_HCCL
#undef ACCELBENCH_FROM_HCCL_IF_THERE
  if (!missing.empty()) return "no HCCL: the loaded libhccl.so lacks " + missing;
  return functions;  // the library stays loaded for the life of the process
}

}  // namespace

const Hccl& library() {
  static const std::variant<Hccl, std::string> loaded = load();
  if (const auto* reason = std::get_if<std::string>(&loaded)) throw unsupported(*reason);
  return std::get<Hccl>(loaded);
}

}  // namespace accelbench::hccl
