// From registered definitions and the devices found here to the list of
// benchmark instances a command line asks for.
#pragma once

#include <accelbench/benchmark.h>

#include <optional>
#include <regex>
#include <string>
#include <utility>
#include <vector>

namespace accelbench {

struct Instance {
  const Definition* definition = nullptr;
  Device device;
  Params params;
  std::string name;  // "memory/stream_triad/cpu:0/array_bytes:1048576/threads:2"
  // Set when the benchmark's backend was built but finds no device here (no
  // OpenCL platform, no GPU): the instance is reported skipped with this
  // reason and never run. Its device id is "<backend>:none".
  std::string unavailable;
};

struct UnavailableBackend {
  std::string backend;
  std::string reason;
};

struct DeviceCatalog {
  std::vector<Device> devices;
  std::vector<UnavailableBackend> unavailable;  // not built, or no device/runtime here
};

// Enumerates every registered backend; backends that were not built or find
// no device are listed with the reason.
DeviceCatalog enumerate_devices();

// The catalog as the results file, sysinfo and list write it.
nlohmann::ordered_json devices_json(const DeviceCatalog& catalog);
nlohmann::ordered_json unavailable_json(const DeviceCatalog& catalog);

struct SelectionRequest {
  std::optional<std::string> filter;  // ECMAScript regex searched in the instance name
  std::optional<std::string> device;  // "cpu:0"
  Suite suite = Suite::kQuick;
  std::vector<std::pair<std::string, std::string>> param_overrides;  // key=value
  std::optional<std::string> suite_filter;  // a second regex names must match (--suite comm)
};

// Throws a usage error for an invalid regex, an unknown device, a parameter
// no selected benchmark has, or a selection that is empty. Without --device,
// benchmarks of a backend that is built but has no device here are selected
// as unavailable instances (one per benchmark), so the run reports them
// skipped instead of silently leaving them out.
std::vector<Instance> select_instances(const DeviceCatalog& catalog,
                                       const SelectionRequest& request);

std::string_view suite_name(Suite suite);

// "memory/stream_triad/cpu:0/array_bytes:1048576/threads:2"
std::string instance_name(const Definition& definition, const Device& device, const Params& params);

// Throws a usage error naming the option when `pattern` is not a valid regex.
std::regex compile_filter(const std::string& pattern);

}  // namespace accelbench
