// Kernel launch latency on an OpenCL device: clEnqueueNDRangeKernel of one
// work-item, waited for; the event's QUEUED to END (device profiling), summed
// over the launches of an iteration.
#include <accelbench/device_case.h>

#include "launch_latency.h"
#include "opencl/opencl_runtime.h"

namespace accelbench::launch_latency {
namespace {

constexpr const char* kSource = R"CL(
__kernel void count(__global ulong* word) { word[0] += 1; }
)CL";

class OpenclLaunchLatency final : public DeviceResidentCase {
 public:
  explicit OpenclLaunchLatency(const Device& device) : device_(device) {}

  Work work() const override { return launch_latency::work(); }

  void setup() override {
    session_ = opencl::open_session(device_);
    word_ = Word(session_, 1, [](std::size_t) { return cl_ulong{0}; });
    kernel_ = opencl::make_kernel(opencl::build_program(session_, kSource), "count");
    ACCELBENCH_CL_CHECK(kernel_.setArg(0, word_.device()));
  }

  nlohmann::ordered_json placement() const override { return {{"device", session_.name}}; }

 private:
  // The counter every launch adds one to.
  using Word = MirroredArray<opencl::Memory, cl_ulong>;

  double timed_iteration() override {
    double seconds = 0;
    for (int i = 0; i < kLaunchesPerIteration; ++i) {
      cl::Event event;
      ACCELBENCH_CL_CHECK(session_.queue.enqueueNDRangeKernel(
          kernel_, cl::NullRange, cl::NDRange(1), cl::NullRange, nullptr, &event));
      seconds += opencl::queued_to_end_seconds(event);
      ++launches_;
    }
    return seconds;
  }

  void fetch_result() override { word_.fetch(session_); }

  Verification check_mirror() override {
    return launch_latency::verify(word_.host()[0], launches_);
  }

  std::span<std::byte> mirror_bytes() override { return word_.host_bytes(); }

  Device device_;
  opencl::Session session_;
  Word word_;
  cl::Kernel kernel_;
  std::uint64_t launches_ = 0;
};

ACCELBENCH_REGISTER(kOpenclLaunchLatency,
                    std::vector<Definition>{
                        definition("opencl", Timer::kDevice,
                                   "kernel launch latency, queued to end, each launch waited for",
                                   [](const Device& device) -> std::unique_ptr<Case> {
                                     return std::make_unique<OpenclLaunchLatency>(device);
                                   })});

}  // namespace
}  // namespace accelbench::launch_latency
