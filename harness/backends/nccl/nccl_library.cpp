#include "nccl/nccl_library.h"

#include <accelbench/error.h>
#include <accelbench/shared_library.h>

#include <cstdlib>
#include <string>
#include <variant>

namespace accelbench::nccl {
namespace {

// ACCELBENCH_NCCL_LIBRARY's file alone; else the soname of nccl.h's major
// version, then the folder NCCL was found in at build time.
std::vector<std::string> candidates() {
  const char* chosen = std::getenv("ACCELBENCH_NCCL_LIBRARY");
  if (chosen && *chosen) return {chosen};
  return soname_then_folder("libnccl.so." + std::to_string(NCCL_MAJOR),
                            ACCELBENCH_NCCL_LIBRARY_DIR);
}

std::variant<Nccl, std::string> load() {
  std::string reason;
  void* handle = open_library(candidates(), reason);
  if (!handle) return "cannot load NCCL: " + reason;
  Nccl functions;
  std::string missing;
#define ACCELBENCH_FROM_NCCL(name) look_up(handle, #name, functions.name, missing);
  ACCELBENCH_NCCL_FUNCTIONS(ACCELBENCH_FROM_NCCL)
#undef ACCELBENCH_FROM_NCCL
  if (!missing.empty()) return "the loaded NCCL lacks " + missing;
  return functions;  // the library stays loaded for the life of the process
}

}  // namespace

const Nccl& library() {
  static const std::variant<Nccl, std::string> loaded = load();
  if (const auto* reason = std::get_if<std::string>(&loaded)) throw unsupported(*reason);
  return std::get<Nccl>(loaded);
}

}  // namespace accelbench::nccl
