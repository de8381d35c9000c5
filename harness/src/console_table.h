// The console's result tables laid out for a terminal of a given width: a
// title line per benchmark and device, a row per instance (its parameters
// and figures), and texts too long for a row as numbered notes under the
// table.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "table.h"

namespace accelbench {

struct ConsoleRow {
  std::size_t block = 0;     // index into ConsoleTable::blocks
  std::string params;        // "array_bytes:134217728/threads:2"
  std::string param_values;  // "134217728/2"
  std::vector<std::string> figures;
  std::string stability;     // "stable", "UNSTABLE: ...", "-"
  std::string verification;  // "passed (512 values)", "skipped: ...", ...
};

struct ConsoleBlock {
  std::string title;       // "group/name on cpu:0"
  std::string param_keys;  // "array_bytes/threads"
};

struct ConsoleTable {
  std::vector<Column> figure_columns;  // headers and alignment of ConsoleRow::figures
  std::vector<ConsoleBlock> blocks;
  std::vector<ConsoleRow> rows;  // a block's rows together
};

// Prints the table (header, titles, rows), fitted into `width` columns where
// it can be: until it fits, the stability and verification texts longer
// than 30 characters other than "stable" and "passed (N values)" become notes
// ("[3]" in the cell, "[3] text" under the table), then the block with the
// widest parameters shows their values only (their names in its title), then
// the shorter texts become notes, then "passed (N values)" from the
// longest. Notes are numbered from `next_note` on, which is advanced; equal
// texts share a number.
void print_console_table(std::ostream& out, const ConsoleTable& table, std::size_t width,
                         int& next_note);

// Prints each line of `text` (escaped: terminal_text), broken at spaces to `width` columns where it
// is longer (at any character where a word alone is longer). A continuation line of a "#" line
// starts with "#   ", of another line with its indentation and four more spaces.
void print_wrapped(std::ostream& out, const std::string& text, std::size_t width);

// The columns of a line as a terminal shows it: UTF-8 characters, not bytes.
std::size_t display_width(const std::string& line);

}  // namespace accelbench
