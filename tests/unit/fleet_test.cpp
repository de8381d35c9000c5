// accelbench fleet: the robust statistics, each rule, the rules file (JSON,
// YAML and its errors), the inputs (folders, fleet files, duplicates) and the
// exit code.
#include "fleet.h"

#include <accelbench/error.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "fleet_output.h"
#include "json_input.h"
#include "stats.h"

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

struct Result {
  std::string name = "memory/stream_copy/cpu:0/array_bytes:1024";
  double value = 100;
  std::string status = "ok";
  bool higher_is_better = true;
  bool unstable = false;
  std::uint64_t mismatches = 0;
  Json telemetry = nullptr;
  Json details = nullptr;
};

// A node document with what fleet reads, in the shape the strict loader checks.
Json node_document(const std::vector<Result>& results, const std::string& node = "") {
  Json list = Json::array();
  for (const auto& r : results) {
    Json entry = {
        {"benchmark", r.name.substr(0, r.name.find('/', r.name.find('/') + 1))},
        {"status", r.status},
        {"name", r.name},
        {"metric",
         {{"name", "bandwidth"},
          {"unit", r.higher_is_better ? "GB/s" : "ns"},
          {"direction", r.higher_is_better ? "higher_is_better" : "lower_is_better"},
          {"value", r.value}}},
        {"statistics",
         {{"unstable", r.unstable},
          {"unstable_reasons", r.unstable ? Json::array({"CV 0.3 above 0.1"}) : Json::array()}}},
        {"verification",
         {{"outcome", r.mismatches ? "failed" : "passed"}, {"mismatches", r.mismatches}}}};
    if (r.status != "ok") entry["metric"].erase("value");
    if (!r.telemetry.is_null()) entry["telemetry"] = r.telemetry;
    if (!r.details.is_null()) entry["details"] = r.details;
    list.push_back(entry);
  }
  Json suite = {{"schema_version", 1}, {"fingerprint", {{"hash", "h"}}}, {"results", list}};
  if (!node.empty()) suite["node"] = node;
  return {{"context", Json::object()}, {"benchmarks", Json::array()}, {"suite", suite}};
}

class FleetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("accelbench-fleet-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write_text(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path.string();
  }
  std::string write(const std::string& name, const Json& document) {
    return write_text(name, document.dump());
  }

  // Eight nodes of one benchmark: seven at 100 +- 1% and node "bad" at
  // `bad_value`; the median is 100 whatever bad's value.
  FleetInputs fleet_with(double bad_value, Result bad = {}) {
    FleetInputs inputs;
    const double clean[] = {99, 99.5, 100, 100, 100, 100.5, 101};
    for (int i = 0; i < 7; ++i) {
      Result r;
      r.value = clean[i];
      inputs.nodes.push_back(
          summarize_node(node_document({r}), "n" + std::to_string(i), "n" + std::to_string(i)));
    }
    bad.value = bad_value;
    inputs.nodes.push_back(summarize_node(node_document({bad}), "bad", "bad"));
    return inputs;
  }

  fs::path dir_;
};

const NodeDiagnosis& node_of(const FleetDiagnosis& d, const std::string& name) {
  for (const auto& n : d.nodes) {
    if (n.name == name) return n;
  }
  throw std::runtime_error("no node " + name);
}

std::vector<std::string> rules_broken(const FleetDiagnosis& d, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& f : node_of(d, name).findings) out.push_back(f.rule);
  return out;
}

using Names = std::vector<std::string>;

TEST(FleetStatistics, MedianAndMad) {
  EXPECT_DOUBLE_EQ(stats::median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(stats::median({4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(stats::median({7}), 7);
  EXPECT_THROW(stats::median({}), std::invalid_argument);
  const std::vector<double> values = {1, 2, 3, 4, 100};
  // |x - 3| = 2 1 0 1 97: median 1.
  EXPECT_DOUBLE_EQ(stats::median_absolute_deviation(values, 3), 1);
}

TEST_F(FleetTest, DeviationAndRobustZAreSignedSoThatNegativeIsWorse) {
  const auto d = diagnose_fleet(fleet_with(50), default_fleet_rules(), std::nullopt);
  ASSERT_EQ(d.instances.size(), 1u);
  EXPECT_DOUBLE_EQ(d.instances[0].median, 100);  // the middle two of eight values
  const auto& bad = node_of(d, "bad");
  ASSERT_TRUE(bad.deviations[0].has_value());
  EXPECT_NEAR(*bad.deviations[0]->percent, -50, 1e-9);
  EXPECT_LT(*bad.deviations[0]->robust_z, -10);
  // Lower is better: a larger latency is worse, so negative too.
  Result slow_latency;
  slow_latency.higher_is_better = false;
  FleetInputs inputs = fleet_with(200, slow_latency);
  for (auto& node : inputs.nodes) {
    for (auto& f : node.instances) {
      f.higher_is_better = false;
      f.unit = "ns";
    }
  }
  const auto latency = diagnose_fleet(inputs, default_fleet_rules(), std::nullopt);
  EXPECT_NEAR(*node_of(latency, "bad").deviations[0]->percent, -100, 1e-9);
  EXPECT_EQ(node_of(latency, "bad").health, NodeHealth::kDefective);
  EXPECT_EQ(latency.nodes.front().name, "bad");  // defective first
}

TEST_F(FleetTest, BelowFleetMedianHasSeverityByDistance) {
  const auto rules = default_fleet_rules();
  EXPECT_EQ(rules_broken(diagnose_fleet(fleet_with(50), rules, std::nullopt), "bad"),
            (Names{"slower_than_fleet", "much_slower_than_fleet"}));
  const auto mild = diagnose_fleet(fleet_with(80), rules, std::nullopt);
  EXPECT_EQ(rules_broken(mild, "bad"), (Names{"slower_than_fleet"}));
  EXPECT_EQ(node_of(mild, "bad").health, NodeHealth::kSuspect);
  EXPECT_EQ(mild.exit_code(), 0);
  const auto faster = diagnose_fleet(fleet_with(300), rules, std::nullopt);
  EXPECT_EQ(node_of(faster, "bad").health, NodeHealth::kHealthy);
  for (const auto& n : mild.nodes) {
    if (n.name != "bad") {
      EXPECT_EQ(n.health, NodeHealth::kHealthy) << n.name;
    }
  }
}

TEST_F(FleetTest, TheRobustZGuardKeepsAWidelySpreadBenchmarkQuiet) {
  // A benchmark that spreads 40% across the fleet: 60% of the median is not
  // beyond its ordinary spread.
  FleetInputs inputs;
  const double values[] = {60, 70, 80, 90, 100, 110, 120, 130, 140};
  for (int i = 0; i < 9; ++i) {
    Result r;
    r.value = values[i];
    inputs.nodes.push_back(summarize_node(node_document({r}), "f", "n" + std::to_string(i)));
  }
  const auto d = diagnose_fleet(inputs, default_fleet_rules(), std::nullopt);
  EXPECT_EQ(d.count(NodeHealth::kHealthy), 9u);
  EXPECT_GT(*node_of(d, "n0").deviations[0]->robust_z, -3.5);
}

TEST_F(FleetTest, TooFewNodesAreNotComparedWithTheirMedian) {
  FleetInputs inputs;
  for (double v : {100.0, 10.0}) {
    Result r;
    r.value = v;
    inputs.nodes.push_back(
        summarize_node(node_document({r}), "f", "n" + std::to_string(static_cast<int>(v))));
  }
  EXPECT_EQ(diagnose_fleet(inputs, default_fleet_rules(), std::nullopt).exit_code(), 0);
}

TEST_F(FleetTest, BelowBaseline) {
  Result reference;
  reference.value = 200;
  const std::string path = write("base.json", node_document({reference}));
  const Baseline baseline = read_baseline(path);
  const auto d = diagnose_fleet(fleet_with(100), default_fleet_rules(), baseline);
  // Every node is half the baseline: the whole fleet regressed.
  EXPECT_EQ(d.count(NodeHealth::kDefective), 8u);
  const auto& evidence = node_of(d, "n0").findings.front().evidence.front();
  EXPECT_EQ(node_of(d, "n0").findings.front().rule, "slower_than_baseline");
  EXPECT_DOUBLE_EQ(*evidence.baseline, 200);
  EXPECT_NEAR(*evidence.deviation_percent, -50.5, 1e-9);
}

TEST_F(FleetTest, UnstableCountsWhereTheFleetIsStable) {
  Result unstable;
  unstable.unstable = true;
  auto d = diagnose_fleet(fleet_with(100, unstable), default_fleet_rules(), std::nullopt);
  EXPECT_EQ(rules_broken(d, "bad"), (Names{"unstable"}));
  EXPECT_EQ(node_of(d, "bad").health, NodeHealth::kSuspect);
  // Unstable on most nodes: the benchmark's nature, not the node's.
  FleetInputs everywhere = fleet_with(100, unstable);
  for (auto& node : everywhere.nodes) node.instances[0].unstable = true;
  d = diagnose_fleet(everywhere, default_fleet_rules(), std::nullopt);
  EXPECT_EQ(d.count(NodeHealth::kHealthy), 8u);
}

TEST_F(FleetTest, VerificationAndStatusesAreDefective) {
  Result flipped;
  flipped.mismatches = 3;
  flipped.status = "invalid";
  auto d = diagnose_fleet(fleet_with(100, flipped), default_fleet_rules(), std::nullopt);
  EXPECT_EQ(rules_broken(d, "bad"), (Names{"verification"}));
  EXPECT_EQ(d.exit_code(), 1);
  for (const char* status : {"failed", "crashed", "timeout"}) {
    Result broken;
    broken.status = status;
    d = diagnose_fleet(fleet_with(100, broken), default_fleet_rules(), std::nullopt);
    EXPECT_EQ(rules_broken(d, "bad"), (Names{"failed_runs"})) << status;
    EXPECT_EQ(node_of(d, "bad").health, NodeHealth::kDefective);
  }
  Result skipped;
  skipped.status = "skipped";
  d = diagnose_fleet(fleet_with(100, skipped), default_fleet_rules(), std::nullopt);
  EXPECT_EQ(node_of(d, "bad").health, NodeHealth::kHealthy);
}

Json readings(const Json& named) { return {{"samples", 10}, {"readings", named}}; }

TEST_F(FleetTest, CounterDeltasDuringRuns) {
  Result corrected;
  corrected.telemetry = readings(
      {{"nvml.gpu0.ecc_corrected", {{"min", 5}, {"max", 9}, {"before", 5}, {"after", 9}}},
       {"nvml.gpu0.temperature_c", {{"min", 40}, {"max", 80}, {"before", 40}, {"after", 80}}}});
  auto d = diagnose_fleet(fleet_with(100, corrected), default_fleet_rules(), std::nullopt);
  ASSERT_EQ(rules_broken(d, "bad"), (Names{"corrected_errors"}));
  const Evidence& e = node_of(d, "bad").findings[0].evidence[0];
  EXPECT_EQ(e.counter, "nvml.gpu0.ecc_corrected");
  EXPECT_DOUBLE_EQ(*e.counter_delta, 4);
  EXPECT_EQ(node_of(d, "bad").health, NodeHealth::kSuspect);

  Result uncorrected;  // an older file: min and max only
  uncorrected.telemetry = readings({{"nvml.gpu1.ecc_uncorrected", {{"min", 0}, {"max", 1}}}});
  d = diagnose_fleet(fleet_with(100, uncorrected), default_fleet_rules(), std::nullopt);
  EXPECT_EQ(rules_broken(d, "bad"), (Names{"uncorrectable_errors"}));
  EXPECT_EQ(d.exit_code(), 1);

  Result still;  // a counter that did not move
  still.telemetry = readings({{"nvml.gpu0.pcie_replays", {{"before", 7}, {"after", 7}}}});
  d = diagnose_fleet(fleet_with(100, still), default_fleet_rules(), std::nullopt);
  EXPECT_EQ(node_of(d, "bad").health, NodeHealth::kHealthy);
}

TEST_F(FleetTest, ThrottleShare) {
  Result throttled;  // SW power cap (0x4)
  throttled.telemetry = readings({{"nvml.gpu0.clock_event_reasons", {{"min", 4}, {"max", 4}}}});
  auto d = diagnose_fleet(fleet_with(100, throttled), default_fleet_rules(), std::nullopt);
  EXPECT_EQ(rules_broken(d, "bad"), (Names{"throttled"}));
  Result idle;  // GPU idle (0x1) is not a slowdown
  idle.telemetry = readings({{"nvml.gpu0.clock_event_reasons", {{"min", 1}, {"max", 1}}}});
  d = diagnose_fleet(fleet_with(100, idle), default_fleet_rules(), std::nullopt);
  EXPECT_EQ(node_of(d, "bad").health, NodeHealth::kHealthy);
}

TEST_F(FleetTest, StragglerRanksAreAttributedThroughRankNodes) {
  std::vector<std::string> files;
  for (int i = 0; i < 4; ++i) {
    Result r;
    files.push_back(write("node" + std::to_string(i) + ".json",
                          node_document({r}, "node" + std::to_string(i))));
  }
  Json ranks = Json::array();
  for (int rank = 0; rank < 4; ++rank) {
    ranks.push_back(
        {{"rank", rank}, {"host", "h"}, {"last_by_10_percent_fraction", rank == 2 ? 0.9 : 0.03}});
  }
  Result collective;
  collective.name = "comm/allreduce/mpi:0/message_bytes:1024";
  collective.details = {
      {"stragglers", {{"ranks", ranks}, {"persistent_straggler", {{"rank", 2}, {"host", "h"}}}}}};
  Json cross = node_document({collective});
  cross["suite"]["fleet"] = {{"role", "cross-node"},
                             {"nodes", {"node0", "node1", "node2", "node3"}},
                             {"rank_nodes", {"node3", "node0", "node1", "node2"}}};
  files.push_back(write("cross-node.json", cross));
  const auto inputs = read_fleet_inputs(files);
  EXPECT_EQ(inputs.nodes.size(), 4u);
  EXPECT_EQ(inputs.cross_node_sources.size(), 1u);
  const auto d = diagnose_fleet(inputs, default_fleet_rules(), std::nullopt);
  EXPECT_EQ(rules_broken(d, "node1"), (Names{"straggler"}));  // rank 2 ran on node1
  EXPECT_EQ(d.count(NodeHealth::kHealthy), 3u);
}

TEST_F(FleetTest, InputsFromFoldersAndFleetFiles) {
  Result r;
  write("dir/a.json", node_document({r}));
  write("dir/b.json", node_document({r}, "named-b"));
  write_text("dir/a.json.journal", "not an input");
  write_text("dir/notes.txt", "not an input");
  auto inputs = read_fleet_inputs({(dir_ / "dir").string()});
  ASSERT_EQ(inputs.nodes.size(), 2u);
  EXPECT_EQ(inputs.nodes[0].name, "a");        // the file's name
  EXPECT_EQ(inputs.nodes[1].name, "named-b");  // suite.node

  Json fleet_file = node_document({});
  fleet_file["suite"]["fleet"] = {
      {"role", "cross-node"}, {"nodes", {"x", "y"}}, {"rank_nodes", {"x", "y"}}};
  fleet_file["suite"]["nodes"] = {node_document({r}, "x"), node_document({r}, "y")};
  inputs = read_fleet_inputs({write("fleet.json", fleet_file)});
  ASSERT_EQ(inputs.nodes.size(), 2u);
  EXPECT_EQ(inputs.nodes[1].name, "y");
  EXPECT_NE(inputs.nodes[1].source.find("suite.nodes[1]"), std::string::npos);
  EXPECT_EQ(inputs.cross_node_sources.size(), 1u);
}

std::string usage_message(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    return e.what();
  }
  return "(no error)";
}

TEST_F(FleetTest, BadInputsAreUsageErrors) {
  Result r;
  const std::string a = write("one/n.json", node_document({r}));
  const std::string b = write("two/n.json", node_document({r}));
  std::string message = usage_message([&] { read_fleet_inputs({a, b}); });
  EXPECT_NE(message.find(a), std::string::npos) << message;
  EXPECT_NE(message.find(b), std::string::npos) << message;
  fs::create_directories(dir_ / "empty");
  EXPECT_NE(usage_message([&] {
              read_fleet_inputs({(dir_ / "empty").string()});
            }).find("without *.json files"),
            std::string::npos);
  EXPECT_NE(usage_message([&] {
              read_fleet_inputs({(dir_ / "missing.json").string()});
            }).find("missing.json"),
            std::string::npos);
  EXPECT_NE(
      usage_message([&] { read_fleet_inputs({write_text("bad.json", "{nope")}); }).find("not JSON"),
      std::string::npos);
  EXPECT_NE(usage_message([&] {
              read_fleet_inputs({write("name.json", node_document({r}, "a b"))});
            }).find("suite.node"),
            std::string::npos);
  Json bad_telemetry = node_document({r});
  bad_telemetry["suite"]["results"][0]["telemetry"] =
      readings({{"nvml.gpu0.ecc_corrected", {{"before", "1"}, {"after", 2}}}});
  EXPECT_NE(usage_message([&] {
              read_fleet_inputs({write("t.json", bad_telemetry)});
            }).find("readings.nvml.gpu0.ecc_corrected.before is a string, want a number"),
            std::string::npos);
  Json only_cross = node_document({});
  only_cross["suite"]["fleet"] = {
      {"role", "cross-node"}, {"nodes", Json::array()}, {"rank_nodes", Json::array()}};
  EXPECT_NE(usage_message([&] {
              read_fleet_inputs({write("c.json", only_cross)});
            }).find("no node document"),
            std::string::npos);
}

TEST(FleetRules, TheDefaultsRoundTripAndMatchTheExampleFile) {
  const FleetRules defaults = default_fleet_rules();
  const Json json = fleet_rules_json(defaults);
  const FleetRules again = parse_fleet_rules(json.dump(), false, "x");
  EXPECT_EQ(fleet_rules_json(again), json);
  const FleetRules example =
      read_fleet_rules(ACCELBENCH_SOURCE_DIR "/results/examples/fleet-rules.example.json");
  EXPECT_EQ(fleet_rules_json(example), json);
  const FleetRules yaml =
      read_fleet_rules(ACCELBENCH_SOURCE_DIR "/results/examples/fleet-rules.example.yaml");
  EXPECT_EQ(fleet_rules_json(yaml), json);
}

TEST(FleetRules, YamlAndJsonSayTheSame) {
  const std::string yaml = R"(# a comment
rules:
  - rule: below_fleet_median
    severity: defective
    percent: 20
    min_robust_z: 4
  - {rule: counter_delta, severity: suspect, counters: [pcie_replays], min_delta: 10}
  - rule: status
    severity: defective
    name: "crashes"
    statuses: [crashed]
)";
  const FleetRules rules = parse_fleet_rules(yaml, true, "r.yaml");
  ASSERT_EQ(rules.rules.size(), 3u);
  EXPECT_EQ(rules.rules[0].kind, RuleKind::kBelowFleetMedian);
  EXPECT_DOUBLE_EQ(rules.rules[0].percent, 20);
  EXPECT_DOUBLE_EQ(rules.rules[0].min_robust_z, 4);
  EXPECT_EQ(rules.rules[0].severity, Severity::kDefective);
  EXPECT_EQ(rules.rules[1].counters, (Names{"pcie_replays"}));
  EXPECT_DOUBLE_EQ(rules.rules[1].min_delta, 10);
  EXPECT_EQ(rules.rules[2].name, "crashes");
  EXPECT_EQ(rules.rules[2].statuses, (Names{"crashed"}));
  const FleetRules json = parse_fleet_rules(fleet_rules_json(rules).dump(), false, "r.json");
  EXPECT_EQ(fleet_rules_json(json), fleet_rules_json(rules));
}

TEST(FleetRules, ErrorsNameTheKey) {
  const auto error = [](const std::string& text, bool yaml = false) {
    return usage_message([&] { parse_fleet_rules(text, yaml, "r"); });
  };
  const std::pair<std::string, std::string> cases[] = {
      {R"({"rules": [{"rule": "unstable", "severity": "suspect", "percnt": 3}]})",
       "r: rules[0]: \"percnt\" is not a key of rule unstable"},
      {R"({"rules": [{"rule": "below_fleet_median", "severity": "suspect", "percent": "ten"}]})",
       "r: rules[0].percent is a string, want a number"},
      {R"({"rules": [{"rule": "below_fleet_median", "severity": "suspect", "percent": 150}]})",
       "r: rules[0].percent must be a number from 0.001 to 100, not 150"},
      {R"({"rules": [{"rule": "below_fleet_median", "severity": "suspect", "min_nodes": 2.5}]})",
       "rules[0].min_nodes must be an integer"},
      {R"({"rules": [{"rule": "fast", "severity": "suspect"}]})",
       "rules[0].rule \"fast\" is not a rule"},
      {R"({"rules": [{"rule": "unstable", "severity": "bad"}]})",
       "rules[0].severity must be suspect or defective"},
      {R"({"rules": [{"rule": "unstable"}]})", "rules[0].severity is missing"},
      {R"({"rules": [{"rule": "counter_delta", "severity": "suspect"}]})", "needs \"counters\""},
      {R"({"rules": [{"rule": "counter_delta", "severity": "suspect", "counters": ["ecc"]}]})",
       "rules[0].counters[0] \"ecc\" is not one of"},
      {R"({"rules": [{"rule": "status", "severity": "suspect", "statuses": ["ok"]}]})",
       "rules[0].statuses[0] \"ok\" is not one of"},
      {R"({"rules": []})", "rules must have 1 to 1000 entries"},
      {R"({"rule": []})", "\"rule\" is not a key of a rules file"},
      {R"([])", "must be an object"},
      {R"({"rules": [{"rule": "unstable", "severity": "suspect", "rule": "x"}]})", "appears twice"},
      {"{", "not JSON"},
      {R"({"rules": [{"rule": "unstable", "severity": "suspect", "name": "a b"}]})",
       "rules[0].name must be 1 to 64 of"},
  };
  for (const auto& [text, want] : cases) {
    const std::string message = error(text);
    EXPECT_NE(message.find(want), std::string::npos) << text << "\n  -> " << message;
  }
  // YAML: a quoted number is a string; a bad document names its line.
  EXPECT_NE(
      error("rules:\n  - {rule: below_fleet_median, severity: suspect, percent: \"10\"}\n", true)
          .find("rules[0].percent is a string"),
      std::string::npos);
  EXPECT_NE(error("rules: [\n  - x: {\n", true).find("r: not YAML at line"), std::string::npos);
  EXPECT_NE(error("rules:\n  - rule: unstable\n    rule: unstable\n    severity: suspect\n", true)
                .find("appears twice"),
            std::string::npos);
  // A billion laughs: aliases expanded are bounded.
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'k'; ++c) {
    const char prev = static_cast<char>(c - 1);
    bomb += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" +
            prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev +
            ", *" + prev + "]\n";
  }
  EXPECT_NE(error(bomb, true).find("values (aliases expanded)"), std::string::npos);
  EXPECT_NE(error(std::string(100, '[') + std::string(100, ']'), true).find("r: "),
            std::string::npos);
}

TEST_F(FleetTest, OutputsCarryTheSameFindings) {
  const auto d = diagnose_fleet(fleet_with(10), default_fleet_rules(), std::nullopt);
  std::ostringstream text, markdown, json;
  print_fleet(text, d, "text");
  print_fleet(markdown, d, "markdown");
  print_fleet(json, d, "json");
  EXPECT_EQ(text.str().rfind("# fleet: 1 defective, 0 suspect, 7 healthy of 8 nodes", 0), 0u)
      << text.str();
  EXPECT_NE(text.str().find("bad  DEFECTIVE"), std::string::npos);
  EXPECT_NE(text.str().find("much_slower_than_fleet (defective):"), std::string::npos);
  EXPECT_NE(markdown.str().find("| bad | defective |"), std::string::npos) << markdown.str();
  const Json parsed = Json::parse(json.str());
  EXPECT_EQ(parsed["summary"]["defective"], 1);
  EXPECT_EQ(parsed["nodes"][0]["node"], "bad");
  EXPECT_EQ(parsed["nodes"][0]["findings"][1]["evidence"][0]["fleet_median"], 100);
  EXPECT_NEAR(parsed["nodes"][0]["deviation_percent"][0].get<double>(), -90, 1e-9);
}

}  // namespace
}  // namespace accelbench
