// Pointer chase on a CUDA device: one thread follows the random cycle through
// device memory; each 64-byte line holds, in its first 4-byte word, the word
// offset of the next line. The position stays on the device between
// iterations; an iteration is one kernel of kDeviceLoads loads, timed with
// events behind a held stream (cuda/held_stream.h: the kernel's device time
// alone).
#include <accelbench/device_case.h>
#include <accelbench/offset_ring.h>
#include <accelbench/random_data.h>

#include <vector>

#include "cuda/cuda_runtime.h"
#include "cuda/held_stream.cuh"
#include "cuda/pointer_chase.h"

namespace accelbench::cuda {
namespace {

template <ChaseLoads kLoads>
__global__ void chase(const unsigned* __restrict__ lines, unsigned long long* position,
                      unsigned loads) {
  unsigned p = static_cast<unsigned>(*position);
  for (unsigned i = 0; i < loads; ++i) {
    p = kLoads == ChaseLoads::kUncached ? __ldcv(lines + p) : lines[p];
  }
  *position = p;
}

class CudaChase final : public DeviceResidentCase {
 public:
  CudaChase(const Device& device, int ring_owner, std::size_t nodes, ChaseLoads loads)
      : device_(device), ring_owner_(ring_owner), n_(nodes), loads_kind_(loads) {}

  Work work() const override { return offset_chase_work(); }

  void setup() override {
    use_device(device_);
    if (ring_owner_ != device_.index) {
      enable_peer_access(device_.index, ring_owner_);
      ACCELBENCH_CUDA_CHECK(cudaSetDevice(ring_owner_));
    }
    order_ = random_cycle(n_, kChaseSeed);
    const std::vector<std::uint32_t> lines = offset_ring(order_);
    lines_ = DeviceBuffer<unsigned>(lines.size());
    ACCELBENCH_CUDA_CHECK(
        cudaMemcpy(lines_.get(), lines.data(), lines_.bytes(), cudaMemcpyHostToDevice));
    // The ring's upload (legacy stream, perhaps on the peer) is done before
    // the chase runs on this device's non-blocking stream.
    ACCELBENCH_CUDA_CHECK(cudaDeviceSynchronize());
    ACCELBENCH_CUDA_CHECK(cudaSetDevice(device_.index));
    stream_.create();
    hold_.prepare({loads_kind_ == ChaseLoads::kUncached
                       ? reinterpret_cast<const void*>(&chase<ChaseLoads::kUncached>)
                       : reinterpret_cast<const void*>(&chase<ChaseLoads::kCached>)});
    // The start, on this device, uploaded on the chase's stream.
    position_ = Position(stream_, 1, [this](std::size_t) { return offset_after(order_, 0); });
    ACCELBENCH_CUDA_CHECK(cudaDeviceSynchronize());
  }

  nlohmann::ordered_json placement() const override {
    return {{"device", device_.name},
            {"threads", 1},
            {"memory_of", "cuda:" + std::to_string(ring_owner_)},
            {"loads", loads_kind_ == ChaseLoads::kUncached ? "uncached (ld.global.cv)" : "cached"}};
  }

 private:
  using Position = MirroredArray<Memory, unsigned long long>;

  double timed_iteration() override {
    const cudaStream_t s = stream_.get();
    const double seconds = hold_.time(s, events_, 1, [&] {
      if (loads_kind_ == ChaseLoads::kUncached) {
        chase<ChaseLoads::kUncached><<<1, 1, 0, s>>>(lines_.get(), position(), kDeviceLoads);
      } else {
        chase<ChaseLoads::kCached><<<1, 1, 0, s>>>(lines_.get(), position(), kDeviceLoads);
      }
    });
    loads_ += kDeviceLoads;
    return seconds;
  }

  // The final offset back from the device; untimed.
  void fetch_result() override { position_.fetch(stream_); }

  Verification check_mirror() override {
    const auto expected = static_cast<double>(offset_after(order_, loads_));
    Verification v = check_scalar(static_cast<double>(position_.host()[0]), expected, 0,
                                  "final offset of the chase vs the cycle order");
    v.elements_checked = 1;
    return v;
  }

  std::span<std::byte> mirror_bytes() override { return position_.host_bytes(); }

  unsigned long long* position() { return position_.device().get(); }

  Device device_;
  int ring_owner_;
  std::size_t n_;
  ChaseLoads loads_kind_;
  std::vector<std::uint32_t> order_;
  DeviceBuffer<unsigned> lines_;
  EventPair events_;
  Stream stream_;
  HeldStream hold_;
  Position position_;
  std::uint64_t loads_ = 0;
};

}  // namespace

std::unique_ptr<Case> make_pointer_chase(const Device& device, int ring_owner, std::size_t nodes,
                                         ChaseLoads loads) {
  return std::make_unique<CudaChase>(device, ring_owner, nodes, loads);
}

}  // namespace accelbench::cuda
