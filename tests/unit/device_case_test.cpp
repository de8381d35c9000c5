// The backend kit's DeviceResidentCase and MirroredArray on a stand-in memory
// policy: "device" buffers are host vectors and the queue counts the copies.
#include <accelbench/device_case.h>
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "memory/stream/stream.h"

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

// A result-only buffer: allocated on both sides, nothing uploaded.
TEST(MirroredArray, TheDownloadOnlyConstructorUploadsNothing) {
  CountingQueue queue;
  MirroredArray<HostMemory, int> array(queue, 3);
  EXPECT_EQ(queue.uploads, 0);
  EXPECT_EQ(array.size(), 3u);
  ASSERT_EQ(array.device().size(), 3u);
  array.device() = {4, 5, 6};  // the "device" writes the result
  array.fetch(queue);
  EXPECT_EQ(queue.downloads, 1);
  EXPECT_EQ(std::vector<int>(array.host().begin(), array.host().end()),
            (std::vector<int>{4, 5, 6}));
}

// STREAM's shared device case on HostMemory, with the kernels on the
// "device" vectors as a backend writes them (one pass per iteration). The dot
// writes two partial sums (each half of the arrays); `skip_last` makes a
// kernel leave its last output element alone.
class HostStream final : public stream::DeviceStreamCase<HostMemory> {
 public:
  HostStream(stream::Kernel kernel, const Params& params)
      : DeviceStreamCase(kernel, params, 3 * kArrayBytes) {}

  static constexpr std::int64_t kArrayBytes = 4096;
  void setup() override { allocate_arrays(2); }
  const CountingQueue& counts() { return queue(); }
  bool skip_last = false;

 private:
  double timed_iteration() override {
    using stream::Array;
    using stream::Kernel;
    EXPECT_EQ(passes_per_iteration(), 1);
    auto& a = device(Array::kA);
    auto& b = device(Array::kB);
    auto& c = device(Array::kC);
    const std::size_t n = a.size() - (skip_last ? 1 : 0);
    const double q = stream::kScalar;
    switch (kernel()) {
      case Kernel::kCopy:
        for (std::size_t i = 0; i < n; ++i) c[i] = a[i];
        break;
      case Kernel::kScale:
        for (std::size_t i = 0; i < n; ++i) b[i] = q * c[i];
        break;
      case Kernel::kAdd:
        for (std::size_t i = 0; i < n; ++i) c[i] = a[i] + b[i];
        break;
      case Kernel::kTriad:
        for (std::size_t i = 0; i < n; ++i) a[i] = b[i] + q * c[i];
        break;
      case Kernel::kDot:
        partial_sums() = {0, 0};
        for (std::size_t i = 0; i < n; ++i) partial_sums()[2 * i / a.size()] += a[i] * b[i];
        break;
    }
    return 0.5;
  }
};

Params stream_params() {
  Params params;
  params.set("array_bytes", HostStream::kArrayBytes);
  return params;
}

TEST(DeviceStreamCase, EveryKernelVerifiesAndFetchesOnceAfterTheIterations) {
  for (stream::Kernel kernel : stream::kKernels) {
    SCOPED_TRACE(std::string(stream::kernel_name(kernel)));
    const bool dot = kernel == stream::Kernel::kDot;
    HostStream c(kernel, stream_params());
    c.setup();
    EXPECT_EQ(c.counts().uploads, 3) << "the three arrays, not the partial sums";
    EXPECT_EQ(c.iterate(), 0.5);
    c.iterate();
    EXPECT_EQ(c.counts().downloads, 0);
    EXPECT_EQ(c.verify().outcome, Verification::Outcome::kPassed);
    EXPECT_EQ(c.counts().downloads, dot ? 4 : 3);
    // The output array, or the dot product.
    EXPECT_EQ(c.result_bytes().size(), dot ? sizeof(double) : HostStream::kArrayBytes);
    EXPECT_EQ(c.counts().downloads, dot ? 4 : 3) << "fetched twice";
  }
}

TEST(DeviceStreamCase, AnElementNotWrittenOrABitFlippedFailsVerification) {
  for (stream::Kernel kernel : stream::kKernels) {
    SCOPED_TRACE(std::string(stream::kernel_name(kernel)));
    HostStream skipping(kernel, stream_params());
    skipping.skip_last = true;
    skipping.setup();
    skipping.iterate();
    EXPECT_EQ(skipping.verify().outcome, Verification::Outcome::kFailed);

    HostStream flipped(kernel, stream_params());
    flipped.setup();
    flipped.iterate();
    // The top exponent bit of the first output value (or of the dot product).
    flipped.result_bytes()[sizeof(double) - 1] ^= std::byte{0x40};
    EXPECT_EQ(flipped.verify().outcome, Verification::Outcome::kFailed);
  }
}

}  // namespace
}  // namespace accelbench
