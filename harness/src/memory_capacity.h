// What an instance's declared footprint (Footprint, benchmark.h) is checked
// against before anything runs: the device's own memory, as its backend
// describes it, and the host's available memory.
#pragma once

#include <accelbench/benchmark.h>

#include <optional>
#include <string>

namespace accelbench {

struct MemoryCapacity {
  // The device's own memory; none for a device whose memory is the host's.
  std::optional<double> device_bytes;
  double host_available_bytes = 0;
};

// The host's available memory: MemAvailable of /proc/meminfo (what can be
// allocated without swapping), else the free pages (sysconf).
double host_available_bytes();

// The device's own memory (DeviceFacts::memory_bytes); none for a device that
// does not report one (cpu, mpi: their memory is the host's).
std::optional<double> device_memory_bytes(const Device& device);

// Empty when `need` fits; otherwise why not, e.g. "needs 96 GiB of device
// memory, device cuda:0 has 80 GiB".
std::string memory_shortfall(const Footprint& need, const std::string& device_id,
                             const MemoryCapacity& capacity);

}  // namespace accelbench
