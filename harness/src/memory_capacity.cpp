#include "memory_capacity.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "units.h"

namespace accelbench {

double host_available_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string line;
  while (std::getline(meminfo, line)) {
    std::istringstream fields(line);
    std::string key, unit;
    double kibibytes = 0;
    if (fields >> key >> kibibytes >> unit && key == "MemAvailable:" && unit == "kB") {
      return kibibytes * 1024;
    }
  }
  return static_cast<double>(sysconf(_SC_AVPHYS_PAGES)) *
         static_cast<double>(sysconf(_SC_PAGESIZE));
}

std::optional<double> device_memory_bytes(const Device& device) {
  if (!device.facts.memory_bytes) return std::nullopt;
  return static_cast<double>(*device.facts.memory_bytes);
}

std::string memory_shortfall(const Footprint& need, const std::string& device_id,
                             const MemoryCapacity& capacity) {
  const std::string host =
      format_bytes(capacity.host_available_bytes) + " available (host MemAvailable)";
  if (!capacity.device_bytes) {
    const double bytes = need.device_bytes + need.host_bytes;
    if (bytes <= capacity.host_available_bytes) return "";
    return "needs " + format_bytes(bytes) + " of memory, device " + device_id + " has " + host;
  }
  if (need.device_bytes > *capacity.device_bytes) {
    return "needs " + format_bytes(need.device_bytes) + " of device memory, device " + device_id +
           " has " + format_bytes(*capacity.device_bytes);
  }
  if (need.host_bytes > capacity.host_available_bytes) {
    return "needs " + format_bytes(need.host_bytes) + " of host memory beside device " + device_id +
           ", the host has " + host;
  }
  return "";
}

}  // namespace accelbench
