// Kernel launch latency on an OpenCL device: clEnqueueNDRangeKernel of one
// work-item, waited for; the event's QUEUED to END (device profiling), summed
// over the launches of an iteration.
#include "launch_latency.h"
#include "opencl/opencl_runtime.h"

namespace accelbench::launch_latency {
namespace {

constexpr const char* kSource = R"CL(
__kernel void count(__global ulong* word) { word[0] += 1; }
)CL";

class OpenclLaunchLatency final : public Case {
 public:
  explicit OpenclLaunchLatency(const Device& device) : device_(device) {}

  Work work() const override { return launch_latency::work(); }

  void setup() override {
    session_ = opencl::open_session(device_);
    word_ = opencl::make_buffer(session_, CL_MEM_READ_WRITE, sizeof(cl_ulong));
    ACCELBENCH_CL_CHECK(
        session_.queue.enqueueWriteBuffer(word_, CL_TRUE, 0, sizeof word_host_, &word_host_));
    kernel_ = opencl::make_kernel(opencl::build_program(session_, kSource), "count");
    ACCELBENCH_CL_CHECK(kernel_.setArg(0, word_));
  }

  double iterate() override {
    fetched_ = false;
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

  Verification verify() override {
    fetch();
    return launch_latency::verify(word_host_, launches_);
  }

  std::span<std::byte> result_bytes() override {
    fetch();
    return std::as_writable_bytes(std::span(&word_host_, 1));
  }

  nlohmann::ordered_json placement() const override { return {{"device", session_.name}}; }

 private:
  void fetch() {
    if (fetched_) return;
    ACCELBENCH_CL_CHECK(
        session_.queue.enqueueReadBuffer(word_, CL_TRUE, 0, sizeof word_host_, &word_host_));
    fetched_ = true;
  }

  Device device_;
  opencl::Session session_;
  cl::Buffer word_;
  cl::Kernel kernel_;
  cl_ulong word_host_ = 0;
  std::uint64_t launches_ = 0;
  bool fetched_ = false;
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
