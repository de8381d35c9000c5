// Strings from files accelbench did not write (names, units, reasons, file
// names) on their way to a terminal or a markdown page: one escaping helper
// per output format, used by every printer. JSON output needs none (its
// writer escapes), and the HTML report escapes in report_page.js.
#pragma once

#include <string>
#include <string_view>

namespace accelbench {

// For a terminal or a plain-text file: control characters (C0 such as ESC
// and CR, DEL, C1 such as U+009B) and bytes that are not UTF-8 become
// visible escapes (\x1b, \u009b), so that no file can move the cursor,
// recolour or retitle the terminal, or hide text.
std::string terminal_text(std::string_view text);

// For a markdown line or table cell: terminal_text, and '|', '<', '>', '&',
// '`' and '\' escaped, so that a string cannot end a table cell, open an
// HTML tag or start code.
std::string markdown_text(std::string_view text);

}  // namespace accelbench
