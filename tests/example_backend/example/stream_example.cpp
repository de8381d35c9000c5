// STREAM on the example backend's stand-in device, through the backend kit:
// the case is a stream::DeviceStreamCase<example::Memory> (the arrays in
// host vectors standing for device memory, one fetch after the timed
// iterations, verification and fault injection on the mirrors), and the
// definitions are stream::definitions: this file keeps only the kernels.
// Timed with the stand-in device timer (the host's steady clock).
#include "example/example_runtime.h"
#include "stream.h"

namespace accelbench::stream {
namespace {

class ExampleStream final : public DeviceStreamCase<example::Memory> {
 public:
  ExampleStream(Kernel kernel, const Params& params) : DeviceStreamCase(kernel, params) {}

  // One partial sum: the stand-in's dot adds up on one "device thread".
  void setup() override { allocate_arrays(1); }

 private:
  double timed_iteration() override {
    return example::device_seconds([this] {
      for (std::int64_t pass = 0; pass < passes_per_iteration(); ++pass) run_kernel();
    });
  }

  // The kernel on the "device" arrays (not the mirrors).
  void run_kernel() {
    auto& a = device(Array::kA);
    auto& b = device(Array::kB);
    auto& c = device(Array::kC);
    const std::size_t n = a.size();
    switch (kernel()) {
      case Kernel::kCopy:
        for (std::size_t i = 0; i < n; ++i) c[i] = a[i];
        break;
      case Kernel::kScale:
        for (std::size_t i = 0; i < n; ++i) b[i] = kScalar * c[i];
        break;
      case Kernel::kAdd:
        for (std::size_t i = 0; i < n; ++i) c[i] = a[i] + b[i];
        break;
      case Kernel::kTriad:
        for (std::size_t i = 0; i < n; ++i) a[i] = b[i] + kScalar * c[i];
        break;
      case Kernel::kDot: {
        double sum = 0;
        for (std::size_t i = 0; i < n; ++i) sum += a[i] * b[i];
        partial_sums()[0] = sum;
        break;
      }
    }
  }
};

// No caches to name and no thread count (a device kernel): the default arrays
// are 256 MiB, the sweeps as on any device backend.
DeviceTraits device_traits(const Device&) {
  DeviceTraits traits;
  traits.cores = 0;
  return traits;
}

ACCELBENCH_REGISTER(kExampleStream, definitions("example", Timer::kDevice, device_traits,
                                                [](Kernel kernel, const Device&,
                                                   const Params& params) -> std::unique_ptr<Case> {
                                                  return std::make_unique<ExampleStream>(kernel,
                                                                                         params);
                                                }));

}  // namespace
}  // namespace accelbench::stream
