// One instance's outcome as JSON: what a child process sends back to the
// parent (isolation) and what the journal keeps. The Instance itself (the
// definition, device and parameters) is not in it: the reader matches the
// record by name against its own selection.
#pragma once

#include <nlohmann/json.hpp>

#include "runner.h"

namespace accelbench {

nlohmann::ordered_json to_json(const Verification& verification);
nlohmann::ordered_json to_json(const Work& work);
Work work_from_json(const nlohmann::ordered_json& json);

nlohmann::ordered_json to_record(const InstanceResult& result);

// Fills everything but `instance` and `statistics` from a record; throws
// nlohmann::json::exception or std::invalid_argument on a malformed record.
void apply_record(const nlohmann::ordered_json& record, InstanceResult& result);

}  // namespace accelbench
