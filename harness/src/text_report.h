// Human and spreadsheet views of a suite run: the console tables (grouped by
// claim and metric, then by benchmark and device; units in the column
// headers, a verification column, a verdict line)
// and CSV. Both read the same SuiteResult the results file is built from.
#pragma once

#include <ostream>

#include "results_file.h"

namespace accelbench {

struct ConsoleOptions {
  // A row also for each benchmark of a backend that is not available here
  // (otherwise that backend is its one "# not available" line).
  bool show_skipped = false;
  // The terminal's columns: the tables fit where they can (numbered notes
  // for long texts), "#" lines are broken.
  std::size_t width = 120;
};

void print_console_report(std::ostream& out, const SuiteResult& result, const SuiteRecord& record,
                          const ConsoleOptions& options = {});
void print_csv_report(std::ostream& out, const SuiteResult& result);

// "# device cpu:0: ..." lines shared by the console header and `list`.
void print_device_lines(std::ostream& out, const DeviceCatalog& catalog);

}  // namespace accelbench
