// The console's tables within a terminal's width: titles per benchmark,
// long texts as numbered notes, parameter values only where names do not
// fit, and "#" lines broken at spaces.
#include "console_table.h"

#include <gtest/gtest.h>

#include <sstream>

namespace accelbench {
namespace {

ConsoleTable sample() {
  ConsoleTable t;
  t.figure_columns = {{"median GB/s", Column::Align::kRight}, {"n", Column::Align::kRight}};
  t.blocks = {{"memory/stream_triad on cpu:0", "array_bytes/threads"}};
  t.rows = {{0,
             "array_bytes:4096/threads:2",
             "4096/2",
             {"834.3", "4287"},
             "stable",
             "passed (512 values)"},
            {0,
             "array_bytes:8192/threads:2",
             "8192/2",
             {"836.1", "4301"},
             "UNSTABLE: CV 21.5% > 10.0%; p99/p50 of iteration times 3.14 > 2.00",
             "passed (1024 values)"},
            {0,
             "array_bytes:16384/threads:2",
             "16384/2",
             {"-", "0"},
             "-",
             "skipped: fp16 needs avx512_fp16, which this CPU does not have"}};
  return t;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(ConsoleTable, WideEnoughEverythingInItsCell) {
  std::ostringstream out;
  int next_note = 1;
  print_console_table(out, sample(), 200, next_note);
  EXPECT_EQ(
      out.str(),
      "    params                       median GB/s     n  stability                           "
      "                                verification\n"
      "  memory/stream_triad on cpu:0\n"
      "    array_bytes:4096/threads:2         834.3  4287  stable                              "
      "                                passed (512 values)\n"
      "    array_bytes:8192/threads:2         836.1  4301  UNSTABLE: CV 21.5% > 10.0%; p99/p50 "
      "of iteration times 3.14 > 2.00  passed (1024 values)\n"
      "    array_bytes:16384/threads:2            -     0  -                                   "
      "                                skipped: fp16 needs avx512_fp16, which this CPU does not "
      "have\n");
  EXPECT_EQ(next_note, 1);
}

TEST(ConsoleTable, LongTextsFirstBecomeNotesThenParametersTheirValues) {
  std::ostringstream out;
  int next_note = 3;  // two notes in an earlier table
  print_console_table(out, sample(), 84, next_note);
  EXPECT_EQ(out.str(),
            "    params                       median GB/s     n  stability  verification\n"
            "  memory/stream_triad on cpu:0\n"
            "    array_bytes:4096/threads:2         834.3  4287  stable     passed (512 values)\n"
            "    array_bytes:8192/threads:2         836.1  4301  [3]        passed (1024 values)\n"
            "    array_bytes:16384/threads:2            -     0  -          [4]\n"
            "  [3] UNSTABLE: CV 21.5% > 10.0%; p99/p50 of iteration times 3.14 > 2.00\n"
            "  [4] skipped: fp16 needs avx512_fp16, which this CPU does not have\n");
  EXPECT_EQ(next_note, 5);

  std::ostringstream narrow;
  print_console_table(narrow, sample(), 64, next_note);
  EXPECT_EQ(narrow.str(),
            "    params   median GB/s     n  stability  verification\n"
            "  memory/stream_triad on cpu:0 (params array_bytes/threads)\n"
            "    4096/2         834.3  4287  stable     passed (512 values)\n"
            "    8192/2         836.1  4301  [5]        passed (1024 values)\n"
            "    16384/2            -     0  -          [6]\n"
            "  [5] UNSTABLE: CV 21.5% > 10.0%; p99/p50 of iteration times\n"
            "      3.14 > 2.00\n"
            "  [6] skipped: fp16 needs avx512_fp16, which this CPU does not\n"
            "      have\n");
  for (const auto& line : lines(narrow.str())) EXPECT_LE(display_width(line), 64u) << line;
}

TEST(PrintWrapped, HashLinesContinueWithAHash) {
  std::ostringstream out;
  print_wrapped(out, "# one two three four\n\n#   indented\x1b[31m\n", 12);
  EXPECT_EQ(out.str(), "# one two\n#   three\n#   four\n\n#   indented\n#   \\x1b[31m\n");
}

TEST(DisplayWidth, CountsCharactersNotBytes) { EXPECT_EQ(display_width("µs …"), 4u); }

}  // namespace
}  // namespace accelbench
