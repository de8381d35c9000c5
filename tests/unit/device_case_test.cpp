// The backend kit's DeviceResidentCase and MirroredArray on a stand-in memory
// policy: "device" buffers are host vectors and the queue counts the copies.
#include <accelbench/device_case.h>
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

namespace accelbench {
namespace {

struct CountingQueue {
  int uploads = 0;
  int downloads = 0;
};

// MirroredArray's memory policy on host memory.
struct HostMemory {
  using Queue = CountingQueue;
  template <class T>
  using Buffer = std::vector<T>;
  template <class T>
  static Buffer<T> allocate(Queue&, std::size_t count) {
    return Buffer<T>(count);
  }
  template <class T>
  static void upload(Queue& queue, Buffer<T>& buffer, std::span<const T> host) {
    ++queue.uploads;
    std::copy(host.begin(), host.end(), buffer.begin());
  }
  template <class T>
  static void download(Queue& queue, const Buffer<T>& buffer, std::span<T> host) {
    ++queue.downloads;
    std::copy(buffer.begin(), buffer.end(), host.begin());
  }
};

// Element i starts at i; every iteration adds 1 to each element on the
// "device", so after k iterations the result is i + k.
class CountingCase final : public DeviceResidentCase {
 public:
  CountingCase() : values_(queue_, 4, [](std::size_t i) { return static_cast<double>(i); }) {}

  Work work() const override { return {}; }
  const CountingQueue& queue() const { return queue_; }

 private:
  double timed_iteration() override {
    for (double& value : values_.device()) value += 1;
    ++iterations_;
    return 0.25;
  }
  void fetch_result() override { values_.fetch(queue_); }
  Verification check_mirror() override {
    const std::span<const double> host = values_.host();
    return check_elements(
        host, [this](std::uint64_t i) { return static_cast<double>(i + iterations_); }, 0,
        "element i vs i + iterations");
  }
  std::span<std::byte> mirror_bytes() override { return values_.host_bytes(); }

  CountingQueue queue_;
  MirroredArray<HostMemory, double> values_;
  std::uint64_t iterations_ = 0;
};

TEST(DeviceResidentCase, FetchesOnceAfterAnIterationAndAgainAfterTheNext) {
  CountingCase c;
  EXPECT_EQ(c.iterate(), 0.25);  // the timed iteration's device seconds
  EXPECT_EQ(c.queue().downloads, 0) << "an iteration fetched the result";
  EXPECT_EQ(c.verify().outcome, Verification::Outcome::kPassed);
  EXPECT_EQ(c.result_bytes().size(), 4 * sizeof(double));
  EXPECT_EQ(c.verify().outcome, Verification::Outcome::kPassed);
  EXPECT_EQ(c.queue().downloads, 1) << "verify/result_bytes fetched more than once";

  c.iterate();
  c.iterate();
  // result_bytes first this time: it fetches, verify does not again.
  EXPECT_EQ(c.result_bytes().size(), 4 * sizeof(double));
  EXPECT_EQ(c.queue().downloads, 2) << "a new iteration did not make the mirror stale";
  // The mirror holds i + 3: a stale one (i + 1) would fail.
  EXPECT_EQ(c.verify().outcome, Verification::Outcome::kPassed);
  EXPECT_EQ(c.queue().downloads, 2);
}

TEST(DeviceResidentCase, BitsFlippedThroughResultBytesAreSeenByVerify) {
  CountingCase c;
  c.iterate();
  const std::span<std::byte> bytes = c.result_bytes();
  ASSERT_EQ(bytes.size(), 4 * sizeof(double));
  // Element 2 (3.0) becomes 3.0 with its lowest mantissa bit flipped.
  bytes[2 * sizeof(double)] ^= std::byte{1};
  const Verification v = c.verify();
  EXPECT_EQ(v.outcome, Verification::Outcome::kFailed) << "verify re-fetched over the flip";
  EXPECT_EQ(v.mismatches, 1u);
  EXPECT_EQ(c.queue().downloads, 1);
}

TEST(MirroredArray, UploadsTheInitialValuesAndFetchCopiesBack) {
  CountingQueue queue;
  MirroredArray<HostMemory, int> array(queue, 3, [](std::size_t i) { return 10 * int(i) + 1; });
  EXPECT_EQ(queue.uploads, 1);
  EXPECT_EQ(array.size(), 3u);
  EXPECT_EQ(array.device(), (std::vector<int>{1, 11, 21}));
  EXPECT_EQ(std::vector<int>(array.host().begin(), array.host().end()),
            (std::vector<int>{1, 11, 21}));
  EXPECT_EQ(array.host_bytes().size(), 3 * sizeof(int));
  EXPECT_EQ(static_cast<void*>(array.host_bytes().data()), static_cast<void*>(array.host().data()));

  array.device()[1] = 7;
  EXPECT_EQ(array.host()[1], 11) << "the mirror changed without a fetch";
  array.fetch(queue);
  EXPECT_EQ(queue.downloads, 1);
  EXPECT_EQ(std::vector<int>(array.host().begin(), array.host().end()),
            (std::vector<int>{1, 7, 21}));
}

}  // namespace
}  // namespace accelbench
