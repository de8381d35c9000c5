// Human and spreadsheet views of a suite run: the console table (grouped by
// claim, units in the column headers, a verification column, a verdict line)
// and CSV. Both read the same SuiteResult the results file is built from.
#pragma once

#include <ostream>

#include "results_file.h"

namespace accelbench {

void print_console_report(std::ostream& out, const SuiteResult& result, const SuiteRecord& record);
void print_csv_report(std::ostream& out, const SuiteResult& result);

// "# device cpu:0: ..." lines shared by the console header and `list`.
void print_device_lines(std::ostream& out, const DeviceCatalog& catalog);

}  // namespace accelbench
