#include <accelbench/device.h>
#include <gtest/gtest.h>

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

TEST(DeviceFacts, RoundTripTheFactsThatAreSet) {
  DeviceFacts facts;
  facts.compute_units = 132;
  facts.clock_mhz = 1980.5;
  facts.memory_bytes = std::uint64_t{141} << 30;
  facts.architecture = "9.0";
  facts.peer_access = std::vector<int>{1, 3};
  facts.visible_devices = 4;
  facts.unified_memory = false;
  facts.host_numa_node = 1;
  facts.preferred_vector_widths = std::map<std::string, int>{{"fp32", 4}, {"fp64", 0}};
  const Json json = facts_json(facts);
  EXPECT_EQ(json.size(), 9u);
  EXPECT_EQ(json.at("preferred_vector_widths"), (Json{{"fp32", 4}, {"fp64", 0}}));
  EXPECT_FALSE(json.contains("last_level_cache_bytes"));
  const DeviceFacts back = facts_from_json(json, "device cuda:0");
  EXPECT_EQ(back.compute_units, 132);
  EXPECT_EQ(back.clock_mhz, 1980.5);
  EXPECT_EQ(back.memory_bytes, std::uint64_t{141} << 30);
  EXPECT_EQ(back.architecture, "9.0");
  EXPECT_EQ(back.peer_access, (std::vector<int>{1, 3}));
  EXPECT_EQ(back.visible_devices, 4);
  EXPECT_EQ(back.unified_memory, false);
  EXPECT_EQ(back.host_numa_node, 1);
  EXPECT_EQ(back.preferred_vector_widths, (std::map<std::string, int>{{"fp32", 4}, {"fp64", 0}}));
  EXPECT_FALSE(back.last_level_cache_bytes.has_value());
  EXPECT_EQ(facts_json(back), json);
}

TEST(DeviceFacts, WrongTypesAndUnknownFactsAreRefusedByName) {
  const auto message = [](const Json& json) {
    try {
      facts_from_json(json, "device x:0");
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUsage);
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(message(Json::array()), "device x:0: facts must be an object");
  EXPECT_EQ(message({{"compute_units", "many"}}),
            "device x:0: fact 'compute_units' has the wrong type or range");
  EXPECT_EQ(message({{"compute_units", -1}}),
            "device x:0: fact 'compute_units' has the wrong type or range");
  EXPECT_EQ(message({{"compute_units", 1e12}}),
            "device x:0: fact 'compute_units' has the wrong type or range");
  EXPECT_EQ(message({{"memory_bytes", 1.5}}),
            "device x:0: fact 'memory_bytes' has the wrong type or range");
  EXPECT_EQ(message({{"peer_access", {1, -2}}}),
            "device x:0: fact 'peer_access' has the wrong type or range");
  EXPECT_EQ(message({{"visible_devices", -1}}),
            "device x:0: fact 'visible_devices' has the wrong type or range");
  EXPECT_EQ(message({{"visible_devices", "two"}}),
            "device x:0: fact 'visible_devices' has the wrong type or range");
  EXPECT_EQ(message({{"host_numa_node", 0.5}}),
            "device x:0: fact 'host_numa_node' has the wrong type or range");
  EXPECT_EQ(message({{"preferred_vector_widths", {4, 2}}}),
            "device x:0: fact 'preferred_vector_widths' has the wrong type or range");
  EXPECT_EQ(message({{"preferred_vector_widths", {{"fp32", -4}}}}),
            "device x:0: fact 'preferred_vector_widths' has the wrong type or range");
  EXPECT_EQ(message({{"preferred_vector_widths", {{"fp32", "wide"}}}}),
            "device x:0: fact 'preferred_vector_widths' has the wrong type or range");
  EXPECT_EQ(message({{"gpu", 1}}), "device x:0: fact 'gpu' has the wrong type or range");
  EXPECT_EQ(message({{"sm_count", 132}}), "device x:0: unknown fact 'sm_count'");
}

TEST(DeviceFacts, ARequiredFactThatIsMissingMakesTheInstanceSkipped) {
  Device device{"cuda:0", "cuda", 0, "gpu", {{"sm_count", 132}}, {}};
  try {
    required(device, device.facts.compute_units, "compute units");
    FAIL() << "a missing fact was given a value";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnsupported);
    EXPECT_STREQ(e.what(), "cuda:0 does not report its compute units");
  }
  device.facts.compute_units = 132;
  EXPECT_EQ(required(device, device.facts.compute_units, "compute units"), 132);
}

}  // namespace
}  // namespace accelbench
