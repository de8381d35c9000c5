#include <accelbench/error.h>

#include <iostream>
#include <sstream>

#include "atomic_file.h"
#include "commands.h"
#include "compare.h"
#include "device_pair.h"
#include "number_options.h"

namespace accelbench::cli {
namespace {

struct CompareArgs {
  std::string base, next;
  CompareOptions options;
  std::string format = "text";
  std::optional<std::string> out;
  std::optional<std::string> devices;
};

}  // namespace

Command add_compare_command(CLI::App& app) {
  auto args = std::make_shared<CompareArgs>();
  app.add_option("BASE", args->base, "the results file to compare against")->required();
  app.add_option("NEW", args->next, "the results file under test")->required();
  // "3%" as well as 0.03.
  const Bounds fraction{0.0, 1.0};
  app.add_option("--threshold-compute", args->options.threshold_compute,
                 "practical threshold for compare class compute (default 0.03)")
      ->transform(percent_as_fraction())
      ->check(number_in(fraction));
  app.add_option("--threshold-memory", args->options.threshold_memory,
                 "practical threshold for compare class memory (default 0.05)")
      ->transform(percent_as_fraction())
      ->check(number_in(fraction));
  app.add_option("--threshold-interconnect", args->options.threshold_interconnect,
                 "practical threshold for compare class interconnect: links, collectives, noise "
                 "(default 0.10)")
      ->transform(percent_as_fraction())
      ->check(number_in(fraction));
  app.add_option("--alpha", args->options.alpha, "significance after Benjamini-Hochberg (0.05)")
      ->check(number_in({1e-9, 0.5}));
  app.add_option("--max-cv", args->options.max_cv, "NOISY above this CV on either side (0.10)")
      ->check(number_in({0.0, 100.0}));
  app.add_flag("--allow-different-machines", args->options.allow_different_machines,
               "compare files whose fingerprints differ");
  app.add_option("--devices", args->devices,
                 "A,B: BASE's runs on device A against NEW's on device B, paired by benchmark "
                 "and parameters (e.g. cuda:0,ascend:0; across backends an instance one side "
                 "lacks is listed, not a failure)");
  app.add_option("--format", args->format, "text (default), markdown or json")
      ->check(CLI::IsMember({"text", "markdown", "json"}));
  app.add_option("--out", args->out, "also write the comparison here (in --format)");
  return [args] {
    if (args->devices) {
      const auto devices = split_device_pair(*args->devices);
      args->options.base_device = devices[0];
      args->options.new_device = devices[1];
    }
    if (args->out) check_writable(*args->out, {args->base, args->next});
    const auto base = read_results_file(args->base);
    const auto next = read_results_file(args->next);
    const CompareResult result = compare_results(base, next, args->options);
    std::ostringstream text;
    print_comparison(text, result, args->format);
    std::cout << text.str();
    if (args->out) write_file_atomically(*args->out, text.str());
    // The table is out; the reason for the failing exit goes to stderr as one line.
    if (result.exit_code() != 0) throw failure(failure_summary(result));
    return 0;
  };
}

}  // namespace accelbench::cli
