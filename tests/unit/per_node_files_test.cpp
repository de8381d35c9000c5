#include "per_node_files.h"

#include <accelbench/error.h>
#include <gtest/gtest.h>

#include <fstream>

#include "compare.h"
#include "json_input.h"

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

Json document(std::optional<std::string> node, int results = 1) {
  Json suite = {{"status", "ok"}, {"results", Json::array()}};
  for (int i = 0; i < results; ++i) suite["results"].push_back({{"name", "r"}});
  if (node) suite["node"] = *node;
  return {{"benchmarks", Json::array()}, {"suite", suite}};
}

TEST(CrossNodeFleet, SortsTheNodesAndKeepsTheRankOrder) {
  const Json fleet = cross_node_fleet({"b", "a"}, {"b", "a", "b"});
  EXPECT_EQ(fleet["role"], "cross-node");
  EXPECT_EQ(fleet["nodes"], Json({"a", "b"}));
  EXPECT_EQ(fleet["rank_nodes"], Json({"b", "a", "b"}));
}

TEST(SingleDocument, IsTheCrossNodeDocumentWithTheNodesSorted) {
  const Json out = single_document(document(std::nullopt), {document("n2"), document("n1")});
  ASSERT_EQ(out["suite"]["nodes"].size(), 2u);
  EXPECT_EQ(out["suite"]["nodes"][0]["suite"]["node"], "n1");
  EXPECT_EQ(out["suite"]["nodes"][1]["suite"]["node"], "n2");
  EXPECT_FALSE(out["suite"].contains("node"));
}

TEST(SingleDocument, WithoutACrossNodePhaseIsTheNodeDocumentItself) {
  const Json out = single_document(std::nullopt, {document("solo")});
  EXPECT_EQ(out["suite"]["node"], "solo");
  EXPECT_FALSE(out["suite"].contains("nodes"));
  EXPECT_THROW(single_document(std::nullopt, {document("a"), document("b")}), std::logic_error);
}

TEST(NodeFilePath, IsTheNodesNameInTheFolder) {
  EXPECT_EQ(node_file_path("out", document("n1")), std::filesystem::path("out/n1.json"));
}

TEST(CrossNodeResults, NoCrossNodeFileWhenNothingCrossNodeWasSelected) {
  EXPECT_TRUE(has_cross_node_results(document(std::nullopt, 1)));
  EXPECT_FALSE(has_cross_node_results(document(std::nullopt, 0)));
}

TEST(FolderFileNames, ANodeNamedLikeTheCrossNodeFileIsAUsageError) {
  EXPECT_EQ(folder_file_names({"a", "b"}, true),
            (std::vector<std::string>{"a.json", "b.json", "cross-node.json"}));
  EXPECT_EQ(folder_file_names({"cross-node"}, false), std::vector<std::string>{"cross-node.json"});
  try {
    folder_file_names({"a", "cross-node"}, true);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_NE(std::string(e.what()).find("'cross-node' would overwrite"), std::string::npos);
  }
}

// The readers (compare, report, fleet) accept a --per-node file and check
// its node documents like the file itself.
class PerNodeFileShape : public ::testing::Test {
 protected:
  void SetUp() override {
    example_ = read_json_file(std::string(ACCELBENCH_SOURCE_DIR) +
                              "/results/examples/dev-vm-quick-subset.json");
  }
  std::string write(const Json& file) {
    const std::string path =
        ::testing::TempDir() + "/per_node_" + std::to_string(counter_++) + ".json";
    std::ofstream(path) << file.dump();
    return path;
  }
  Json node(const std::string& name) const {
    Json out = example_;
    out["suite"]["node"] = name;
    return out;
  }
  Json example_;
  int counter_ = 0;
};

TEST_F(PerNodeFileShape, ACombinedFileIsAResultsFile) {
  Json combined = example_;
  combined["suite"]["fleet"] = cross_node_fleet({"a", "b"}, {"a", "b"});
  combined["suite"]["nodes"] = Json::array({node("a"), node("b")});
  EXPECT_NO_THROW(read_results_file(write(combined)));
}

TEST_F(PerNodeFileShape, ANodeDocumentIsCheckedLikeTheFile) {
  Json combined = example_;
  Json broken = node("a");
  broken["suite"]["results"][0]["status"] = 3;
  combined["suite"]["nodes"] = Json::array({broken});
  try {
    read_results_file(write(combined));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_NE(std::string(e.what()).find("suite.nodes[0].suite.results[0].status is an integer"),
              std::string::npos)
        << e.what();
  }
}

TEST_F(PerNodeFileShape, ANodeDocumentNeedsItsNodeAndHoldsNoNodes) {
  Json combined = example_;
  combined["suite"]["nodes"] = Json::array({example_});
  EXPECT_THROW(read_results_file(write(combined)), Error);
  Json nested = node("a");
  nested["suite"]["nodes"] = Json::array();
  combined["suite"]["nodes"] = Json::array({nested});
  EXPECT_THROW(read_results_file(write(combined)), Error);
  combined["suite"]["nodes"] = Json::array({42});
  EXPECT_THROW(read_results_file(write(combined)), Error);
  combined["suite"]["nodes"] = Json::array({Json::object()});
  EXPECT_THROW(read_results_file(write(combined)), Error);
}

TEST_F(PerNodeFileShape, TheFleetObjectHasItsTypes) {
  Json file = example_;
  file["suite"]["fleet"] = {{"role", "cross-node"}, {"nodes", "a"}, {"rank_nodes", Json::array()}};
  EXPECT_THROW(read_results_file(write(file)), Error);
  file["suite"]["fleet"] = cross_node_fleet({"a"}, {"a"});
  file["suite"]["node"] = 7;
  EXPECT_THROW(read_results_file(write(file)), Error);
}

}  // namespace
}  // namespace accelbench
