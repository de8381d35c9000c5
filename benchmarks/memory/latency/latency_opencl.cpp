// Pointer chase on an OpenCL device: one work-item follows the random cycle
// through global memory. Each 64-byte line holds, in its first word, the
// word offset of the next line (an offset, not a line number, so no multiply
// sits between two loads). The position is kept in a device buffer between
// iterations; an iteration is one kernel of kDeviceLoads loads, timed by
// event profiling.
#include <accelbench/device_case.h>
#include <accelbench/random_data.h>

#include <vector>

#include "latency.h"
#include "opencl/opencl_runtime.h"

namespace accelbench::latency {
namespace {

constexpr const char* kSource = R"CL(
__kernel void chase(__global const uint* restrict lines, __global ulong* restrict position,
                    uint loads) {
  uint p = (uint)position[0];
  for (uint i = 0; i < loads; ++i) p = lines[p];
  position[0] = p;
}
)CL";

class OpenclLatency final : public DeviceResidentCase {
 public:
  OpenclLatency(const Device& device, const Params& params)
      : device_(device), n_(offset_nodes(params)) {}

  Work work() const override { return offset_chase_work(); }

  void setup() override {
    session_ = opencl::open_session(device_);
    order_ = random_cycle(n_, kSeed);
    const std::vector<std::uint32_t> lines = offset_ring(order_);
    const std::size_t bytes = lines.size() * sizeof(std::uint32_t);
    lines_ = opencl::make_buffer(session_, CL_MEM_READ_ONLY, bytes);
    ACCELBENCH_CL_CHECK(session_.queue.enqueueWriteBuffer(lines_, CL_TRUE, 0, bytes, lines.data()));
    const cl_ulong start = offset_after(order_, 0);
    position_ = Position(session_, 1, [start](std::size_t) { return start; });
    kernel_ = opencl::make_kernel(opencl::build_program(session_, kSource), "chase");
    ACCELBENCH_CL_CHECK(kernel_.setArg(0, lines_));
    ACCELBENCH_CL_CHECK(kernel_.setArg(1, position_.device()));
    ACCELBENCH_CL_CHECK(kernel_.setArg(2, kDeviceLoads));
  }

  nlohmann::ordered_json placement() const override {
    return {{"device", session_.name}, {"work_items", 1}};
  }

 private:
  // The chase's position, kept on the device between iterations.
  using Position = MirroredArray<opencl::Memory, cl_ulong>;

  double timed_iteration() override {
    cl::Event event;
    ACCELBENCH_CL_CHECK(session_.queue.enqueueNDRangeKernel(kernel_, cl::NullRange, cl::NDRange(1),
                                                            cl::NDRange(1), nullptr, &event));
    loads_ += kDeviceLoads;
    return opencl::elapsed_seconds(event, event);
  }

  // Reads the position and the ring back; untimed. The ring stays a
  // read-only buffer (what the chase reads), its copy here only for the check.
  void fetch_result() override {
    position_.fetch(session_);
    lines_read_back_.resize(n_ * kWordsPerLine);
    ACCELBENCH_CL_CHECK(session_.queue.enqueueReadBuffer(
        lines_, CL_TRUE, 0, lines_read_back_.size() * sizeof(std::uint32_t),
        lines_read_back_.data()));
  }

  // The chase must stand on the node the cycle order predicts after all
  // loads, and the ring, read back, must still be one cycle through every node.
  Verification check_mirror() override {
    const auto expected = static_cast<double>(offset_after(order_, loads_));
    Verification v = check_scalar(static_cast<double>(position_.host()[0]), expected, 0,
                                  "final offset of the chase vs the cycle order; ring read back "
                                  "and walked once: one cycle through every node");
    const std::vector<std::uint32_t>& lines = lines_read_back_;
    const std::size_t start = offset_after(order_, 0);
    std::size_t p = start;
    std::size_t steps = 0;
    do {
      p = lines[p];
      ++steps;
    } while (p != start && steps <= n_ && p < lines.size());
    if (steps != n_ || p != start) {
      ++v.mismatches;
      v.outcome = Verification::Outcome::kFailed;
      v.note = "the ring is broken: returned after " + std::to_string(steps) + " of " +
               std::to_string(n_) + " nodes";
    }
    v.elements_checked = n_;
    v.bytes_checked = lines.size() * sizeof(std::uint32_t);
    return v;
  }

  std::span<std::byte> mirror_bytes() override { return position_.host_bytes(); }

  Device device_;
  std::size_t n_;
  opencl::Session session_;
  std::vector<std::uint32_t> order_;
  cl::Buffer lines_;
  std::vector<std::uint32_t> lines_read_back_;
  Position position_;
  cl::Kernel kernel_;
  std::uint64_t loads_ = 0;
};

// The global memory cache, 0 when the device does not report one: the sweep
// then reaches 4 x 64 MiB (latency::sweep) and the analysis names no cache
// level (device_definition).
std::uint64_t global_cache_bytes(const Device& device) {
  return device.facts.last_level_cache_bytes.value_or(0);
}

ACCELBENCH_REGISTER(kOpenclLatency,
                    std::vector<Definition>{device_definition(
                        "opencl",
                        "device global-memory latency by random pointer chase (one work-item)",
                        "global memory cache", global_cache_bytes,
                        [](const Device& device, const Params& params) -> std::unique_ptr<Case> {
                          return std::make_unique<OpenclLatency>(device, params);
                        })});

}  // namespace
}  // namespace accelbench::latency
