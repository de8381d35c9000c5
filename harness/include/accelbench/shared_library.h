// The loader part of the libraries accelbench opens at run time (dlopen)
// rather than links: cuBLAS and NCCL (backends cuda and nccl), AscendCL,
// aclnn, HCCL and DCMI (backends ascend and hccl). An executable that links
// none of them starts where they are not installed, and its package depends
// on no vendor library.
#pragma once

#include <dlfcn.h>

#include <string>
#include <vector>

namespace accelbench {

// The first of `paths` that dlopen loads (RTLD_NOW | RTLD_LOCAL; a bare
// soname is searched on the loader's path). nullptr when none does, with
// every attempt's dlerror in `reason`, "; "-separated. A loaded library stays
// loaded for the life of the process.
void* open_library(const std::vector<std::string>& paths, std::string& reason);

// The soname on the loader's path, then in `folder` (the build machine's
// toolkit folder, for a loader path without it).
std::vector<std::string> soname_then_folder(const std::string& soname, const std::string& folder);

// Sets `target` to the function `name` of `library`; names the first missing
// one in `missing`.
template <class Function>
void look_up(void* library, const char* name, Function& target, std::string& missing) {
  target = reinterpret_cast<Function>(dlsym(library, name));
  if (!target && missing.empty()) missing = name;
}

}  // namespace accelbench
