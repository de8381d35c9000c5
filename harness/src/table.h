// One renderer per output format. A command builds a Table of plain,
// unescaped cells (numbers through format_number) and hands it to the
// renderer of the format asked for; the renderer escapes for its format
// (terminal_text, markdown_text, CSV quoting) and lays the table out. JSON
// output is the command's own document, printed by render_json.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace accelbench {

struct Column {
  std::string header;
  enum class Align { kLeft, kRight };
  Align align = Align::kLeft;
  std::size_t min_width = 0;  // text: each cell padded to at least this
  std::string leader = "  ";  // text: what comes before the cell on its line
};

struct Table {
  std::vector<Column> columns;
  // A row may have fewer cells than there are columns (a note in place of
  // the figures).
  std::vector<std::vector<std::string>> rows;
};

struct TextLayout {
  bool header = true;
  // Every column but the last padded to its widest cell, header included.
  bool align_columns = false;
};

// Plain text for a terminal or a text file: each line the cells, each after
// its column's leader.
void render_text(std::ostream& out, const Table& table, const TextLayout& layout = {});

// A GitHub-flavoured markdown table: "| a | b |", "|---|---|", rows. The
// headers are the command's own markdown; the cells are escaped.
void render_markdown(std::ostream& out, const Table& table);

// CSV (RFC 4180 quoting): the header line, then one line per row.
void render_csv(std::ostream& out, const Table& table);

// A JSON document, indented by 2, and a newline.
void render_json(std::ostream& out, const nlohmann::ordered_json& document);

}  // namespace accelbench
