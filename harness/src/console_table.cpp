#include "console_table.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <sstream>

#include "display_text.h"

namespace accelbench {
namespace {

// A stability or verification text longer than this is the first to become
// a note when the table is too wide.
constexpr std::size_t kLongText = 30;

const std::string kStabilityHeader = "stability";
const std::string kVerificationHeader = "verification";

// The texts most rows carry ("stable", "passed (512 values)"): they stay in
// their cells while anything else can move.
bool ordinary(const std::string& text) {
  static const std::regex passed("passed \\([0-9]+ values\\)");
  return text == "stable" || text == "-" || std::regex_match(text, passed);
}

struct Layout {
  std::vector<bool> compact;             // per block: parameter values only
  std::vector<bool> stability_noted;     // per row
  std::vector<bool> verification_noted;  // per row
};

struct Note {
  int number;
  std::string text;
};

// The lines of the table as laid out, notes numbered from `first_note` in
// row order (equal texts share one); the notes go to `notes`.
std::vector<std::string> table_lines(const ConsoleTable& t, const Layout& layout, int first_note,
                                     std::vector<Note>& notes) {
  notes.clear();
  std::map<std::string, int> numbers;
  const auto cell = [&](const std::string& text, bool noted) {
    if (!noted) return text;
    const auto [at, added] =
        numbers.try_emplace(text, first_note + static_cast<int>(numbers.size()));
    if (added) notes.push_back({at->second, text});
    return "[" + std::to_string(at->second) + "]";
  };
  Table table{{{"params", Column::Align::kLeft, 0, "    "}}, {}};
  table.columns.insert(table.columns.end(), t.figure_columns.begin(), t.figure_columns.end());
  table.columns.insert(table.columns.end(), {{kStabilityHeader}, {kVerificationHeader}});
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const ConsoleRow& r = t.rows[i];
    const std::string& params = layout.compact[r.block] ? r.param_values : r.params;
    auto& row = table.rows.emplace_back(1, params.empty() ? "-" : params);
    row.insert(row.end(), r.figures.begin(), r.figures.end());
    row.push_back(cell(r.stability, layout.stability_noted[i]));
    row.push_back(cell(r.verification, layout.verification_noted[i]));
  }
  std::ostringstream text;
  render_text(text, table, {.header = true, .align_columns = true});
  std::istringstream text_lines(text.str());
  std::vector<std::string> rendered;
  for (std::string line; std::getline(text_lines, line);) rendered.push_back(line);

  std::vector<std::string> lines{rendered.front()};
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const std::size_t block = t.rows[i].block;
    if (i == 0 || t.rows[i - 1].block != block) {
      const ConsoleBlock& b = t.blocks[block];
      std::string title = "  " + terminal_text(b.title);
      if (layout.compact[block]) title += " (params " + terminal_text(b.param_keys) + ")";
      lines.push_back(title);
    }
    lines.push_back(rendered[i + 1]);
  }
  return lines;
}

std::size_t widest(const std::vector<std::string>& lines) {
  std::size_t most = 0;
  for (const auto& line : lines) most = std::max(most, display_width(line));
  return most;
}

// Notes every cell with the longest text among those `eligible` that are
// still in their cells and longer than their column's header (a shorter
// one would not narrow the table); false when there is none.
bool note_longest(const ConsoleTable& t, Layout& layout,
                  const std::function<bool(const std::string&)>& eligible) {
  std::string longest;
  const auto consider = [&](const std::string& text, bool noted, const std::string& header) {
    if (!noted && eligible(text) && text.size() > header.size() && text.size() > longest.size()) {
      longest = text;
    }
  };
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    consider(t.rows[i].stability, layout.stability_noted[i], kStabilityHeader);
    consider(t.rows[i].verification, layout.verification_noted[i], kVerificationHeader);
  }
  if (longest.empty()) return false;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    if (t.rows[i].stability == longest) layout.stability_noted[i] = true;
    if (t.rows[i].verification == longest) layout.verification_noted[i] = true;
  }
  return true;
}

// Shows the values only in the block whose parameters are the widest cell
// of the column, where that narrows it; false when the widest already shows
// values only (compacting another block would not narrow the column).
bool compact_widest(const ConsoleTable& t, Layout& layout) {
  const ConsoleRow* widest_row = nullptr;
  std::size_t widest_params = 0;
  for (const auto& r : t.rows) {
    const std::size_t shown = display_width(layout.compact[r.block] ? r.param_values : r.params);
    if (!widest_row || shown > widest_params) {
      widest_row = &r;
      widest_params = shown;
    }
  }
  if (!widest_row || layout.compact[widest_row->block] ||
      widest_row->param_values.size() >= widest_row->params.size()) {
    return false;
  }
  layout.compact[widest_row->block] = true;
  return true;
}

}  // namespace

std::size_t display_width(const std::string& line) {
  return static_cast<std::size_t>(std::count_if(line.begin(), line.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  }));
}

void print_console_table(std::ostream& out, const ConsoleTable& table, std::size_t width,
                         int& next_note) {
  Layout layout{std::vector<bool>(table.blocks.size(), false),
                std::vector<bool>(table.rows.size(), false),
                std::vector<bool>(table.rows.size(), false)};
  std::vector<Note> notes;
  const auto fits = [&] { return widest(table_lines(table, layout, next_note, notes)) <= width; };
  while (!fits()) {
    const bool narrowed =
        note_longest(
            table, layout,
            [](const std::string& text) { return !ordinary(text) && text.size() > kLongText; }) ||
        compact_widest(table, layout) ||
        note_longest(table, layout, [](const std::string& text) { return !ordinary(text); }) ||
        note_longest(table, layout, [](const std::string&) { return true; });
    if (!narrowed) break;  // as narrow as it gets
  }
  for (const auto& line : table_lines(table, layout, next_note, notes)) out << line << '\n';
  for (const auto& note : notes) {
    print_wrapped(out, "  [" + std::to_string(note.number) + "] " + terminal_text(note.text),
                  width);
  }
  next_note += static_cast<int>(notes.size());
}

void print_wrapped(std::ostream& out, const std::string& text, std::size_t width) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    line = terminal_text(line);
    // Where the words start: after the indentation (and a "#" with its
    // spaces); a line is never broken before that.
    const bool comment = line.starts_with("#");
    const std::size_t words = std::min(line.find_first_not_of(comment ? "# " : " "), line.size());
    const std::string continuation = comment ? "#   " : std::string(words + 4, ' ');
    std::size_t start = words;
    while (display_width(line) > width && width > continuation.size() + 1) {
      // The byte where the width runs out, then the last space before it.
      std::size_t end = 0;
      for (std::size_t columns = 0; end < line.size() && columns < width; ++end) {
        if ((static_cast<unsigned char>(line[end]) & 0xc0) != 0x80) ++columns;
      }
      while (end < line.size() && (static_cast<unsigned char>(line[end]) & 0xc0) == 0x80) ++end;
      const std::size_t space = line.rfind(' ', end);
      const bool at_space = space != std::string::npos && space > start;
      const std::size_t cut = at_space ? space : end;
      out << line.substr(0, cut) << '\n';
      line = continuation + line.substr(at_space ? cut + 1 : cut);
      start = continuation.size();
    }
    out << line << '\n';
  }
}

}  // namespace accelbench
