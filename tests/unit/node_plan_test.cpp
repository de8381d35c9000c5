#include "node_plan.h"

#include <accelbench/error.h>
#include <gtest/gtest.h>

namespace accelbench {
namespace {

TEST(NodeName, AcceptsHostLikeNamesUpTo64Characters) {
  EXPECT_TRUE(valid_node_name("node-01.cluster_a"));
  EXPECT_TRUE(valid_node_name(std::string(64, 'n')));
  EXPECT_FALSE(valid_node_name(""));
  EXPECT_FALSE(valid_node_name(std::string(65, 'n')));
  EXPECT_FALSE(valid_node_name("a/b"));
  EXPECT_FALSE(valid_node_name("a b"));
  EXPECT_FALSE(valid_node_name("nöde"));
}

TEST(NodeName, ACheckNamesItsSourceAndTheRule) {
  try {
    check_node_name("bad name", "the host name");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_NE(std::string(e.what()).find("the host name 'bad name' cannot name a node"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("give --node-name"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(check_node_name("n1", "--node-name"));
}

TEST(PlanNodes, GroupsRanksByNodeAndPicksEachNodesFirstRank) {
  const NodePlan plan = plan_nodes({"b", "a", "b", "a", "c"});
  EXPECT_EQ(plan.nodes, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(plan.first_ranks, (std::vector<int>{1, 0, 4}));
  EXPECT_EQ(plan.ranks_of("a"), (std::vector<int>{1, 3}));
  EXPECT_EQ(plan.ranks_of("c"), (std::vector<int>{4}));
  EXPECT_TRUE(plan.runs_node_suite(0));
  EXPECT_TRUE(plan.runs_node_suite(1));
  EXPECT_FALSE(plan.runs_node_suite(2));
  EXPECT_FALSE(plan.runs_node_suite(3));
  EXPECT_TRUE(plan.runs_node_suite(4));
}

TEST(PlanNodes, OneProcessIsOneNode) {
  const NodePlan plan = plan_nodes({"here"});
  EXPECT_EQ(plan.nodes, std::vector<std::string>{"here"});
  EXPECT_TRUE(plan.runs_node_suite(0));
  EXPECT_THROW(plan_nodes({}), Error);
}

TEST(SelectionDigest, CountsAndDigestsTheNamesInOrder) {
  const std::string ab = selection_digest({"a", "b"});
  EXPECT_EQ(ab.rfind("2 benchmark(s), digest ", 0), 0u) << ab;
  EXPECT_NE(ab, selection_digest({"b", "a"}));
  EXPECT_NE(ab, selection_digest({"ab"}));
  EXPECT_EQ(ab, selection_digest({"a", "b"}));
}

TEST(NodeAgreement, DifferentNodesMaySelectDifferentBenchmarks) {
  const NodePlan plan = plan_nodes({"a", "a", "b"});
  EXPECT_NO_THROW(check_node_agreement(plan, {"x", "x", "y"}));
}

TEST(NodeAgreement, RanksOfOneNodeThatDisagreeAreNamed) {
  const NodePlan plan = plan_nodes({"a", "b", "a", "b", "b"});
  try {
    check_node_agreement(plan, {"x", "y", "x", "y", "z"});
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_EQ(e.kind(), ErrorKind::kFailure);
    EXPECT_NE(what.find("the ranks of node b selected different node-local benchmarks"),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("first rank 1 selected y, rank(s) 4 differ (rank 4: z)"), std::string::npos)
        << what;
  }
  EXPECT_THROW(check_node_agreement(plan, {"x"}), Error);
}

}  // namespace
}  // namespace accelbench
