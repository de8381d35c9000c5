#include "progress_options.h"

namespace accelbench::cli {

void add_progress_flags(CLI::App& app, ProgressMode& mode, const std::string& unit) {
  CLI::Option* on = app.add_flag_callback(
      "--progress", [&mode] { mode = ProgressMode::kOn; },
      "a line per finished " + unit +
          " on standard error, even when it is not a terminal (default: only on a terminal)");
  CLI::Option* off = app.add_flag_callback(
      "--quiet", [&mode] { mode = ProgressMode::kOff; }, "no progress lines on standard error");
  on->excludes(off);
}

}  // namespace accelbench::cli
