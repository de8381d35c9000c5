// suite.headlines: the best instance over the how-parameters at each point of
// the what-parameters, and what the spec's sweep says to read from sizes.
#include "headlines.h"

#include <gtest/gtest.h>

#include <string>

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

Json result(const std::string& benchmark, const Json& params, double median,
            const std::string& direction = "higher_is_better", const std::string& status = "ok") {
  Json r = {{"benchmark", benchmark},
            {"claim", "interconnect"},
            {"device", "cpu:0"},
            {"params", params},
            {"status", status},
            {"name", benchmark + "/" + params.dump()},
            {"metric", {{"unit", "GB/s"}, {"direction", direction}, {"value", median}}},
            {"statistics", {{"median_ci95", {{"low", median - 1}, {"high", median + 1}}}}}};
  return r;
}

// Specs live in a registry; each definition only carries its spec here.
void add(Registry& registry, const Spec& spec) {
  Definition d;
  d.id = spec.id;
  d.backend = "cpu";
  d.claim = spec.claim;
  d.metric = spec.metric;
  d.spec = &spec;
  d.instances = [](const Device&, Suite) { return std::vector<Params>{}; };
  d.make_case = [](const Device&, const Params&) -> std::unique_ptr<Case> { return nullptr; };
  registry.add(d);
}

Spec spec(const std::string& id, MetricKind metric, std::vector<std::string> parameters,
          std::vector<std::string> how, Sweep sweep) {
  Spec s;
  s.id = id;
  s.claim = Claim::kInterconnect;
  s.link = Link::kMemory;
  s.metric = metric;
  s.parameters = std::move(parameters);
  s.how = std::move(how);
  s.sweep = std::move(sweep);
  return s;
}

TEST(Headlines, BestOverTheHowParametersAtEachWhatPoint) {
  Registry registry;
  const Spec fma = spec("compute/fma", MetricKind::kFlops, {"dtype", "threads"}, {"threads"}, {});
  add(registry, fma);
  const Json results = {
      result("compute/fma", {{"dtype", "fp32"}, {"threads", 1}}, 10),
      result("compute/fma", {{"dtype", "fp32"}, {"threads", 2}}, 19),
      result("compute/fma", {{"dtype", "fp64"}, {"threads", 2}}, 9),
      result("compute/fma", {{"dtype", "fp64"}, {"threads", 1}}, 30, "x", "failed")};
  const Json h = headlines(results, Json::array(), registry);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0]["what"], Json({{"dtype", "fp32"}}));
  EXPECT_EQ(h[0]["kind"], "best");
  EXPECT_EQ(h[0]["value"], 19);
  EXPECT_EQ(h[0]["how"], Json({{"threads", 2}}));
  EXPECT_EQ(h[0]["ci95"], Json({18, 20}));
  EXPECT_EQ(h[0]["instance"], results[1]["name"]);
  EXPECT_EQ(h[1]["value"], 9) << "a failed instance is no evidence";
}

TEST(Headlines, APeakAndTheSmallestSizeReachingNinetyPercentOfIt) {
  Registry registry;
  const Spec copy = spec("link/copy", MetricKind::kBandwidth, {"bytes", "method"}, {"method"},
                         {"bytes", SweepHeadline::kPeak});
  add(registry, copy);
  const Json results = {result("link/copy", {{"bytes", 1024}, {"method", "a"}}, 10),
                        result("link/copy", {{"bytes", 4096}, {"method", "a"}}, 40),
                        result("link/copy", {{"bytes", 4096}, {"method", "b"}}, 91),
                        result("link/copy", {{"bytes", 65536}, {"method", "a"}}, 100),
                        result("link/copy", {{"bytes", 65536}, {"method", "b"}}, 95)};
  const Json h = headlines(results, Json::array(), registry);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0]["kind"], "peak");
  EXPECT_EQ(h[0]["swept"], "bytes");
  EXPECT_EQ(h[0]["value"], 100);
  EXPECT_EQ(h[0]["size"], 65536);
  EXPECT_EQ(h[0]["size_to_90_percent"]["size"], 4096) << "method b reaches 91 at 4 KiB";
  EXPECT_EQ(h[0]["size_to_90_percent"]["how"], Json({{"method", "b"}}));
}

TEST(Headlines, LargestAndSmallestSizesEachBestOverHow) {
  Registry registry;
  const Spec stream = spec("memory/triad", MetricKind::kBandwidth, {"bytes", "threads"},
                           {"threads"}, {"bytes", SweepHeadline::kLargest});
  const Spec ping = spec("link/ping", MetricKind::kLatency, {"bytes", "direction"}, {},
                         {"bytes", SweepHeadline::kSmallest});
  add(registry, stream);
  add(registry, ping);
  const Json results = {
      result("memory/triad", {{"bytes", 1 << 20}, {"threads", 2}}, 300),
      result("memory/triad", {{"bytes", 1 << 30}, {"threads", 1}}, 8),
      result("memory/triad", {{"bytes", 1 << 30}, {"threads", 2}}, 12),
      result("link/ping", {{"bytes", 8}, {"direction", "h2d"}}, 2.5, "lower_is_better"),
      result("link/ping", {{"bytes", 4096}, {"direction", "h2d"}}, 3.5, "lower_is_better"),
      result("link/ping", {{"bytes", 8}, {"direction", "d2h"}}, 2.7, "lower_is_better")};
  const Json h = headlines(results, Json::array(), registry);
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[0]["kind"], "largest");
  EXPECT_EQ(h[0]["value"], 12) << "the memory figure, not the cache's 300";
  EXPECT_EQ(h[1]["what"], Json({{"direction", "h2d"}}));
  EXPECT_EQ(h[1]["kind"], "smallest");
  EXPECT_EQ(h[1]["value"], 2.5);
  EXPECT_EQ(h[2]["what"], Json({{"direction", "d2h"}}));
  EXPECT_EQ(h[2]["value"], 2.7);
}

TEST(Headlines, TheLargestSizeAndTheBestAtEverySizeForALargestCommonSweep) {
  Registry registry;
  Spec gemm = spec("compute/mm", MetricKind::kFlops, {"dtype", "n", "threads"}, {"threads"},
                   {"n", SweepHeadline::kLargestCommon});
  gemm.claim = Claim::kCompute;
  gemm.link = Link::kNone;
  add(registry, gemm);
  const Json results = {result("compute/mm", {{"dtype", "fp32"}, {"n", 256}, {"threads", 1}}, 40),
                        result("compute/mm", {{"dtype", "fp32"}, {"n", 256}, {"threads", 2}}, 70),
                        result("compute/mm", {{"dtype", "fp32"}, {"n", 1024}, {"threads", 2}}, 90)};
  const Json h = headlines(results, Json::array(), registry);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0]["kind"], "largest_common");
  EXPECT_TRUE(h[0]["link"].is_null()) << "a compute benchmark measures no link";
  EXPECT_EQ(h[0]["value"], 90);
  ASSERT_EQ(h[0]["sizes"].size(), 2u);
  EXPECT_EQ(h[0]["sizes"][0]["size"], 256);
  EXPECT_EQ(h[0]["sizes"][0]["value"], 70) << "the best over threads at n = 256";
  EXPECT_EQ(h[0]["sizes"][1]["instance"], results[2]["name"]);
}

TEST(Headlines, MemoryLevelsFromTheAnalysisRangesWithTheirInstances) {
  Registry registry;
  const Spec chase = spec("memory/chase", MetricKind::kLatency, {"working_set_bytes"}, {},
                          {"working_set_bytes", SweepHeadline::kLevels});
  add(registry, chase);
  const Json results = {
      result("memory/chase", {{"working_set_bytes", 4096}}, 1.1, "lower_is_better"),
      result("memory/chase", {{"working_set_bytes", 16384}}, 1.0, "lower_is_better"),
      result("memory/chase", {{"working_set_bytes", 262144}}, 4, "lower_is_better"),
      result("memory/chase", {{"working_set_bytes", 1 << 30}}, 90, "lower_is_better")};
  const Json analyses = {
      {{"benchmark", "memory/chase"},
       {"device", "cpu:0"},
       {"levels",
        {{{"level", "L1d"}, {"working_set_min_bytes", 0}, {"working_set_max_bytes", 24576}},
         {{"level", "L2"}, {"working_set_min_bytes", 98304}, {"working_set_max_bytes", 524288}},
         {{"level", "L3"}, {"working_set_min_bytes", 2097152}, {"working_set_max_bytes", 8388608}},
         {{"level", "DRAM"},
          {"working_set_min_bytes", 33554432},
          {"working_set_max_bytes", nullptr}}}}}};
  const Json h = headlines(results, analyses, registry);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0]["kind"], "levels");
  EXPECT_EQ(h[0]["link"], "memory");
  EXPECT_EQ(h[0]["value"], 90) << "the largest working set";
  const Json& levels = h[0]["levels"];
  ASSERT_EQ(levels.size(), 4u);
  EXPECT_EQ(levels[0]["value"], 1.0) << "the lower median of 1.0 and 1.1";
  EXPECT_EQ(levels[0]["size"], 16384);
  EXPECT_EQ(levels[1]["value"], 4);
  EXPECT_TRUE(levels[2]["value"].is_null()) << "no working set in L3's range";
  EXPECT_EQ(levels[3]["value"], 90);
  EXPECT_EQ(levels[3]["instance"], results[3]["name"]);

  const Json without = headlines(results, Json::array(), registry);
  EXPECT_TRUE(without[0]["levels"].is_null());
  EXPECT_EQ(without[0]["value"], 90);
}

TEST(Headlines, AnUnknownBenchmarkHasEveryParameterAsWhatAndHostileEntriesAreLeftOut) {
  const Registry empty;
  const Json results = {result("x/y", {{"n", 1}}, 5),
                        result("x/y", {{"n", 2}}, 6),
                        Json("not an object"),
                        {{"benchmark", 3}, {"device", "cpu:0"}, {"params", Json::object()}},
                        result("x/y", {{"n", 1}}, 0, "higher_is_better", "ok")};
  Json hostile = results;
  hostile[4]["metric"]["value"] = "fast";
  const Json h = headlines(hostile, Json("not an array"), empty);
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0]["what"], Json({{"n", 1}}));
  EXPECT_EQ(h[1]["what"], Json({{"n", 2}}));
  EXPECT_TRUE(headlines(Json::object(), Json::array(), empty).empty());
}

}  // namespace
}  // namespace accelbench
