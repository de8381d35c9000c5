// The shape of results and soak files as accelbench's readers (compare,
// verdict, report, export, history) use them: every field they read has the
// type they read it as, checked once when the file is loaded, so that a
// hand-edited or hostile file is a usage error naming the field, never an
// exception deep in a reader. Not a full schema (results/schema/ is that):
// only what the readers rely on.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace accelbench {

// Throw a usage error such as "a.json: suite.results[3].metric.value is a
// string, want a number".
void check_results_shape(const nlohmann::ordered_json& file, const std::string& path);
void check_soak_shape(const nlohmann::ordered_json& file, const std::string& path);

}  // namespace accelbench
