// The results-file loader, then everything that reads what it loads:
// compare, verdict, report, export, history and fleet (which reads the file
// again with its runs unbuilt), in every output format.
#include <accelbench/error.h>

#include <sstream>

#include "compare.h"
#include "export.h"
#include "fleet.h"
#include "fleet_output.h"
#include "fuzz_input.h"
#include "history.h"
#include "json_input.h"
#include "report.h"
#include "verdict.h"

using namespace accelbench;

namespace {

template <typename F>
void expecting_usage_errors(F&& step) {
  try {
    step();
  } catch (const Error&) {
  }
}

void read_results(const nlohmann::ordered_json& file) {
  expecting_usage_errors([&] {
    CompareOptions options;
    options.allow_different_machines = true;
    const CompareResult result = compare_results(file, file, options);
    for (const char* format : {"text", "markdown", "json"}) {
      std::ostringstream out;
      print_comparison(out, result, format);
    }
  });
  for (const char* to : {"gab-googlecpp", "gab-bigger", "gab-smaller", "bmf"}) {
    expecting_usage_errors([&] { (void)export_results(file, to).dump(); });
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  nlohmann::ordered_json file;
  try {
    file = parse_json(text, "input");
    check_accelbench_file("input", file, {FileKind::kResults, FileKind::kSoak});
  } catch (const Error&) {
    return 0;
  }
  if (file_kind(file) == FileKind::kResults) read_results(file);

  // The whole file against itself, and two of its devices against each other
  // (figures paired across backends).
  const auto verdict_of = [&](const VerdictSide& a, const VerdictSide& b) {
    expecting_usage_errors([&] {
      const Verdict verdict = make_verdict(a, b);
      for (const char* format : {"text", "markdown", "json"}) {
        std::ostringstream out;
        print_verdict(out, verdict, format);
      }
    });
  };
  verdict_of({"input", &file, std::nullopt}, {"input", &file, std::nullopt});
  verdict_of({"input", &file, "cpu:0"}, {"input", &file, "opencl:0"});
  expecting_usage_errors([&] {
    const std::vector<ReportInput> inputs{{"input", file}, {"input again", file}};
    (void)render_report(inputs, "Chart", "now");
  });
  if (file_kind(file) == FileKind::kResults) {
    expecting_usage_errors([&] {
      const std::string& path = fuzz::input_file(text, "results.json");
      const auto h = history({path, path}, HistoryOptions{});
      std::ostringstream out;
      print_history(out, h);
      (void)h.dump();
    });
    expecting_usage_errors([&] {
      const std::string& path = fuzz::input_file(text, "results.json");
      const FleetDiagnosis d =
          diagnose_fleet(read_fleet_inputs({path}), default_fleet_rules(), std::nullopt);
      for (const char* format : {"text", "markdown", "json"}) {
        std::ostringstream out;
        print_fleet(out, d, format);
      }
    });
  }
  return 0;
}
