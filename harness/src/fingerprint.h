// The system fingerprint embedded in every results file and printed by
// `accelbench sysinfo`. `identity` holds what must match for two results to
// be comparable, and only facts that hold still while a machine runs:
// processor model and architecture, package/core/PU counts, cache sizes and
// counts, the number of NUMA nodes, and each device's id and model. `info`
// holds what is worth knowing but may change between runs or even within one
// (memory amounts: a VM's memory grows as it is used; clocks, governor, OS,
// kernel, compiler, revision). `hash` is a digest of the identity, so
// `compare`, `run --resume` and `history` agree on one host.
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

// This machine's host name (gethostname), "unknown" when it cannot be read.
std::string hostname();

}  // namespace accelbench
