#include "accelbench/shared_library.h"

namespace accelbench {

void* open_library(const std::vector<std::string>& paths, std::string& reason) {
  reason.clear();
  for (const std::string& path : paths) {
    if (void* library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL)) return library;
    reason += (reason.empty() ? "" : "; ") + std::string(dlerror());
  }
  return nullptr;
}

std::vector<std::string> soname_then_folder(const std::string& soname, const std::string& folder) {
  return {soname, folder + "/" + soname};
}

}  // namespace accelbench
