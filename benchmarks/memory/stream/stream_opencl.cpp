// STREAM on an OpenCL device: one work-item per element (dot: each
// work-item adds up to 32 products into its own partial sum, which the host
// adds up after the timed region; the partial sums, 1/32 of one array, are
// written in the timed region but not counted, as STREAM counts no scalar). Arrays live in device
// buffers, initialised from the host once; an iteration enqueues `passes` kernels back to back and
// is timed with event profiling from the first kernel's start to the last one's end.
#include "opencl/opencl_runtime.h"
#include "stream.h"

namespace accelbench::stream {
namespace {

constexpr const char* kSource = R"CL(
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
__kernel void stream_copy(__global const double* restrict a, __global double* restrict c) {
  const size_t i = get_global_id(0);
  c[i] = a[i];
}
__kernel void stream_scale(__global double* restrict b, __global const double* restrict c,
                           double q) {
  const size_t i = get_global_id(0);
  b[i] = q * c[i];
}
__kernel void stream_add(__global const double* restrict a, __global const double* restrict b,
                         __global double* restrict c) {
  const size_t i = get_global_id(0);
  c[i] = a[i] + b[i];
}
__kernel void stream_triad(__global double* restrict a, __global const double* restrict b,
                           __global const double* restrict c, double q) {
  const size_t i = get_global_id(0);
  a[i] = b[i] + q * c[i];
}
// Each work-item adds DOT_TERMS products into its own partial sum (no
// barrier: work-group barriers are costly on CPU devices). On CPU devices a
// work-item reads a contiguous run (its loop vectorises); on GPUs it reads
// with the global stride, so that a warp's loads coalesce.
__kernel void stream_dot(__global const double* restrict a, __global const double* restrict b,
                         __global double* restrict partial) {
#if DOT_CONTIGUOUS
  size_t i = get_global_id(0) * DOT_TERMS;
  const size_t stride = 1;
#else
  size_t i = get_global_id(0);
  const size_t stride = get_global_size(0);
#endif
  double sum = 0;
  for (int term = 0; term < DOT_TERMS; ++term, i += stride) sum += a[i] * b[i];
  partial[get_global_id(0)] = sum;
}
)CL";

constexpr std::size_t kMostDotTerms = 32;

class OpenclStream final : public DeviceStreamCase<opencl::Memory> {
 public:
  OpenclStream(Kernel kernel, const Device& device, const Params& params)
      : DeviceStreamCase(kernel, params), device_(device) {}

  void setup() override {
    queue() = opencl::open_session(device_);
    if (!session().fp64) throw unsupported(session().name + " has no fp64 (cl_khr_fp64)");
    allocate_arrays(dot_items());
    // Only the dot's read pattern depends on the kind of device: a device that
    // does not report whether it is a GPU skips the dot, not the others.
    const bool contiguous =
        kernel() != Kernel::kDot || !required(device_, device_.facts.gpu, "type (gpu or not)");
    const cl::Program program =
        opencl::build_program(session(), kSource,
                              "-DDOT_TERMS=" + std::to_string(dot_terms()) +
                                  " -DDOT_CONTIGUOUS=" + (contiguous ? "1" : "0"));
    kernel_object_ =
        opencl::make_kernel(program, ("stream_" + std::string(kernel_name(kernel()))).c_str());
    bind_arguments();
  }

  nlohmann::ordered_json placement() const override {
    return {{"device", queue().name},
            {"dot_terms_per_work_item", kernel() == Kernel::kDot ? dot_terms() : 0}};
  }

 private:
  opencl::Session& session() { return queue(); }

  double timed_iteration() override {
    const std::int64_t passes = passes_per_iteration();
    cl::Event first, last;
    for (std::int64_t pass = 0; pass < passes; ++pass) {
      cl::Event* event = pass == 0 ? &first : &last;
      ACCELBENCH_CL_CHECK(session().queue.enqueueNDRangeKernel(
          kernel_object_, cl::NullRange, global_size(), local_size(), nullptr, event));
    }
    return passes == 1 ? opencl::elapsed_seconds(first, first)
                       : opencl::elapsed_seconds(first, last);
  }

  void bind_arguments() {
    auto& k = kernel_object_;
    switch (kernel()) {
      case Kernel::kCopy:
        ACCELBENCH_CL_CHECK(k.setArg(0, device(Array::kA)));
        ACCELBENCH_CL_CHECK(k.setArg(1, device(Array::kC)));
        break;
      case Kernel::kScale:
        ACCELBENCH_CL_CHECK(k.setArg(0, device(Array::kB)));
        ACCELBENCH_CL_CHECK(k.setArg(1, device(Array::kC)));
        ACCELBENCH_CL_CHECK(k.setArg(2, kScalar));
        break;
      case Kernel::kAdd:
        ACCELBENCH_CL_CHECK(k.setArg(0, device(Array::kA)));
        ACCELBENCH_CL_CHECK(k.setArg(1, device(Array::kB)));
        ACCELBENCH_CL_CHECK(k.setArg(2, device(Array::kC)));
        break;
      case Kernel::kTriad:
        ACCELBENCH_CL_CHECK(k.setArg(0, device(Array::kA)));
        ACCELBENCH_CL_CHECK(k.setArg(1, device(Array::kB)));
        ACCELBENCH_CL_CHECK(k.setArg(2, device(Array::kC)));
        ACCELBENCH_CL_CHECK(k.setArg(3, kScalar));
        break;
      case Kernel::kDot:
        ACCELBENCH_CL_CHECK(k.setArg(0, device(Array::kA)));
        ACCELBENCH_CL_CHECK(k.setArg(1, device(Array::kB)));
        ACCELBENCH_CL_CHECK(k.setArg(2, partial_sums()));
        break;
    }
  }

  // Products per dot work-item: the largest power of two up to 32 that
  // divides n, so the work-items cover the arrays exactly.
  std::size_t dot_terms() const {
    const auto n = static_cast<std::size_t>(array_elements());
    std::size_t terms = 1;
    while (terms * 2 <= kMostDotTerms && n % (terms * 2) == 0) terms *= 2;
    return terms;
  }
  std::size_t dot_items() const { return static_cast<std::size_t>(array_elements()) / dot_terms(); }
  cl::NDRange global_size() const {
    return cl::NDRange(kernel() == Kernel::kDot ? dot_items()
                                                : static_cast<std::size_t>(array_elements()));
  }
  // The runtime's choice of work-group size for every kernel.
  cl::NDRange local_size() const { return cl::NullRange; }

  Device device_;
  cl::Kernel kernel_object_;
};

ACCELBENCH_REGISTER(
    kOpenclStream,
    definitions(
        "opencl", Timer::kDevice,
        [](const Device& device) { return device_kernel_traits(device, "global memory cache"); },
        [](Kernel kernel, const Device& device, const Params& params) -> std::unique_ptr<Case> {
          return std::make_unique<OpenclStream>(kernel, device, params);
        }));

}  // namespace
}  // namespace accelbench::stream
