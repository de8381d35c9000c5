#include <accelbench/error.h>

#include <filesystem>
#include <iostream>
#include <sstream>

#include "atomic_file.h"
#include "commands.h"
#include "device_pair.h"
#include "display_text.h"
#include "table.h"
#include "verdict.h"

namespace accelbench::cli {
namespace {

struct VerdictArgs {
  std::vector<std::string> files;
  std::optional<std::string> devices;
  std::string format = "text";
  std::optional<std::string> out;
};

std::string file_label(const std::string& path) {
  // Escaped: a file name need not be UTF-8, and the label reaches JSON and the terminal.
  return terminal_text(std::filesystem::path(path).filename().string());
}

}  // namespace

Command add_verdict_command(CLI::App& app) {
  auto args = std::make_shared<VerdictArgs>();
  app.add_option("FILES", args->files,
                 "results (or soak) files: the first is A, each other is compared with it as B")
      ->required();
  app.add_option("--devices", args->devices,
                 "A,B: compare these two devices (one file: both in it; two files: A's in the "
                 "first, B's in the second)");
  app.add_option("--format", args->format, "text (default), markdown or json")
      ->check(CLI::IsMember({"text", "markdown", "json"}));
  app.add_option("--out", args->out, "also write the verdict here (in --format)");
  return [args] {
    if (args->out) check_writable(*args->out, args->files);
    std::vector<nlohmann::ordered_json> files;
    for (const auto& path : args->files) files.push_back(read_verdict_input(path));
    std::vector<Verdict> verdicts;
    if (args->devices) {
      const auto devices = split_device_pair(*args->devices);
      if (files.size() > 2) throw usage_error("--devices compares one file or two, not more");
      const std::size_t b_file = files.size() == 2 ? 1 : 0;
      const VerdictSide a{file_label(args->files[0]) + " [" + devices[0] + "]", &files[0],
                          devices[0]};
      const VerdictSide b{file_label(args->files[b_file]) + " [" + devices[1] + "]", &files[b_file],
                          devices[1]};
      verdicts.push_back(make_verdict(a, b));
    } else {
      if (files.size() < 2) {
        throw usage_error("verdict needs two files (A and B), or one file with --devices A,B");
      }
      const VerdictSide a{file_label(args->files[0]), &files[0], std::nullopt};
      for (std::size_t i = 1; i < files.size(); ++i) {
        verdicts.push_back(
            make_verdict(a, VerdictSide{file_label(args->files[i]), &files[i], std::nullopt}));
      }
    }
    std::ostringstream text;
    if (args->format == "json") {
      nlohmann::ordered_json all = nlohmann::ordered_json::array();
      for (const auto& v : verdicts) all.push_back(verdict_json(v));
      render_json(text, all);
    } else {
      for (std::size_t i = 0; i < verdicts.size(); ++i) {
        if (i > 0) text << '\n';
        print_verdict(text, verdicts[i], args->format);
      }
    }
    std::cout << text.str();
    if (args->out) write_file_atomically(*args->out, text.str());
    return 0;
  };
}

}  // namespace accelbench::cli
