#include "table.h"

#include <algorithm>

#include "display_text.h"

namespace accelbench {
namespace {

using Row = std::vector<std::string>;

Row header_row(const Table& table) {
  Row row;
  for (const auto& column : table.columns) row.push_back(column.header);
  return row;
}

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

void render_text(std::ostream& out, const Table& table, const TextLayout& layout) {
  std::vector<Row> lines;
  if (layout.header) lines.push_back(header_row(table));
  lines.insert(lines.end(), table.rows.begin(), table.rows.end());
  for (auto& line : lines) {
    for (auto& cell : line) cell = terminal_text(cell);
  }
  std::vector<std::size_t> widths(table.columns.size(), 0);
  for (std::size_t i = 0; i < widths.size(); ++i) widths[i] = table.columns[i].min_width;
  if (layout.align_columns) {
    for (const auto& line : lines) {
      for (std::size_t i = 0; i < line.size() && i < widths.size(); ++i) {
        widths[i] = std::max(widths[i], line[i].size());
      }
    }
  }
  for (const auto& line : lines) {
    std::string text;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const Column* column = i < table.columns.size() ? &table.columns[i] : nullptr;
      std::string cell = line[i];
      const bool last = i + 1 == line.size();
      const std::size_t width =
          column && !(layout.align_columns && last && column->min_width == 0) ? widths[i] : 0;
      if (cell.size() < width) {
        const std::string pad(width - cell.size(), ' ');
        cell = column->align == Column::Align::kRight ? pad + cell : cell + pad;
      }
      text += (column ? column->leader : std::string("  ")) + cell;
    }
    out << text << '\n';
  }
}

void render_markdown(std::ostream& out, const Table& table) {
  const auto line = [&](const Row& cells, bool escape) {
    out << '|';
    for (const auto& cell : cells) out << ' ' << (escape ? markdown_text(cell) : cell) << " |";
    out << '\n';
  };
  line(header_row(table), false);
  out << '|';
  for (std::size_t i = 0; i < table.columns.size(); ++i) out << "---|";
  out << '\n';
  for (const auto& row : table.rows) line(row, true);
}

void render_csv(std::ostream& out, const Table& table) {
  const auto line = [&](const Row& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << csv_field(cells[i]);
    out << '\n';
  };
  line(header_row(table));
  for (const auto& row : table.rows) line(row);
}

void render_json(std::ostream& out, const nlohmann::ordered_json& document) {
  out << document.dump(2) << '\n';
}

}  // namespace accelbench
