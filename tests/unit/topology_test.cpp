// hwloc's view: where a PCI device sits (the GPU's NUMA affinity uses it).
#include <accelbench/topology.h>
#include <gtest/gtest.h>

namespace accelbench {
namespace {

TEST(Topology, APciDeviceHasTheCpusAndNodesOfItsParent) {
  const auto& topology = host_topology();
  const auto json = topology.to_json();
  if (json["pci_devices"].empty()) GTEST_SKIP() << "hwloc reports no PCI device here";
  const std::string bus_id = json["pci_devices"][0]["bus_id"].get<std::string>();
  const auto locality = topology.pci_locality(bus_id);
  ASSERT_TRUE(locality.is_object()) << bus_id;
  EXPECT_FALSE(locality["cpus"].get<std::string>().empty());
  EXPECT_FALSE(locality["numa_nodes"].get<std::string>().empty());
}

TEST(Topology, AnUnknownPciDeviceHasNoLocality) {
  EXPECT_TRUE(host_topology().pci_locality("00ff:ff:1f.7").is_null());
}

TEST(Topology, TheFirstNumaNodeOfALocality) {
  using Json = nlohmann::ordered_json;
  EXPECT_EQ(first_numa_node(Json{{"cpus", "0-7"}, {"numa_nodes", "1-2"}}), 1);
  EXPECT_EQ(first_numa_node(Json{{"numa_nodes", "3,5"}}), 3);
  EXPECT_EQ(first_numa_node(Json{{"numa_nodes", ""}}), std::nullopt);
  EXPECT_EQ(first_numa_node(Json{{"numa_nodes", "x"}}), std::nullopt);
  EXPECT_EQ(first_numa_node(Json(nullptr)), std::nullopt);  // hwloc does not place the device
  EXPECT_EQ(first_numa_node(Json("unknown: no PCI bus id")), std::nullopt);
}

}  // namespace
}  // namespace accelbench
