// The accelbench subcommands. Each registers its options on a CLI11 app and
// returns the function that runs it after parsing; the function returns the
// process exit code (0 ok, 1 a benchmark failed or was invalid) and throws
// Error(kUsage) for bad input (exit 2).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace accelbench::cli {

using Command = std::function<int()>;

Command add_run_command(CLI::App& app, const std::vector<std::string>& argv);
Command add_list_command(CLI::App& app);
Command add_sysinfo_command(CLI::App& app);
Command add_compare_command(CLI::App& app);
Command add_export_command(CLI::App& app);
Command add_history_command(CLI::App& app);
Command add_soak_command(CLI::App& app, const std::vector<std::string>& argv);
Command add_verdict_command(CLI::App& app);
Command add_report_command(CLI::App& app);
Command add_fleet_command(CLI::App& app);

}  // namespace accelbench::cli
