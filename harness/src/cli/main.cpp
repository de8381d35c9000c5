// accelbench: measures compute, interconnect and stability of the devices of
// this machine. See README.md.
#include <accelbench/error.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <map>

#include "build_info.h"
#include "commands.h"
#include "display_text.h"

namespace {

constexpr int kExitUsage = 2;

std::string version_text() {
  return std::string("accelbench ") + accelbench::build_info::kVersion + " (" +
         accelbench::build_info::kGitRevision + ")";
}

// Prints a one-line error (CLI11's messages can span lines).
int usage_failure(const std::string& message, const std::string& hint = "") {
  std::string line = message;
  std::replace(line.begin(), line.end(), '\n', ' ');
  std::cerr << "accelbench: error: " << accelbench::terminal_text(line) << hint << '\n';
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> arguments(argv, argv + argc);
  CLI::App app("accelbench: compute, interconnect and stability benchmarks for accelerators",
               "accelbench");
  app.set_version_flag("--version", version_text());
  app.require_subcommand(1);

  std::map<CLI::App*, accelbench::cli::Command> commands;
  auto add = [&](const std::string& name, const std::string& description, auto&& adder) {
    CLI::App* sub = app.add_subcommand(name, description);
    sub->set_version_flag("--version", version_text());
    commands[sub] = adder(*sub);
  };
  add("list", "list every benchmark and device available here, and why others are not",
      [](CLI::App& sub) { return accelbench::cli::add_list_command(sub); });
  add("run", "run benchmarks and write a results file",
      [&](CLI::App& sub) { return accelbench::cli::add_run_command(sub, arguments); });
  add("compare", "compare two results files: exit 1 on a regression or a correctness failure",
      [](CLI::App& sub) { return accelbench::cli::add_compare_command(sub); });
  add("export", "derived files for CI services: github-action-benchmark, Bencher",
      [](CLI::App& sub) { return accelbench::cli::add_export_command(sub); });
  add("history", "each benchmark across many results files, with its change points",
      [](CLI::App& sub) { return accelbench::cli::add_history_command(sub); });
  add("soak", "run benchmarks round robin for a duration, verifying every iteration",
      [&](CLI::App& sub) { return accelbench::cli::add_soak_command(sub, arguments); });
  add("sysinfo", "print the system fingerprint: CPU, caches, NUMA, PCI devices, software",
      [](CLI::App& sub) { return accelbench::cli::add_sysinfo_command(sub); });
  add("verdict", "the three claims side by side: compute, interconnect, stability of B vs A",
      [](CLI::App& sub) { return accelbench::cli::add_verdict_command(sub); });
  add("fleet", "each node's results against the fleet's: healthy, suspect or defective, and why",
      [](CLI::App& sub) { return accelbench::cli::add_fleet_command(sub); });
  add("report", "one self-contained HTML report with charts from results and soak files",
      [](CLI::App& sub) { return accelbench::cli::add_report_command(sub); });

  // CLI11 would only say "a subcommand is required": name the unknown one.
  const auto is_subcommand = [&](const std::string& name) {
    return std::any_of(commands.begin(), commands.end(),
                       [&](const auto& entry) { return entry.first->get_name() == name; });
  };
  if (argc > 1 && argv[1][0] != '-' && !is_subcommand(argv[1])) {
    return usage_failure(std::string("unknown subcommand '") + argv[1] + "'",
                         " (subcommands: compare, export, fleet, history, list, report, run, soak, "
                         "sysinfo, verdict; see "
                         "accelbench --help)");
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return usage_failure(e.what(), " (see accelbench --help)");
  }

  try {
    for (auto& [sub, command] : commands) {
      if (sub->parsed()) return command();
    }
    return usage_failure("no subcommand given", " (see accelbench --help)");
  } catch (const accelbench::Error& e) {
    if (e.kind() == accelbench::ErrorKind::kUsage) return usage_failure(e.what());
    std::cerr << "accelbench: error: " << accelbench::terminal_text(e.what()) << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "accelbench: internal error: " << accelbench::terminal_text(e.what()) << '\n';
    return 1;
  }
}
