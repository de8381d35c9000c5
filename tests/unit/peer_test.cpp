// interconnect/peer's instances: every other device, or one "none" instance
// that is skipped with "one device".
#include "interconnect/peer/peer.h"

#include <gtest/gtest.h>

namespace accelbench::peer {
namespace {

TEST(Peer, EveryOtherDeviceInEveryDirection) {
  const auto points = sweep(1, 3, 1 << 20);
  ASSERT_EQ(points.size(), 12u);  // peers 0 and 2, two methods, three directions each
  EXPECT_EQ(points.front().text("peer"), "0");
  EXPECT_EQ(peer_index(points.back()), 2);
}

TEST(Peer, OneDeviceIsSkippedWithTheReason) {
  const auto points = sweep(0, 1, 1 << 20);
  ASSERT_EQ(points.size(), 1u);
  try {
    peer_index(points.front());
    FAIL() << "a peer on a single device";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnsupported);
    EXPECT_NE(std::string(e.what()).find("one device"), std::string::npos);
  }
}

TEST(Peer, ReadLatencyInThePeersCacheAndBeyondItOnEveryPeer) {
  const auto points = read_latency_points(0, 3);
  ASSERT_EQ(points.size(), 4u);
  EXPECT_EQ(peer_index(points[0]), 1);
  EXPECT_EQ(points[0].integer("working_set_bytes"), 1 << 20);
  EXPECT_EQ(points[1].integer("working_set_bytes"), 256 << 20);
  EXPECT_EQ(peer_index(points[3]), 2);
  EXPECT_EQ(read_latency_points(0, 1).front().text("peer"), "none");
}

TEST(Peer, BidirectionalCountsBothDirections) {
  EXPECT_EQ(work(Direction::kBidirectional, 1000, 4).bytes, 8000);
  EXPECT_EQ(work(Direction::kWrite, 1000, 4).bytes, 4000);
}

}  // namespace
}  // namespace accelbench::peer
