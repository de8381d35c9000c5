// accelbench history: each benchmark's median across many results files,
// ordered by the time of the run, and the change points in that series
// (binary segmentation: split where Welch's t is largest, keep splits with
// |t| >= min_t; in the spirit of E-divisive means with a t-test, as Hunter and
// Otava do it).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace accelbench {

struct HistoryOptions {
  double min_t = 6;
  std::size_t min_segment = 4;
};

// `files`: results files or folders of them (non-results JSON in a folder is
// skipped). Throws a usage error for an unreadable file given by name, or
// when fewer than two results files are found.
nlohmann::ordered_json history(const std::vector<std::string>& files,
                               const HistoryOptions& options);

void print_history(std::ostream& out, const nlohmann::ordered_json& history);

}  // namespace accelbench
