// What the tests against the Ascend stand-ins share: the devices the ascend
// backend enumerates, and whether this process runs under the environment a
// test group needs (each group is its own ctest entry: tests/ascend/standin.cmake).
#pragma once

#include <accelbench/device.h>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace accelbench::ascend {

inline const Backend& ascend_backend() {
  for (const Backend& backend : BackendRegistry::instance().all()) {
    if (backend.name == "ascend") return backend;
  }
  throw std::logic_error("the ascend backend is not registered");
}

// The environment variable's value, or "".
inline std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// True when ACCELBENCH_STANDIN_ASCEND_FAULT holds `entry`.
inline bool fault_listed(std::string_view entry) {
  const std::string faults = "," + environment("ACCELBENCH_STANDIN_ASCEND_FAULT") + ",";
  return faults.find("," + std::string(entry) + ",") != std::string::npos;
}

}  // namespace accelbench::ascend
