// Pointer chase on a CUDA device: one thread follows the random cycle through
// device memory; each 64-byte line holds, in its first 4-byte word, the word
// offset of the next line. For memory/latency the loads go through L1 and L2
// as ordinary loads (the working sets sweep 4 KiB to 4 × L2, so the plateaus
// are L1, L2 and HBM). The position stays on the device between iterations;
// an iteration is one kernel of 65 536 loads, timed with events.
#include <accelbench/random_data.h>

#include <vector>

#include "cuda/cuda_runtime.h"
#include "latency.h"
#include "latency_cuda.h"

namespace accelbench::latency {
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

class CudaChase final : public Case {
 public:
  CudaChase(const Device& device, int ring_owner, std::size_t nodes, ChaseLoads loads)
      : device_(device), ring_owner_(ring_owner), n_(nodes), loads_kind_(loads) {}

  Work work() const override { return offset_chase_work(); }

  void setup() override {
    cuda::use_device(device_);
    if (ring_owner_ != device_.index) {
      cuda::enable_peer_access(device_.index, ring_owner_);
      ACCELBENCH_CUDA_CHECK(cudaSetDevice(ring_owner_));
    }
    order_ = random_cycle(n_, kSeed);
    const std::vector<std::uint32_t> lines = offset_ring(order_);
    lines_ = cuda::DeviceBuffer<unsigned>(lines.size());
    ACCELBENCH_CUDA_CHECK(
        cudaMemcpy(lines_.get(), lines.data(), lines_.bytes(), cudaMemcpyHostToDevice));
    ACCELBENCH_CUDA_CHECK(cudaSetDevice(device_.index));
    position_host_ = offset_after(order_, 0);
    position_ = cuda::DeviceBuffer<unsigned long long>(1);
    ACCELBENCH_CUDA_CHECK(cudaMemcpy(position_.get(), &position_host_, sizeof position_host_,
                                     cudaMemcpyHostToDevice));
  }

  double iterate() override {
    fetched_ = false;
    ACCELBENCH_CUDA_CHECK(cudaEventRecord(events_.start()));
    if (loads_kind_ == ChaseLoads::kUncached) {
      chase<ChaseLoads::kUncached><<<1, 1>>>(lines_.get(), position_.get(), kDeviceLoads);
    } else {
      chase<ChaseLoads::kCached><<<1, 1>>>(lines_.get(), position_.get(), kDeviceLoads);
    }
    ACCELBENCH_CUDA_CHECK(cudaGetLastError());
    ACCELBENCH_CUDA_CHECK(cudaEventRecord(events_.stop()));
    loads_ += kDeviceLoads;
    return events_.seconds();
  }

  Verification verify() override {
    fetch();
    const auto expected = static_cast<double>(offset_after(order_, loads_));
    Verification v = check_scalar(static_cast<double>(position_host_), expected, 0,
                                  "final offset of the chase vs the cycle order");
    v.elements_checked = 1;
    return v;
  }

  std::span<std::byte> result_bytes() override {
    fetch();
    return std::as_writable_bytes(std::span(&position_host_, 1));
  }

  nlohmann::ordered_json placement() const override {
    return {{"device", device_.name},
            {"threads", 1},
            {"memory_of", "cuda:" + std::to_string(ring_owner_)},
            {"loads", loads_kind_ == ChaseLoads::kUncached ? "uncached (ld.global.cv)" : "cached"}};
  }

 private:
  void fetch() {
    if (fetched_) return;
    ACCELBENCH_CUDA_CHECK(cudaMemcpy(&position_host_, position_.get(), sizeof position_host_,
                                     cudaMemcpyDeviceToHost));
    fetched_ = true;
  }

  Device device_;
  int ring_owner_;
  std::size_t n_;
  ChaseLoads loads_kind_;
  std::vector<std::uint32_t> order_;
  cuda::DeviceBuffer<unsigned> lines_;
  cuda::DeviceBuffer<unsigned long long> position_;
  cuda::EventPair events_;
  unsigned long long position_host_ = 0;
  std::uint64_t loads_ = 0;
  bool fetched_ = false;
};

std::uint64_t l2_bytes(const Device& device) {
  return device.description.value("l2_cache_bytes", std::uint64_t{0});
}

ACCELBENCH_REGISTER(
    kCudaLatency,
    std::vector<Definition>{device_definition(
        "cuda", "GPU memory latency by random pointer chase (one thread): L1, L2, HBM", "L2",
        l2_bytes, [](const Device& device, const Params& params) -> std::unique_ptr<Case> {
          return make_cuda_chase(device, device.index, offset_nodes(params), ChaseLoads::kCached);
        })});

}  // namespace

std::unique_ptr<Case> make_cuda_chase(const Device& device, int ring_owner, std::size_t nodes,
                                      ChaseLoads loads) {
  return std::make_unique<CudaChase>(device, ring_owner, nodes, loads);
}

}  // namespace accelbench::latency
