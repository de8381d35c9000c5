#include <iostream>
#include <sstream>

#include "atomic_file.h"
#include "commands.h"
#include "compare.h"
#include "export.h"
#include "table.h"

namespace accelbench::cli {

Command add_export_command(CLI::App& app) {
  struct Args {
    std::string to, file;
    std::optional<std::string> out;
  };
  auto args = std::make_shared<Args>();
  app.add_option("--to", args->to, "gab-googlecpp, gab-bigger, gab-smaller or bmf")
      ->required()
      ->check(CLI::IsMember({"gab-googlecpp", "gab-bigger", "gab-smaller", "bmf"}));
  app.add_option("FILE", args->file, "an accelbench results file")->required();
  app.add_option("--out", args->out, "write the export here instead of standard output");
  return [args] {
    if (args->out) check_writable(*args->out, {args->file});
    std::ostringstream text;
    render_json(text, export_results(read_results_file(args->file), args->to));
    if (args->out) {
      write_file_atomically(*args->out, text.str());
    } else {
      std::cout << text.str();
    }
    return 0;
  };
}

}  // namespace accelbench::cli
