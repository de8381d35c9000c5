#include <iostream>

#include "commands.h"
#include "history.h"
#include "number_options.h"
#include "table.h"

namespace accelbench::cli {

Command add_history_command(CLI::App& app) {
  struct Args {
    std::vector<std::string> files;
    HistoryOptions options;
    std::string format = "text";
  };
  auto args = std::make_shared<Args>();
  app.add_option("FILES", args->files, "results files, or folders of them")->required();
  app.add_option("--min-t", args->options.min_t, "Welch t a change point needs (default 6)")
      ->check(number_in({1.0, 1e6}));
  app.add_option("--min-segment", args->options.min_segment,
                 "runs on each side of a change point, at least (default 4)")
      ->transform(integer_in(2, 100000));
  app.add_option("--format", args->format, "text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  return [args] {
    const auto h = history(args->files, args->options);
    if (args->format == "json") {
      render_json(std::cout, h);
    } else {
      print_history(std::cout, h);
    }
    return 0;
  };
}

}  // namespace accelbench::cli
