// --progress and --quiet, the same for every command that runs benchmarks.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "progress.h"

namespace accelbench::cli {

// Adds --progress (mode kOn) and --quiet (kOff), which exclude each other;
// `unit` names what a progress line stands for ("benchmark", "turn").
void add_progress_flags(CLI::App& app, ProgressMode& mode, const std::string& unit);

}  // namespace accelbench::cli
