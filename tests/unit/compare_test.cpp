#include "compare.h"

#include <accelbench/error.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <random>

#include "stats.h"

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

struct ComparedRun {
  std::string name, benchmark, metric;  // metric: "bandwidth" or "latency"
  std::string status = "ok";
  std::vector<std::vector<double>> seconds;  // per repetition
};

// A minimal results file with what compare reads.
Json results_file(const std::string& hash, const std::vector<ComparedRun>& instances) {
  Json runs = Json::array(), results = Json::array();
  for (const auto& i : instances) {
    const bool bandwidth = i.metric == "bandwidth";
    results.push_back({{"name", i.name}, {"benchmark", i.benchmark}, {"status", i.status}});
    for (const auto& repetition : i.seconds) {
      runs.push_back({{"run_type", "iteration"},
                      {"suite",
                       {{"name", i.name},
                        {"metric",
                         {{"name", i.metric},
                          {"unit", bandwidth ? "GB/s" : "ns"},
                          {"direction", bandwidth ? "higher_is_better" : "lower_is_better"}}},
                        {"work",
                         {{"bytes_per_iteration", bandwidth ? 1e9 : 0.0},
                          {"flops_per_iteration", 0.0},
                          {"operations_per_iteration", bandwidth ? 0.0 : 1.0}}},
                        {"samples", {{"seconds_per_iteration", repetition}}}}}});
    }
  }
  return {
      {"benchmarks", runs},
      {"suite", {{"schema_version", 1}, {"fingerprint", {{"hash", hash}}}, {"results", results}}}};
}

// `repetitions` runs of `per_run` iteration times around `seconds`, 1% noise.
std::vector<std::vector<double>> timings(double seconds, int repetitions, int per_run,
                                         std::uint64_t seed) {
  std::mt19937_64 generator(seed);
  std::normal_distribution<double> noise(1.0, 0.01);
  std::vector<std::vector<double>> out(static_cast<std::size_t>(repetitions));
  for (auto& run : out) {
    for (int k = 0; k < per_run; ++k) run.push_back(seconds * noise(generator));
  }
  return out;
}

std::string verdict(const CompareResult& r, const std::string& name) {
  for (const auto& row : r.rows) {
    if (row.name == name) return row.verdict;
  }
  return "(absent)";
}

TEST(Compare, AFileAgainstItselfIsNoChange) {
  const Json a =
      results_file("h", {{"memory/x/cpu:0", "memory/x", "bandwidth", "ok", timings(1, 5, 20, 1)}});
  const auto r = compare_results(a, a, {});
  EXPECT_EQ(verdict(r, "memory/x/cpu:0"), "NO CHANGE");
  EXPECT_EQ(r.exit_code(), 0);
}

TEST(Compare, ShiftsAreFoundInTheRightDirectionForBandwidthAndTime) {
  const auto base = results_file(
      "h", {{"memory/bw/cpu:0", "memory/bw", "bandwidth", "ok", timings(1, 5, 20, 1)},
            {"memory/lat/cpu:0", "memory/lat", "latency", "ok", timings(1e-7, 5, 20, 2)}});
  // Times x 1.1: bandwidth down 9%, latency up 10%: both worse.
  const auto slower = results_file(
      "h", {{"memory/bw/cpu:0", "memory/bw", "bandwidth", "ok", timings(1.1, 5, 20, 3)},
            {"memory/lat/cpu:0", "memory/lat", "latency", "ok", timings(1.1e-7, 5, 20, 4)}});
  const auto worse = compare_results(base, slower, {});
  EXPECT_EQ(verdict(worse, "memory/bw/cpu:0"), "REGRESSION");
  EXPECT_EQ(verdict(worse, "memory/lat/cpu:0"), "REGRESSION");
  EXPECT_EQ(worse.exit_code(), 1);
  // Times x 0.9: both better.
  const auto faster = results_file(
      "h", {{"memory/bw/cpu:0", "memory/bw", "bandwidth", "ok", timings(0.9, 5, 20, 5)},
            {"memory/lat/cpu:0", "memory/lat", "latency", "ok", timings(0.9e-7, 5, 20, 6)}});
  const auto better = compare_results(base, faster, {});
  EXPECT_EQ(verdict(better, "memory/bw/cpu:0"), "IMPROVEMENT");
  EXPECT_EQ(verdict(better, "memory/lat/cpu:0"), "IMPROVEMENT");
  EXPECT_EQ(better.exit_code(), 0);
  // 1% slower, inside the 5% threshold.
  const auto small = results_file(
      "h", {{"memory/bw/cpu:0", "memory/bw", "bandwidth", "ok", timings(1.01, 5, 20, 7)},
            {"memory/lat/cpu:0", "memory/lat", "latency", "ok", timings(1.01e-7, 5, 20, 8)}});
  for (const auto& row : compare_results(base, small, {}).rows) {
    EXPECT_TRUE(row.verdict == "NO CHANGE" || row.verdict == "INCONCLUSIVE") << row.verdict;
  }
}

// The threshold is the one of the result's compare class (which the spec
// declares); a file written before the field falls back on the id's group.
TEST(Compare, ThresholdComesFromTheCompareClassOrTheGroupOfAnOldFile) {
  Json file = results_file(
      "h", {{"compute/a/cpu:0", "compute/a", "bandwidth", "ok", timings(1, 5, 20, 1)},
            {"memory/b/cpu:0", "memory/b", "bandwidth", "ok", timings(1, 5, 20, 2)},
            {"comm/c/mpi:0", "comm/c", "bandwidth", "ok", timings(1, 5, 20, 3)},
            {"interconnect/d/cpu:0", "interconnect/d", "bandwidth", "ok", timings(1, 5, 20, 4)}});
  const auto thresholds = [](const CompareResult& r) {
    std::map<std::string, double> out;
    for (const auto& row : r.rows) out[row.benchmark] = row.threshold;
    return out;
  };
  CompareOptions options;
  options.threshold_compute = 0.01;
  options.threshold_memory = 0.02;
  options.threshold_interconnect = 0.03;
  const auto old = thresholds(compare_results(file, file, options));
  EXPECT_EQ(old.at("compute/a"), 0.01);
  EXPECT_EQ(old.at("memory/b"), 0.02);
  EXPECT_EQ(old.at("comm/c"), 0.03);
  EXPECT_EQ(old.at("interconnect/d"), 0.03);
  auto& results = file["suite"]["results"];
  results[0]["compare_class"] = "interconnect";
  results[1]["compare_class"] = "compute";
  results[2]["compare_class"] = "memory";
  const auto declared = thresholds(compare_results(file, file, options));
  EXPECT_EQ(declared.at("compute/a"), 0.03);
  EXPECT_EQ(declared.at("memory/b"), 0.01);
  EXPECT_EQ(declared.at("comm/c"), 0.02);
  EXPECT_EQ(declared.at("interconnect/d"), 0.03);
}

TEST(Compare, OneRepetitionPerSideCanOnlyBeALikelyRegression) {
  const auto base = results_file(
      "h", {{"memory/bw/cpu:0", "memory/bw", "bandwidth", "ok", timings(1, 1, 50, 1)}});
  const auto next = results_file(
      "h", {{"memory/bw/cpu:0", "memory/bw", "bandwidth", "ok", timings(1.2, 1, 50, 2)}});
  const auto r = compare_results(base, next, {});
  EXPECT_EQ(verdict(r, "memory/bw/cpu:0"), "LIKELY REGRESSION");
  EXPECT_EQ(r.rows[0].basis, "iterations");
  EXPECT_EQ(r.exit_code(), 0);
}

TEST(Compare, FailedInvalidOrMissingInNewFailTheGateAndAreNeverImprovements) {
  const auto base =
      results_file("h", {{"memory/a/cpu:0", "memory/a", "bandwidth", "ok", timings(1, 5, 20, 1)},
                         {"memory/b/cpu:0", "memory/b", "bandwidth", "ok", timings(1, 5, 20, 2)},
                         {"memory/c/cpu:0", "memory/c", "bandwidth", "ok", timings(1, 5, 20, 3)}});
  const auto next = results_file(
      "h", {{"memory/a/cpu:0", "memory/a", "bandwidth", "invalid", timings(0.5, 5, 20, 4)},
            {"memory/b/cpu:0", "memory/b", "bandwidth", "crashed", {}}});
  const auto r = compare_results(base, next, {});
  EXPECT_EQ(r.gate_failures.size(), 3u);                // a invalid, b crashed, c missing
  EXPECT_EQ(verdict(r, "memory/a/cpu:0"), "(absent)");  // twice as fast, but wrong
  EXPECT_EQ(r.exit_code(), 1);
}

TEST(Compare, DifferentMachinesAreRefusedUnlessAllowed) {
  const auto a =
      results_file("h1", {{"memory/x/cpu:0", "memory/x", "bandwidth", "ok", timings(1, 5, 20, 1)}});
  const auto b =
      results_file("h2", {{"memory/x/cpu:0", "memory/x", "bandwidth", "ok", timings(1, 5, 20, 1)}});
  EXPECT_THROW(compare_results(a, b, {}), Error);
  CompareOptions allow;
  allow.allow_different_machines = true;
  EXPECT_EQ(compare_results(a, b, allow).rows.size(), 1u);
}

// The results entries of `file` with their device and parameters, as a run
// writes them (results_file leaves them out).
Json on_device(Json file, const std::string& device, const std::vector<Json>& params) {
  auto& results = file["suite"]["results"];
  for (std::size_t i = 0; i < results.size(); ++i) {
    results[i]["device"] = device;
    results[i]["params"] = params.at(i);
  }
  return file;
}

TEST(Compare, DevicesPairTwoPlatformsByBenchmarkAndParameters) {
  const auto base = on_device(
      results_file(
          "h1",
          {{"memory/x/cuda:0/dtype:fp32", "memory/x", "bandwidth", "ok", timings(1, 5, 20, 1)},
           {"memory/x/cuda:0/dtype:fp64", "memory/x", "bandwidth", "ok", timings(1, 5, 20, 2)}}),
      "cuda:0", {{{"dtype", "fp32"}}, {{"dtype", "fp64"}}});
  const auto next = on_device(
      results_file(
          "h2",
          {{"memory/x/ascend:0/dtype:fp32", "memory/x", "bandwidth", "ok", timings(2, 5, 20, 3)},
           {"memory/x/ascend:0/dtype:fp16", "memory/x", "bandwidth", "ok", timings(1, 5, 20, 4)}}),
      "ascend:0", {{{"dtype", "fp32"}}, {{"dtype", "fp16"}}});
  CompareOptions options;
  options.allow_different_machines = true;
  // Without --devices the names share nothing: said once, naming the option.
  const auto unpaired = compare_results(base, next, options);
  ASSERT_FALSE(unpaired.gate_failures.empty());
  EXPECT_NE(unpaired.gate_failures.front().find("--devices"), std::string::npos);

  options.base_device = "cuda:0";
  options.new_device = "ascend:0";
  const auto r = compare_results(base, next, options);
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].name, "memory/x/dtype:fp32");
  EXPECT_EQ(r.rows[0].verdict, "REGRESSION");  // half the bandwidth
  EXPECT_TRUE(r.gate_failures.empty());        // a type one platform lacks is no failure
  EXPECT_EQ(r.unpaired, (std::vector<std::string>{"memory/x/dtype:fp64: only in BASE (cuda:0)",
                                                  "memory/x/dtype:fp16: only in NEW (ascend:0)"}));
  EXPECT_EQ(r.devices, "cuda:0 vs ascend:0");
  EXPECT_EQ(r.exit_code(), 1);

  // One backend on both sides: a missing instance is still a gate failure.
  const auto other_gpu = on_device(results_file("h2", {{"memory/x/cuda:1/dtype:fp32", "memory/x",
                                                        "bandwidth", "ok", timings(1, 5, 20, 5)}}),
                                   "cuda:1", {{{"dtype", "fp32"}}});
  options.new_device = "cuda:1";
  const auto same = compare_results(base, other_gpu, options);
  EXPECT_EQ(same.gate_failures, (std::vector<std::string>{"memory/x/dtype:fp64: missing in NEW"}));
  EXPECT_TRUE(same.unpaired.empty());

  // A device without runs in its file is bad input.
  options.new_device = "ascend:7";
  EXPECT_THROW(compare_results(base, next, options), Error);
}

TEST(Compare, AnEmptyNewFailsTheGate) {
  const auto base =
      results_file("h", {{"memory/a/cpu:0", "memory/a", "bandwidth", "ok", timings(1, 5, 20, 1)}});
  const auto empty = results_file("h", {});
  for (const auto& r : {compare_results(base, empty, {}), compare_results(empty, empty, {})}) {
    ASSERT_FALSE(r.gate_failures.empty());
    EXPECT_EQ(r.gate_failures.front(), "NEW has no benchmarks");
    EXPECT_EQ(r.exit_code(), 1);
    EXPECT_EQ(failure_summary(r).rfind("compare: FAIL: NEW has no benchmarks", 0), 0u)
        << failure_summary(r);
  }
}

TEST(Compare, AnOkRunWithoutSamplesFailsTheGateOnEitherSide) {
  const auto with =
      results_file("h", {{"memory/a/cpu:0", "memory/a", "bandwidth", "ok", timings(1, 5, 20, 1)},
                         {"memory/b/cpu:0", "memory/b", "bandwidth", "ok", timings(1, 5, 20, 2)}});
  const auto without =
      results_file("h", {{"memory/a/cpu:0", "memory/a", "bandwidth", "ok", timings(1, 5, 20, 1)},
                         {"memory/b/cpu:0", "memory/b", "bandwidth", "ok", {}}});
  const auto in_new = compare_results(with, without, {});
  EXPECT_EQ(in_new.gate_failures,
            std::vector<std::string>{"memory/b/cpu:0: ok in NEW but without samples"});
  EXPECT_EQ(in_new.exit_code(), 1);
  const auto in_base = compare_results(without, with, {});
  EXPECT_EQ(in_base.gate_failures,
            std::vector<std::string>{"memory/b/cpu:0: ok in BASE but without samples"});
  EXPECT_EQ(in_base.exit_code(), 1);
  EXPECT_EQ(compare_results(with, with, {}).exit_code(), 0);
  EXPECT_EQ(failure_summary(compare_results(with, with, {})), "");
}

TEST(Compare, ComparingNothingFailsTheGate) {
  const auto skipped =
      results_file("h", {{"memory/a/cpu:0", "memory/a", "bandwidth", "skipped", {}}});
  const auto r = compare_results(skipped, skipped, {});
  EXPECT_TRUE(r.rows.empty());
  ASSERT_EQ(r.gate_failures.size(), 1u);
  EXPECT_NE(r.gate_failures[0].find("nothing compared"), std::string::npos);
  EXPECT_EQ(r.exit_code(), 1);
}

TEST(Compare, NonPositiveOrNonFiniteSampleTimesAreBadInputNamingFileAndBenchmark) {
  for (const double bad : {0.0, -1e-3, std::numeric_limits<double>::infinity()}) {
    const auto file =
        results_file("h", {{"memory/a/cpu:0", "memory/a", "bandwidth", "ok", {{1e-3, bad, 1e-3}}}});
    try {
      check_sample_times(file, "new.json");
      ADD_FAILURE() << bad << " accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUsage);
      const std::string message = e.what();
      EXPECT_EQ(message.rfind("new.json: memory/a/cpu:0: sample time", 0), 0u) << message;
    }
  }
  Json text_sample =
      results_file("h", {{"memory/a/cpu:0", "memory/a", "bandwidth", "ok", {{1e-3}}}});
  text_sample["benchmarks"][0]["suite"]["samples"]["seconds_per_iteration"][0] = "1e-3";
  EXPECT_THROW(check_sample_times(text_sample, "t.json"), Error);
  EXPECT_NO_THROW(check_sample_times(
      results_file("h", {{"memory/a/cpu:0", "memory/a", "bandwidth", "ok", timings(1, 2, 5, 1)}}),
      "ok.json"));
}

TEST(BenjaminiHochberg, KnownVector) {
  const std::vector<double> p{0.01, 0.04, 0.03, 0.20};
  const auto adjusted = stats::benjamini_hochberg(p);
  // Sorted: 0.01 (rank 1), 0.03 (2), 0.04 (3), 0.20 (4); p * m / rank, then the
  // running minimum from the largest rank down.
  EXPECT_DOUBLE_EQ(adjusted[3], 0.20);            // 0.20 * 4 / 4
  EXPECT_DOUBLE_EQ(adjusted[1], 0.04 * 4 / 3.0);  // 0.0533
  EXPECT_DOUBLE_EQ(adjusted[2], 0.04 * 4 / 3.0);  // min(0.03 * 4 / 2 = 0.06, 0.0533)
  EXPECT_DOUBLE_EQ(adjusted[0], 0.04);            // 0.01 * 4 / 1
}

// scipy.stats.mannwhitneyu (python3-scipy) on the same samples.
TEST(MannWhitneyU, AgreesWithScipy) {
  const std::vector<std::pair<std::vector<double>, std::vector<double>>> cases{
      {{1.1, 2.2, 3.3, 4.4}, {5.5, 6.6, 7.7}},                              // exact, separated
      {{1.0, 5.0, 2.0, 8.0, 3.0}, {4.0, 6.0, 7.0, 0.5, 9.0}},               // exact, mixed
      {{1, 2, 2, 3, 3, 3, 4, 5, 6, 7}, {2, 3, 4, 4, 5, 6, 6, 7, 8, 9, 9}},  // ties: asymptotic
  };
  std::vector<double> big_a, big_b;
  std::mt19937_64 generator(7);
  std::normal_distribution<double> normal(0, 1);
  for (int i = 0; i < 40; ++i) big_a.push_back(normal(generator));
  for (int i = 0; i < 35; ++i) big_b.push_back(normal(generator) + 0.4);
  auto all = cases;
  all.emplace_back(big_a, big_b);

  const auto script = std::filesystem::temp_directory_path() / "accelbench_mwu.py";
  const auto output = std::filesystem::temp_directory_path() / "accelbench_mwu.txt";
  {
    std::ofstream py(script);
    py << "from scipy.stats import mannwhitneyu\ncases = [\n";
    for (const auto& [a, b] : all) {
      py << " (" << Json(a).dump() << ", " << Json(b).dump() << "),\n";
    }
    py << "]\nfor a, b in cases:\n    r = mannwhitneyu(a, b)\n    print(repr(r.statistic), "
          "repr(r.pvalue))\n";
  }
  const std::string command = "/usr/bin/python3 " + script.string() + " > " + output.string();
  ASSERT_EQ(std::system(command.c_str()), 0) << "needs python3-scipy";
  std::ifstream in(output);
  for (const auto& [a, b] : all) {
    double u = 0, p = 0;
    ASSERT_TRUE(in >> u >> p);
    const auto ours = stats::mann_whitney_u(a, b);
    EXPECT_DOUBLE_EQ(ours.u, u);
    EXPECT_NEAR(ours.p_value, p, 1e-12 + 1e-9 * p);
  }
  std::filesystem::remove(script);
  std::filesystem::remove(output);
}

}  // namespace
}  // namespace accelbench
