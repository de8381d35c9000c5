#include "fingerprint.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

// Every key of `j`, at any depth.
void collect_keys(const Json& j, std::vector<std::string>& keys) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      keys.push_back(key);
      collect_keys(value, keys);
    }
  } else if (j.is_array()) {
    for (const auto& value : j) collect_keys(value, keys);
  }
}

TEST(Fingerprint, TheIdentityHoldsNoMemoryAmountOrOtherFactThatMoves) {
  const Fingerprint f = make_fingerprint({});
  std::vector<std::string> keys;
  collect_keys(f.identity, keys);
  for (const auto& key : keys) {
    EXPECT_EQ(key.find("memory"), std::string::npos) << key;
    EXPECT_EQ(key.find("khz"), std::string::npos) << key;
    EXPECT_EQ(key.find("load"), std::string::npos) << key;
  }
  EXPECT_TRUE(f.identity["numa_nodes"].is_number_unsigned()) << f.identity.dump();
  EXPECT_GE(f.identity["pus"].get<int>(), 1);
  // The amounts are still recorded, as information.
  EXPECT_TRUE(f.info["memory"].contains("numa_node_memory_bytes"));
  EXPECT_TRUE(f.info["memory"].contains("meminfo_total_bytes"));
}

TEST(Fingerprint, TheHashDigestsExactlyTheIdentityAndRepeats) {
  const Device gpu{"cuda:0", "cuda", 0, "Some GPU", Json{{"memory_bytes", 1}}, {}};
  const Fingerprint a = make_fingerprint({gpu});
  EXPECT_EQ(a.hash, fnv1a64_hex(a.identity.dump()));
  EXPECT_EQ(make_fingerprint({gpu}).hash, a.hash);
  EXPECT_EQ(a.identity["devices"], (Json::array({{{"id", "cuda:0"}, {"name", "Some GPU"}}})));
  // Another accelerator model is another machine.
  const Device other{"cuda:0", "cuda", 0, "Other GPU", Json::object(), {}};
  EXPECT_NE(make_fingerprint({other}).hash, a.hash);
}

}  // namespace
}  // namespace accelbench
