// The claims summary a report opens with: the figures it picks from a
// results file's headlines, with their evidence, and the stability counts.
#include "report_summary.h"

#include <gtest/gtest.h>

#include <functional>

#include "report.h"

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

Json result(const std::string& benchmark, const std::string& device, const Json& params,
            const std::string& unit, const std::string& direction, double value,
            const std::string& status = "ok") {
  std::string name = benchmark + "/" + device;
  for (const auto& [key, v] : params.items()) {
    name += "/" + key + ":" + (v.is_string() ? v.get<std::string>() : v.dump());
  }
  const std::string claim = benchmark.rfind("compute/", 0) == 0     ? "compute"
                            : benchmark.rfind("stability/", 0) == 0 ? "stability"
                                                                    : "interconnect";
  return {{"name", name},
          {"benchmark", benchmark},
          {"claim", claim},
          {"device", device},
          {"params", params},
          {"status", status},
          {"metric", {{"unit", unit}, {"direction", direction}, {"value", value}}}};
}

constexpr const char* kHigher = "higher_is_better";
constexpr const char* kLower = "lower_is_better";

// A results file written before suite.headlines: the summary computes them.
Json summary_results_file() {
  Json results = Json::array({
      result("compute/fma_peak", "cpu:0", {{"dtype", "fp64"}, {"isa", "avx2"}, {"threads", 2}},
             "GFLOP/s", kHigher, 100),
      result("compute/fma_peak", "cpu:0", {{"dtype", "fp64"}, {"isa", "avx512"}, {"threads", 2}},
             "GFLOP/s", kHigher, 190),
      result("compute/fma_peak", "cpu:0", {{"dtype", "fp32"}, {"isa", "avx512"}, {"threads", 2}},
             "GFLOP/s", kHigher, 380),
      result("compute/gemm", "cpu:0", {{"dtype", "fp64"}, {"matrix_size", 512}, {"threads", 2}},
             "GFLOP/s", kHigher, 50),
      result("compute/fma_peak", "opencl:0", {{"dtype", "fp32"}, {"vector_width", 8}}, "GFLOP/s",
             kHigher, 150),
      result("memory/stream_triad", "cpu:0", {{"array_bytes", 1 << 20}, {"threads", 2}}, "GB/s",
             kHigher, 90),
      result("memory/stream_triad", "cpu:0", {{"array_bytes", 1 << 28}, {"threads", 2}}, "GB/s",
             kHigher, 20),
      result("memory/stream_copy", "cpu:0", {{"array_bytes", 1 << 28}, {"threads", 2}}, "MB/s",
             kHigher, 15000),
      result("interconnect/core_to_core", "cpu:0", {{"cores", 2}}, "ns", kLower, 40),
      result("interconnect/core_to_core", "cpu:0", {{"cores", 4}}, "ns", kLower, 55, "crashed"),
      result("stability/os_noise", "cpu:0", {{"threads", 2}}, "ns", kLower, 2000),
  });
  results[1]["statistics"] = {{"median", 190}, {"cv", 0.3}, {"unstable", true}};
  const Json analyses = Json::array(
      {{{"benchmark", "compute/fma_peak"},
        {"device", "cpu:0"},
        {"points",
         {{{"dtype", "fp64"}, {"theoretical_gflops", 100}, {"theoretical_basis", "avx2"}},
          {{"dtype", "fp64"}, {"theoretical_gflops", 200}, {"theoretical_basis", "avx512"}}}}}});
  return {{"benchmarks", Json::array()},
          {"suite",
           {{"fingerprint", {{"info", Json::object()}, {"identity", Json::object()}}},
            {"results", results},
            {"analyses", analyses}}}};
}

const Json* find(const Json& list, const std::function<bool(const Json&)>& match) {
  for (const auto& entry : list) {
    if (match(entry)) return &entry;
  }
  return nullptr;
}

TEST(ClaimsSummary, ComputeIsTheBestPerDataTypeWithTheTheoreticalPeakWhereTheFileHasIt) {
  const Json s = claims_summary("a.json", summary_results_file());
  const Json* fp64 = find(s["compute"], [](const Json& f) {
    return f["device"] == "cpu:0" && f["dtype"] == "fp64" && f["benchmark"] == "compute/fma_peak";
  });
  ASSERT_NE(fp64, nullptr) << s["compute"].dump(1);
  EXPECT_EQ((*fp64)["value"], 190.0);  // the best over isa
  EXPECT_EQ((*fp64)["instance"], "compute/fma_peak/cpu:0/dtype:fp64/isa:avx512/threads:2");
  EXPECT_TRUE((*fp64)["best_of_type"].get<bool>());
  // Of the highest theoretical peak the analysis computed for fp64.
  EXPECT_DOUBLE_EQ((*fp64)["percent_of_theoretical"].get<double>(), 95.0);
  EXPECT_EQ((*fp64)["theoretical_basis"], "avx512");
  const Json* gemm = find(s["compute"], [](const Json& f) {
    return f["dtype"] == "fp64" && f["benchmark"] == "compute/gemm";
  });
  ASSERT_NE(gemm, nullptr);
  EXPECT_FALSE((*gemm)["best_of_type"].get<bool>());
  EXPECT_DOUBLE_EQ((*gemm)["percent_of_theoretical"].get<double>(), 25.0);
  // No theoretical peak known for fp32, nor for the OpenCL device: no percentage.
  for (const auto& f : s["compute"]) {
    if (f["dtype"] == "fp32") {
      EXPECT_FALSE(f.contains("percent_of_theoretical")) << f.dump();
    }
  }
  EXPECT_NE(find(s["compute"], [](const Json& f) { return f["device"] == "opencl:0"; }), nullptr);
}

TEST(ClaimsSummary, LinksHoldTheBestBandwidthAndLowestLatencyOfTheirOkInstances) {
  const Json s = claims_summary("a.json", summary_results_file());
  const Json* memory = find(s["links"], [](const Json& l) { return l["link"] == "memory"; });
  ASSERT_NE(memory, nullptr) << s["links"].dump(1);
  // At the largest size: 20 GB/s (stream_triad) beats 15000 MB/s (stream_copy).
  EXPECT_EQ((*memory)["bandwidth"]["benchmark"], "memory/stream_triad");
  EXPECT_EQ((*memory)["bandwidth"]["value"], 20.0);
  EXPECT_EQ((*memory)["bandwidth"]["size"], 1 << 28);
  EXPECT_TRUE((*memory)["latency"].is_null());
  const Json* core = find(s["links"], [](const Json& l) { return l["link"] == "core-core"; });
  ASSERT_NE(core, nullptr);
  EXPECT_EQ((*core)["title"], "core<->core");
  EXPECT_EQ((*core)["latency"]["value"], 40.0);
  EXPECT_EQ((*core)["latency"]["instance"], "interconnect/core_to_core/cpu:0/cores:2");
}

TEST(ClaimsSummary, AHeadlineWhoseInstanceIsNotOkIsLeftOut) {
  Json file = summary_results_file();
  file["suite"]["headlines"] =
      Json::array({{{"benchmark", "interconnect/core_to_core"},
                    {"device", "cpu:0"},
                    {"claim", "interconnect"},
                    {"link", "core-core"},
                    {"unit", "ns"},
                    {"direction", kLower},
                    {"what", {{"cores", 4}}},
                    {"kind", "best"},
                    {"value", 55.0},
                    {"instance", "interconnect/core_to_core/cpu:0/cores:4"},  // crashed
                    {"ci95", nullptr},
                    {"how", Json::object()}}});
  const Json s = claims_summary("a.json", file);
  EXPECT_TRUE(s["links"].empty()) << s["links"].dump(1);
  EXPECT_TRUE(s["compute"].empty());  // the file's headlines, not recomputed
}

TEST(ClaimsSummary, StabilityCountsAndNamesItsEvidence) {
  const Json s = claims_summary("a.json", summary_results_file())["stability"];
  EXPECT_EQ(s["counts"]["crashed"], 1);
  EXPECT_EQ(s["counts"]["unstable"], 1);
  EXPECT_EQ(s["problems_total"], 2);
  const Json* crashed = find(s["problems"], [](const Json& p) {
    return p["instance"] == "interconnect/core_to_core/cpu:0/cores:4";
  });
  ASSERT_NE(crashed, nullptr) << s.dump(1);
  EXPECT_EQ((*crashed)["problem"], "crashed");
  ASSERT_EQ(s["figures"].size(), 1u);
  EXPECT_EQ(s["figures"][0]["benchmark"], "stability/os_noise");
}

TEST(ClaimsSummary, ASoakNamesItsWorstDriftAndThrottling) {
  const Json soak = {{"soak",
                      {{"benchmarks",
                        {{{"name", "memory/stream_copy/cpu:0"},
                          {"analysis",
                           {{"verdict", "stable"},
                            {"mismatches", 0},
                            {"drift_percent_per_hour", {{"theil_sen", -1.5}}},
                            {"throttle_share", 0.0}}}},
                         {{"name", "compute/fma_peak/cpu:0"},
                          {"analysis",
                           {{"verdict", "unstable"},
                            {"mismatches", 0},
                            {"drift_percent_per_hour", {{"theil_sen", -8.0}}},
                            {"throttle_share", 0.25}}}}}}}}};
  const Json s = claims_summary("soak.json", soak);
  EXPECT_EQ(s["kind"], "soak");
  EXPECT_EQ(s["stability"]["counts"]["unstable"], 1);
  EXPECT_EQ(s["stability"]["soak"]["drift"]["instance"], "compute/fma_peak/cpu:0");
  EXPECT_EQ(s["stability"]["soak"]["drift"]["percent_per_hour"], -8.0);
  EXPECT_EQ(s["stability"]["soak"]["throttle"]["share"], 0.25);
}

// Size sweeps: the caches of the file's topology at the size whose working
// set fills them, where the file says how the size makes a working set.
TEST(Report, CachesAreMarkedWhereTheFileSaysWhatTheSizeMeans) {
  Json file = summary_results_file();
  file["suite"]["topology"] = {
      {"caches",
       {{{"name", "L1d"}, {"size_bytes", 49152}}, {{"name", "L1i"}, {"size_bytes", 32768}}}}};
  const auto triad = [](const Json& data) {
    return find(data["curves"],
                [](const Json& c) { return c["title"] == "memory/stream_triad (GB/s)"; });
  };
  const Json unexplained = report_data({{"a.json", file}});
  ASSERT_NE(triad(unexplained), nullptr);
  EXPECT_TRUE((*triad(unexplained))["x_bytes"].get<bool>());
  EXPECT_TRUE((*triad(unexplained))["marks"].empty());  // no analysis: array_bytes means nothing
  file["suite"]["analyses"].push_back({{"benchmark", "memory/stream_triad"},
                                       {"device", "cpu:0"},
                                       {"working_set", "3 arrays x array_bytes"}});
  const Json explained = report_data({{"a.json", file}});
  const Json& marks = (*triad(explained))["marks"];
  ASSERT_EQ(marks.size(), 1u) << marks.dump();  // not the instruction cache
  EXPECT_EQ(marks[0]["x"], 16384.0);
  EXPECT_EQ(marks[0]["label"], "L1d 48 KiB / 3 arrays");
}

TEST(Report, ASingleRowIsNoMatrix) {
  Json file = summary_results_file();
  file["suite"]["analyses"].push_back(
      {{"benchmark", "interconnect/numa_bandwidth"},
       {"device", "cpu:0"},
       {"heatmap", {{"title", "one node"}, {"unit", "GB/s"}, {"values", {{30.0}}}}}});
  EXPECT_TRUE(report_data({{"a.json", file}})["heatmaps"].empty());
}

}  // namespace
}  // namespace accelbench
