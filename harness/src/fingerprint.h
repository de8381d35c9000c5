// The system fingerprint embedded in every results file and printed by
// `accelbench sysinfo`. `identity` holds what must match for two results to
// be comparable (hardware); `info` holds what is worth knowing but may change
// between runs (OS, kernel, compiler, governor, revision). `hash` is a
// digest of the identity.
#pragma once

#include <accelbench/device.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace accelbench {

struct Fingerprint {
  nlohmann::ordered_json identity;
  nlohmann::ordered_json info;
  std::string hash;
  nlohmann::ordered_json to_json() const;
};

Fingerprint make_fingerprint(const std::vector<Device>& devices);

// FNV-1a 64-bit of `text`, as 16 hex digits: a stable identity digest, not a
// security measure.
std::string fnv1a64_hex(const std::string& text);

}  // namespace accelbench
