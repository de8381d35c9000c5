// Facts fixed when accelbench was built: version, git revision, compiler and
// flags, library versions, and which backends configure enabled and why.
#pragma once

#include <nlohmann/json.hpp>
#include <span>

namespace accelbench::build_info {

extern const char* const kVersion;
extern const char* const kGitRevision;  // written at build time (cmake/GitRevision.cmake)

struct BackendStatus {
  const char* name;
  bool enabled;
  const char* reason;
};

std::span<const BackendStatus> backends();
nlohmann::ordered_json to_json();

}  // namespace accelbench::build_info
