// The soak file: {"soak": {...}} with the soak's settings, the machine, the
// telemetry series and one time series with its stability analysis per
// benchmark (results/schema/soak.schema.json). The results file's twin for
// `accelbench soak`.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "fingerprint.h"
#include "selection.h"
#include "soak.h"

namespace accelbench {

struct SoakRecord {
  std::string run_id;
  std::string started_at;  // ISO 8601 UTC
  std::string finished_at;
  double duration_requested_s = 0;
  double interval_s = 0;
  bool isolated = true;
  double timeout_s = 0;
  std::optional<std::string> inject;
  Fingerprint fingerprint;
  nlohmann::ordered_json topology;
  DeviceCatalog catalog;
  std::vector<std::string> argv;
  std::optional<std::string> filter;
  std::optional<std::string> device;
  std::vector<std::pair<std::string, std::string>> param_overrides;
  nlohmann::ordered_json telemetry;  // the sampler's description and series
};

inline constexpr int kSoakSchemaVersion = 1;

// As for a run: invalid when any series saw a mismatch; failed when any
// failed, crashed or timed out (and none was invalid).
Status overall_status(const SoakResult& result);

nlohmann::ordered_json build_soak_file(const SoakResult& result, const SoakRecord& record);

// The console view of a soak file's "soak" object: a header, then one line
// per benchmark with its stability figures and verdict.
void print_soak_table(std::ostream& out, const nlohmann::ordered_json& soak);

}  // namespace accelbench
