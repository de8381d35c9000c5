// interconnect/host_device's instances: the headline sweep, every method and
// host memory at the largest size, and only the combinations a backend runs.
#include "interconnect/host_device/host_device.h"

#include <gtest/gtest.h>

namespace accelbench::host_device {
namespace {

Offer two_methods() {
  Offer offer;
  offer.methods = {"copy_engine", "sm_kernel"};
  offer.directions = {Direction::kHostToDevice, Direction::kBidirectional};
  offer.largest_bytes = std::int64_t{1} << 30;
  return offer;
}

int count(const std::vector<Params>& points, const std::string& method) {
  int n = 0;
  for (const auto& p : points) n += p.text("method") == method;
  return n;
}

TEST(HostDevice, TheFullSweepRunsFrom4KiBTo1GiBInEveryDirection) {
  const auto points = sweep(two_methods(), Suite::kFull);
  // Per direction: 4 KiB to 256 MiB by x4 (9 sizes), then 2 methods x 2 memories at 1 GiB.
  EXPECT_EQ(points.size(), 2u * (9 + 4));
  EXPECT_EQ(points.front().integer("transfer_bytes"), 4 << 10);
  EXPECT_EQ(points.back().integer("transfer_bytes"), std::int64_t{1} << 30);
  EXPECT_EQ(count(points, "sm_kernel"), 4);
}

TEST(HostDevice, CombinationsTheBackendDoesNotRunAreLeftOut) {
  Offer offer = two_methods();
  offer.runs = [](const std::string& method, Direction d, HostMemory memory) {
    return method != "sm_kernel" ||
           (memory == HostMemory::kPinned && d != Direction::kBidirectional);
  };
  const auto points = sweep(offer, Suite::kFull);
  ASSERT_EQ(count(points, "sm_kernel"), 1);
  for (const auto& p : points) {
    if (p.text("method") != "sm_kernel") continue;
    EXPECT_EQ(p.text("host_memory"), "pinned");
    EXPECT_EQ(p.text("direction"), "h2d");
  }
  EXPECT_EQ(count(points, "copy_engine"), 2 * (9 + 2));
}

}  // namespace
}  // namespace accelbench::host_device
