// The report's data and escaping: results files are untrusted input.
#include "report.h"

#include <gtest/gtest.h>

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

TEST(Report, ScriptJsonCannotCloseItsScriptElement) {
  const std::string text = json_for_script(Json{{"host", "</script><script>alert(1)</script>&"}});
  EXPECT_EQ(text.find('<'), std::string::npos) << text;
  EXPECT_EQ(text.find('>'), std::string::npos) << text;
  EXPECT_EQ(text.find('&'), std::string::npos) << text;
  EXPECT_EQ(Json::parse(text)["host"], "</script><script>alert(1)</script>&");
}

// A minimal results file: one core-to-core matrix (with its heat map, the
// contract of accelbench/details.h) and a triad size sweep.
Json report_results_file() {
  const Json matrix = Json::array({Json::array({nullptr, 40.0}), Json::array({41.0, nullptr})});
  Json results = Json::array();
  results.push_back({{"name", "interconnect/core_to_core/cpu:0/cores:2"},
                     {"benchmark", "interconnect/core_to_core"},
                     {"claim", "interconnect"},
                     {"device", "cpu:0"},
                     {"params", {{"cores", 2}}},
                     {"status", "ok"},
                     {"metric", {{"unit", "ns"}, {"value", 40.0}}},
                     {"details",
                      {{"matrix_ns", matrix},
                       {"heatmap",
                        {{"title", "core to core"},
                         {"axis", "core"},
                         {"unit", "ns"},
                         {"labels", {"0", "1"}},
                         {"values", matrix}}}}}});
  for (int i = 0; i < 3; ++i) {
    const std::int64_t bytes = std::int64_t{4096} << (4 * i);
    results.push_back({{"name", "memory/stream_triad/cpu:0/array_bytes:" + std::to_string(bytes)},
                       {"benchmark", "memory/stream_triad"},
                       {"claim", "interconnect"},
                       {"device", "cpu:0"},
                       {"params", {{"array_bytes", bytes}, {"threads", 2}}},
                       {"status", "ok"},
                       {"metric", {{"unit", "GB/s"}, {"value", 100.0 / (i + 1)}}}});
  }
  return {{"benchmarks", Json::array()},
          {"suite",
           {{"schema_version", 1},
            {"fingerprint", {{"info", {{"hostname", "h"}}}, {"identity", Json::object()}}},
            {"devices", Json::array()},
            {"results", results},
            {"analyses", Json::array()}}}};
}

TEST(Report, DataHoldsTheMatrixAndTheSizeCurve) {
  const Json data = report_data({{"a.json", report_results_file()}});
  ASSERT_EQ(data["heatmaps"].size(), 1u);
  EXPECT_EQ(data["heatmaps"][0]["values"][1][0], 41.0);
  ASSERT_EQ(data["curves"].size(), 1u);
  const auto& points = data["curves"][0]["series"][0]["points"];
  ASSERT_EQ(points.size(), 3u);
  EXPECT_LT(points[0][0].get<double>(), points[2][0].get<double>());  // sorted by size
  EXPECT_TRUE(data["verdicts"].empty());  // one file: nothing to compare
}

// The report draws a heat map from the contract, whatever the benchmark, and
// leaves out one that breaks it (untrusted input).
TEST(Report, HeatMapsComeFromTheContractNotTheBenchmark) {
  Json file = report_results_file();
  auto& results = file["suite"]["results"];
  results[0]["benchmark"] = "group/any_name";
  Json broken = results[0];
  broken["details"]["heatmap"]["values"] = Json::array({"not a row"});
  results.push_back(broken);
  file["suite"]["analyses"].push_back(
      {{"benchmark", "group/other"},
       {"device", "cpu:0"},
       {"heatmap", {{"title", "pairs"}, {"unit", "GB/s"}, {"values", {{1.0, 2.0}, {3.0, 4.0}}}}}});
  const Json data = report_data({{"a.json", file}});
  ASSERT_EQ(data["heatmaps"].size(), 2u);
  EXPECT_EQ(data["heatmaps"][0]["title"], "core to core, a.json cpu:0");
  EXPECT_EQ(data["heatmaps"][1]["labels"], Json::array({"0", "1"}));
  EXPECT_EQ(data["heatmaps"][1]["unit"], "GB/s");
}

}  // namespace
}  // namespace accelbench
