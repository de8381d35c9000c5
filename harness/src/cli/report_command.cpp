#include <accelbench/error.h>

#include <filesystem>
#include <iostream>

#include "atomic_file.h"
#include "commands.h"
#include "display_text.h"
#include "report.h"
#include "results_file.h"
#include "verdict.h"

namespace accelbench::cli {
namespace {

struct ReportArgs {
  std::vector<std::string> files;
  std::string out;
};

}  // namespace

Command add_report_command(CLI::App& app) {
  auto args = std::make_shared<ReportArgs>();
  app.add_option("FILES", args->files, "results and soak files")->required();
  app.add_option("-o,--out", args->out, "the HTML file to write")->required();
  return [args] {
    check_writable(args->out, args->files);
    std::vector<ReportInput> inputs;
    for (const auto& path : args->files) {
      inputs.push_back({terminal_text(std::filesystem::path(path).filename().string()),
                        read_verdict_input(path)});
    }
    const std::string chartjs = read_chartjs();
    std::string page;
    try {
      page = render_report(inputs, chartjs, utc_timestamp());
    } catch (const nlohmann::ordered_json::exception& e) {
      throw usage_error(std::string("a results file lacks a field the report needs: ") + e.what());
    }
    write_file_atomically(args->out, page);
    std::cout << "# report written to " << args->out << " (" << page.size() / 1024 << " KiB)\n";
    return 0;
  };
}

}  // namespace accelbench::cli
