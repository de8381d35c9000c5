#include "example/example_runtime.h"

#include <accelbench/device.h>

namespace accelbench::example {
namespace {

constexpr const char* kStandIn =
    "example backend of tests/example_backend: a test stand-in that works on host memory, not "
    "an accelerator; its device timer is the host's steady clock";

Device example_device() {
  Device device;
  device.id = "example:0";
  device.backend = "example";
  device.index = 0;
  device.name = "example device (test stand-in on host memory)";
  device.description = {{"stand_in", kStandIn}, {"memory", "host"}};
  return device;
}

ACCELBENCH_REGISTER_BACKEND(kExampleBackend,
                            {"example", [] { return std::vector<Device>{example_device()}; }});

}  // namespace
}  // namespace accelbench::example
