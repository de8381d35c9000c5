#include "json_input.h"

#include <accelbench/error.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compare.h"
#include "display_text.h"
#include "journal.h"

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

// The usage error's message, or "" when `f` throws none.
template <typename F>
std::string usage_error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage) << e.what();
    return e.what();
  }
  return "";
}

std::string nested_arrays(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

class TempFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() /
              ("json_input_test_" + std::to_string(getpid()) + "_" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }
  std::string write(const std::string& name, const std::string& text) {
    const auto path = (folder_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::filesystem::path folder_;
};

TEST(ParseJson, AcceptsNestingUpToTheLimitAndRefusesOneLevelMore) {
  EXPECT_NO_THROW(parse_json(nested_arrays(kMaxJsonDepth), "x"));
  EXPECT_EQ(usage_error_of([] { parse_json(nested_arrays(kMaxJsonDepth + 1), "x"); }),
            "x: nesting deeper than 64 levels at line 1, column 65 (byte 65)");
}

TEST(ParseJson, RefusesAMillionLevelsQuicklyWithoutBuildingThem) {
  const auto start = std::chrono::steady_clock::now();
  EXPECT_NE(usage_error_of([] { parse_json(nested_arrays(1000000), "deep.json"); }), "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(ParseJson, NamesLineColumnAndByteOfASyntaxError) {
  EXPECT_EQ(usage_error_of([] { parse_json("{\n  \"a\": tru\n}", "f.json"); }),
            "f.json: not JSON at line 2, column 11 (byte 13): syntax error while parsing value - "
            "invalid literal; last read: '\"a\": tru<U+000A>'");
}

TEST(ParseJson, CountsPositionsInTheWholeTextForOneLine) {
  const std::string text = "{\"h\":1}\n{\"a\":1}\n{\"b\":}\n";
  EXPECT_EQ(parse_json(text, 8, 15, "j"), Json({{"a", 1}}));
  EXPECT_NE(usage_error_of([&] {
              parse_json(text, 16, 22, "j line 3");
            }).find("j line 3: not JSON at line 3, column 6"),
            std::string::npos);
}

TEST(ParseJson, RefusesDuplicateKeysNonFiniteNumbersAndNothing) {
  EXPECT_EQ(usage_error_of([] { parse_json(R"({"a": 1, "a": 2})", "d"); }),
            "d: the key \"a\" appears twice at line 1, column 12 (byte 12)");
  EXPECT_NE(usage_error_of([] { parse_json("[1e999]", "n"); }).find("number overflow"),
            std::string::npos);
  EXPECT_NE(usage_error_of([] { parse_json("[NaN]", "n"); }).find("n: not JSON"),
            std::string::npos);
  EXPECT_EQ(usage_error_of([] { parse_json(" \n ", "e"); }),
            "e: empty, no JSON at line 1, column 1 (byte 1)");
}

TEST(ParseJson, FindsDuplicateKeysInSmallAndLargeObjects) {
  // Up to 16 members the keys are searched, beyond that hashed: both find them.
  for (int members : {3, 15, 16, 17, 40}) {
    std::string text = "{";
    for (int i = 0; i < members; ++i)
      text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
    EXPECT_EQ(parse_json(text + "\"last\": 0}", "ok").size(),
              static_cast<std::size_t>(members + 1));
    for (int again : {0, members - 1}) {
      EXPECT_NE(usage_error_of([&] {
                  parse_json(text + "\"k" + std::to_string(again) + "\": 1}", "d");
                }).find("the key \"k" + std::to_string(again) + "\" appears twice"),
                std::string::npos)
          << members << " members, k" << again << " again";
    }
  }
}

TEST(ParseJson, UnbuiltMembersAreCheckedButNotBuilt) {
  JsonLimits limits;
  limits.unbuilt_members = {"runs", "n"};
  EXPECT_EQ(parse_json(R"({"runs": [1, {"a": [2, "x"]}], "n": 3, "o": {"runs": [4]}})", "u", limits)
                .dump(),
            R"({"runs":[],"n":3,"o":{"runs":[4]}})");
  EXPECT_EQ(parse_json(R"({"runs": {"a": {"b": 1}}, "k": true})", "u", limits).dump(),
            R"({"runs":{},"k":true})");
  // Inside them, every check of the loader still holds.
  EXPECT_NE(usage_error_of([&] {
              parse_json(R"({"runs": [{"a": 1, "a": 2}]})", "u", limits);
            }).find("the key \"a\" appears twice"),
            std::string::npos);
  std::string many = R"({"runs": [{)";
  for (int i = 0; i < 20; ++i) many += "\"k" + std::to_string(i) + "\": 0, ";
  EXPECT_NE(usage_error_of([&] {
              parse_json(many + R"("k3": 1}]})", "u", limits);
            }).find("the key \"k3\" appears twice"),
            std::string::npos);
  EXPECT_NE(usage_error_of([&] {
              parse_json(R"({"runs": [1e999]})", "u", limits);
            }).find("number overflow"),
            std::string::npos);
  EXPECT_NE(usage_error_of([&] {
              parse_json(R"({"runs": [1, }], "k": 1})", "u", limits);
            }).find("u: not JSON"),
            std::string::npos);
  limits.max_depth = 3;
  EXPECT_NE(usage_error_of([&] {
              parse_json(R"({"runs": [[[[1]]]]})", "u", limits);
            }).find("nesting deeper than 3"),
            std::string::npos);
  limits.max_object_members = 2;
  EXPECT_NE(usage_error_of([&] {
              parse_json(R"({"runs": [{"a": 1, "b": 2, "c": 3}]})", "u", limits);
            }).find("more than 2 members"),
            std::string::npos);
}

TEST(ParseJson, BoundsTheMembersOfAnObject) {
  JsonLimits limits;
  limits.max_object_members = 2;
  EXPECT_NO_THROW(parse_json(R"({"a": 1, "b": 2})", "m", limits));
  EXPECT_NE(usage_error_of([&] {
              parse_json(R"({"a": 1, "b": 2, "c": 3})", "m", limits);
            }).find("more than 2 members"),
            std::string::npos);
}

TEST(ParseJson, KeepsMemberOrderAndSkipsAByteOrderMark) {
  const Json j = parse_json("\xEF\xBB\xBF{\"z\": [1, {\"y\": null}], \"a\": \"\\u00e9\"}", "b");
  EXPECT_EQ(j.dump(), R"({"z":[1,{"y":null}],"a":"é"})");
}

TEST_F(TempFolder, RefusesFoldersFifosAndFilesOverTheCapBeforeReading) {
  EXPECT_EQ(usage_error_of([&] { read_input_file(folder_.string()); }),
            folder_.string() + ": a folder, not a file");
  const std::string fifo = (folder_ / "fifo").string();
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  // Would block forever if it were opened for reading without a writer.
  EXPECT_EQ(usage_error_of([&] { read_input_file(fifo); }),
            fifo + ": not a regular file (a pipe or device)");
  EXPECT_NE(usage_error_of([] { read_input_file("/dev/null"); }).find("not a regular file"),
            std::string::npos);
  const std::string big = write("big.json", std::string(100, ' ') + "[]");
  EXPECT_NE(usage_error_of([&] { read_input_file(big, 64); }).find("more than the 64"),
            std::string::npos);
  EXPECT_EQ(read_input_file(big, 102).size(), 102u);
  EXPECT_NE(usage_error_of([&] {
              read_input_file((folder_ / "none.json").string());
            }).find("cannot read it"),
            std::string::npos);
}

TEST_F(TempFolder, NamesTheKindOfAWrongFile) {
  const std::string soak = write("soak.json", R"({"soak": {"schema_version": 1}})");
  EXPECT_EQ(usage_error_of([&] { read_accelbench_file(soak, {FileKind::kResults}); }),
            soak + " is a soak file, not a results file");
  const std::string journal = write("r.journal", "{\"journal_version\": 1}\n{\"name\": \"a\"}\n");
  EXPECT_NE(usage_error_of([&] {
              read_accelbench_file(journal, {FileKind::kResults});
            }).find("is an accelbench journal (JSON lines)"),
            std::string::npos);
  const std::string array = write("a.json", "[1]");
  EXPECT_NE(usage_error_of([&] {
              read_accelbench_file(array, {FileKind::kResults, FileKind::kSoak});
            }).find("not a results file or a soak file of accelbench"),
            std::string::npos);
  const std::string results =
      write("r.json", R"({"benchmarks": [], "suite": {"schema_version": 2, "results": []}})");
  EXPECT_EQ(usage_error_of([&] { read_results_file(results); }),
            results + ": unknown schema version 2 (want 1)");
}

TEST_F(TempFolder, ChecksTheFieldsReadersUse) {
  const std::string path = write("r.json", R"({"benchmarks": [{"run_type": "iteration"}],
      "suite": {"schema_version": 1, "fingerprint": {}, "results": []}})");
  EXPECT_EQ(usage_error_of([&] { read_results_file(path); }),
            path + ": benchmarks[0].suite is missing");
  const std::string wrong = write("w.json", R"({"benchmarks": [],
      "suite": {"schema_version": 1, "fingerprint": {}, "results": [
        {"name": "a", "benchmark": "b", "status": "ok", "params": {"k\u001b": [1]}}]}})");
  EXPECT_EQ(
      usage_error_of([&] { read_results_file(wrong); }),
      wrong + ": suite.results[0].params.k\x1b is an array, want a string, number or boolean");
}

const char* kHeader =
    R"({"journal_version": 1, "run_id": "r", "started_at": "t", "argv": ["accelbench"], )"
    R"("options": {}, "fingerprint_hash": "h"})";

TEST_F(TempFolder, JournalToleratesOnlyATornLastLine) {
  const std::string torn =
      write("torn.journal", std::string(kHeader) + "\n{\"name\": \"a\", \"sta");
  EXPECT_EQ(read_journal(torn).torn_lines, 1u);
  const std::string middle =
      write("middle.journal", std::string(kHeader) + "\n{\"name\": \n{\"name\": \"b\"}\n");
  EXPECT_NE(usage_error_of([&] { read_journal(middle); }).find("middle.journal line 2: not JSON"),
            std::string::npos);
  const std::string record =
      write("record.journal", std::string(kHeader) + "\n{\"name\": \"a\"}\n");
  EXPECT_NE(usage_error_of([&] {
              read_journal(record);
            }).find("line 2: not a journal record of a finished benchmark"),
            std::string::npos);
  const std::string header = write("header.journal", "{\"journal_version\": 1}\n");
  EXPECT_NE(usage_error_of([&] { read_journal(header); }).find("lacks a valid \"run_id\""),
            std::string::npos);
}

TEST(DisplayText, EscapesControlCharactersForTheTerminal) {
  EXPECT_EQ(terminal_text("a\x1b]0;x\x07\r\n\t\x7f"), "a\\x1b]0;x\\x07\\x0d\\x0a\\x09\\x7f");
  EXPECT_EQ(terminal_text("CSI \xc2\x9b"
                          "31m"),
            "CSI \\u009b31m");  // C1 control U+009B
  EXPECT_EQ(terminal_text("bad \xff\xc3"), "bad \\xff\\xc3");
  EXPECT_EQ(terminal_text("Größe µs → ✓"), "Größe µs → ✓");
}

TEST(DisplayText, EscapesMarkdownTableAndHtmlCharacters) {
  EXPECT_EQ(markdown_text("a|b <img src=x> `c` \\ & \x1b"),
            "a\\|b &lt;img src=x&gt; \\`c\\` \\\\ &amp; \\\\x1b");
}

TEST(DisplayText, CompareOutputEscapesNamesFromTheFiles) {
  CompareResult result;
  ComparisonRow row;
  row.name = "evil\x1b[2J|<b>";
  row.unit = "GB/s";
  row.verdict = "NO CHANGE";
  result.rows.push_back(row);
  result.gate_failures.push_back("x\r: failed in NEW");
  std::ostringstream text, markdown;
  print_comparison(text, result, "text");
  print_comparison(markdown, result, "markdown");
  EXPECT_EQ(text.str().find('\x1b'), std::string::npos);
  EXPECT_EQ(text.str().find('\r'), std::string::npos);
  EXPECT_NE(text.str().find("evil\\x1b[2J|<b>"), std::string::npos);
  EXPECT_NE(markdown.str().find("evil\\\\x1b[2J\\|&lt;b&gt;"), std::string::npos);
}

}  // namespace
}  // namespace accelbench
