// Runs the real executable on small arrays and reads its results file with
// nlohmann/json: the file must parse, round-trip, and hold what the suite
// measured.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace {

namespace fs = std::filesystem;

class ResultsFile : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder_ = fs::temp_directory_path() / ("accelbench-results-test-" + std::to_string(getpid()));
    fs::create_directories(folder_);
    const fs::path out = folder_ / "run.json";
    const std::string command =
        std::string(ACCELBENCH_EXE) +
        " run --filter stream.*/cpu --param array_bytes=1MiB --min-time 0.01 --repetitions 2"
        " --out " +
        out.string() + " > " + (folder_ / "stdout.txt").string();
    exit_code_ = std::system(command.c_str());
    std::ifstream in(out);
    text_.assign(std::istreambuf_iterator<char>(in), {});
  }
  static void TearDownTestSuite() { fs::remove_all(folder_); }

  static inline fs::path folder_;
  static inline int exit_code_ = -1;
  static inline std::string text_;
};

TEST_F(ResultsFile, RunSucceedsAndLeavesOnlyTheResultsFile) {
  EXPECT_EQ(exit_code_, 0);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder_)) ++files;
  EXPECT_EQ(files, 2u) << "a temporary file was left behind";
}

TEST_F(ResultsFile, ParsesAndRoundTrips) {
  const auto json = nlohmann::ordered_json::parse(text_);
  EXPECT_EQ(nlohmann::ordered_json::parse(json.dump()), json);
  std::vector<std::string> keys;
  for (const auto& item : json.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"context", "benchmarks", "suite"}));
  EXPECT_EQ(text_.find("NaN"), std::string::npos);
  EXPECT_EQ(text_.find("Infinity"), std::string::npos);
}

TEST_F(ResultsFile, EveryRunCarriesVerifiedSamplesThatMatchGoogleBenchmark) {
  const auto json = nlohmann::json::parse(text_);
  std::size_t iteration_runs = 0;
  for (const auto& run : json["benchmarks"]) {
    const auto& suite = run["suite"];
    ASSERT_TRUE(suite.is_object()) << run["name"];
    EXPECT_EQ(suite["status"], "ok");
    if (run["run_type"] != "iteration") continue;
    ++iteration_runs;
    EXPECT_EQ(suite["samples"]["count"], run["iterations"]);
    EXPECT_EQ(suite["samples"]["seconds_per_iteration"].size(),
              run["iterations"].get<std::size_t>());
    EXPECT_EQ(suite["verification"]["outcome"], "passed");
    EXPECT_EQ(suite["verification"]["mismatches"], 0);
    EXPECT_GT(suite["verification"]["elements_checked"].get<std::uint64_t>(), 0u);
    EXPECT_EQ(suite["metric"]["unit"], "GB/s");
    // Google Benchmark's bytes_per_second and our median come from the same
    // declared bytes; on a quiet machine they are close, on any machine both
    // are positive and finite.
    EXPECT_GT(run["bytes_per_second"].get<double>(), 0);
    EXPECT_GT(suite["metric"]["value"].get<double>(), 0);
    EXPECT_EQ(suite["params"]["array_bytes"], 1 << 20);
  }
  // Every instance (5 kernels, and triad on 1 thread too) x 2 repetitions.
  EXPECT_EQ(iteration_runs, 2 * json["suite"]["results"].size());
  EXPECT_EQ(json["suite"]["results"].size(), 6u);
}

TEST_F(ResultsFile, SuiteRecordsFingerprintConfigAndEveryInstance) {
  const auto json = nlohmann::json::parse(text_);
  const auto& suite = json["suite"];
  EXPECT_EQ(suite["schema_version"], 1);
  EXPECT_EQ(suite["status"], "ok");
  EXPECT_EQ(suite["counts"]["ok"], 6);
  EXPECT_EQ(suite["results"].size(), 6u);
  EXPECT_EQ(suite["analyses"].size(), 1u);  // triad's sweep
  EXPECT_EQ(suite["errors"].size(), 0u);
  EXPECT_EQ(suite["fingerprint"]["hash"].get<std::string>().size(), 16u);
  EXPECT_GE(suite["topology"]["cores"].get<int>(), 1);
  EXPECT_EQ(suite["config"]["repetitions"], 2);
  EXPECT_EQ(suite["config"]["param_overrides"]["array_bytes"], "1MiB");
  EXPECT_EQ(suite["devices"][0]["id"], "cpu:0");
}

}  // namespace
