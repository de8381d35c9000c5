// The one number formatter and the renderers every command prints through.
#include <gtest/gtest.h>

#include <sstream>

#include "soak_file.h"
#include "table.h"
#include "units.h"

namespace accelbench {
namespace {

TEST(FormatNumber, EachNamedFormat) {
  using namespace number_format;
  EXPECT_EQ(format_number(306.2246971758537), "306.2");
  EXPECT_EQ(format_number(0.000123456, kFull), "0.000123456");
  EXPECT_EQ(format_number(2.7951, kRatio), "2.8");
  EXPECT_EQ(format_number(-11898.56674616043, kSignedRatio), "-1.19e+04");
  EXPECT_EQ(format_number(0.5, kSignedRatio), "+0.5");
  EXPECT_EQ(format_number(1.0564, kRatioColumn), "1.056");
  EXPECT_EQ(format_number(0.1149, kPValue), "0.11");
  EXPECT_EQ(format_number(37.127, kOneDecimal), "37.1");
  EXPECT_EQ(format_number(3.25, kSignedChange), "+3.2");
  EXPECT_EQ(format_number(97.4312, kTwoDecimals), "97.43");
}

TEST(FormatQuantity, UnitAfterASpaceButPercentAttached) {
  EXPECT_EQ(format_quantity(197.946, "GB/s"), "197.9 GB/s");
  EXPECT_EQ(format_quantity(36.46, "%", number_format::kOneDecimal), "36.5%");
  EXPECT_EQ(format_quantity(60, "s", number_format::kFull), "60 s");
  EXPECT_EQ(format_bytes(1536), "1.5 KiB");
}

Table sample_table() {
  return Table{{{"name", {}, 0, ""}, {"value", Column::Align::kRight}, {"note"}},
               {{"a|b", "1.5", "x"}, {"longer name", "12", "esc\x1b[31m"}}};
}

TEST(RenderText, JoinedAlignedAndFixedWidths) {
  std::ostringstream joined, aligned, fixed;
  render_text(joined, sample_table());
  EXPECT_EQ(joined.str(), "name  value  note\na|b  1.5  x\nlonger name  12  esc\\x1b[31m\n");
  render_text(aligned, sample_table(), {.header = true, .align_columns = true});
  EXPECT_EQ(aligned.str(),
            "name         value  note\n"
            "a|b            1.5  x\n"
            "longer name     12  esc\\x1b[31m\n");
  Table widths{{{"", {}, 5, "  "}, {"", Column::Align::kRight, 4, " A "}}, {{"ab", "7"}}};
  render_text(fixed, widths, {.header = false});
  EXPECT_EQ(fixed.str(), "  ab    A    7\n");
}

TEST(RenderMarkdownAndCsv, EscapeForTheirFormat) {
  std::ostringstream markdown, csv;
  render_markdown(markdown, sample_table());
  EXPECT_EQ(markdown.str(),
            "| name | value | note |\n|---|---|---|\n| a\\|b | 1.5 | x |\n"
            "| longer name | 12 | esc\\\\x1b[31m |\n");
  Table quoted{{{"a"}, {"b"}}, {{"1,5", "say \"hi\""}}};
  render_csv(csv, quoted);
  EXPECT_EQ(csv.str(), "a,b\n\"1,5\",\"say \"\"hi\"\"\"\n");
}

// The soak's console table, pinned on figures of a real soak (the first row
// as accelbench printed it before the table went through the renderer).
TEST(SoakTable, FiguresNotesAndFailures) {
  const auto soak = nlohmann::ordered_json::parse(R"json({
    "elapsed_s": 3.007038155, "duration_requested_s": 3.0, "stopped_by": "duration",
    "interval_s": 0.3,
    "benchmarks": [
      {"name": "memory/stream_copy/cpu:0/array_bytes:1048576/threads:2", "status": "ok",
       "metric": {"unit": "GB/s"},
       "analysis": {"samples": 388, "time_to_first_error_s": null, "median": 306.2246971758537,
                    "drift_percent_per_hour": {"ols": -11898.56674616043,
                                               "theil_sen": -306.2787726598475},
                    "sustain_ratio": 0.923574172997052, "throttle_share": 0.3712737127371274,
                    "change_points": [], "verdict": "unstable",
                    "reasons": ["sustained 92.4% of the start < 95%",
                                "samples below 90% of the median: 37.1% > 5%"]}},
      {"name": "memory/stream_dot", "status": "invalid", "metric": {"unit": "GB/s"},
       "analysis": {"samples": 5, "time_to_first_error_s": 1.5, "verdict": "unstable",
                    "reasons": ["verification failed"]}},
      {"name": "memory/stream_scale", "status": "crashed", "reason": "crashed(SIGSEGV)",
       "metric": {"unit": "GB/s"}}]})json");
  std::ostringstream out;
  print_soak_table(out, soak);
  EXPECT_EQ(out.str(),
            "# accelbench soak: 3.0 s of 3.0 s (stopped by duration), turns of 0.3 s, every "
            "iteration verified\n"
            "# drift: %/hour, negative = getting worse; sustain: last 10% / first 10%; throttle: "
            "samples worse than 90% of the median\n"
            "benchmark  samples  median  unit  drift OLS  drift Theil-Sen  sustain  throttle %  "
            "first error  shifts  verdict\n"
            "memory/stream_copy/cpu:0/array_bytes:1048576/threads:2  388  306.2  GB/s  -1.19e+04  "
            "-306  0.924  37.1  none  0  unstable; sustained 92.4% of the start < 95%; samples "
            "below 90% of the median: 37.1% > 5%\n"
            "memory/stream_dot  5  -  -  -  -  -  -  1.5 s  0  unstable; verification failed\n"
            "memory/stream_scale  crashed: crashed(SIGSEGV)\n");
}

}  // namespace
}  // namespace accelbench
