// STREAM on the example backend's stand-in device, through the backend kit:
// the arrays are MirroredArray<example::Memory, double> (host vectors standing
// for device memory), the case is a DeviceResidentCase (one fetch after the
// timed iterations, verification and fault injection on the mirror), and the
// definitions are stream::definitions. Timed with the stand-in device timer
// (the host's steady clock).
#include <accelbench/device_case.h>

#include "example/example_runtime.h"
#include "stream.h"

namespace accelbench::stream {
namespace {

class ExampleStream final : public DeviceResidentCase {
 public:
  ExampleStream(Kernel kernel, const Params& params)
      : kernel_(kernel), n_(elements(params)), passes_(passes(n_)) {}

  Work work() const override { return stream::work(kernel_, n_); }

  void setup() override {
    for (Array array : {Array::kA, Array::kB, Array::kC}) {
      arrays_[static_cast<int>(array)] =
          Arrays(queue_, static_cast<std::size_t>(n_),
                 [array](std::size_t i) { return initial_value(array, i); });
    }
  }

 private:
  using Arrays = MirroredArray<example::Memory, double>;

  double timed_iteration() override {
    return example::device_seconds([this] {
      for (std::int64_t pass = 0; pass < passes_; ++pass) run_kernel();
    });
  }

  // The kernel on the "device" arrays (not the mirrors).
  void run_kernel() {
    auto& a = device(Array::kA);
    auto& b = device(Array::kB);
    auto& c = device(Array::kC);
    const std::size_t n = a.size();
    switch (kernel_) {
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
        device_dot_ = sum;
        break;
      }
    }
  }

  void fetch_result() override {
    for (auto& array : arrays_) array.fetch(queue_);
    dot_ = device_dot_;
  }

  Verification check_mirror() override {
    return stream::verify(kernel_, host(Array::kA), host(Array::kB), host(Array::kC), dot_);
  }

  std::span<std::byte> mirror_bytes() override {
    return output_bytes(kernel_, host(Array::kA), host(Array::kB), host(Array::kC), dot_);
  }

  std::span<double> host(Array array) { return arrays_[static_cast<int>(array)].host(); }
  std::vector<double>& device(Array array) { return arrays_[static_cast<int>(array)].device(); }

  Kernel kernel_;
  std::int64_t n_;
  std::int64_t passes_;
  example::Memory::Queue queue_;
  Arrays arrays_[3];
  double device_dot_ = 0;  // the dot product in "device memory"
  double dot_ = 0;         // its mirror
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
