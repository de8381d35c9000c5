// From registered definitions and the devices found here to the list of
// benchmark instances a command line asks for.
#pragma once

#include <accelbench/benchmark.h>

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace accelbench {

struct Instance {
  const Definition* definition = nullptr;
  Device device;
  Params params;
  std::string name;  // "group/name/cpu:0/array_bytes:1048576/threads:2"
  // Set when the benchmark's backend was built but finds no device here (no
  // OpenCL platform, no GPU; its device id is then "<backend>:none"), or when
  // a suite default does not fit in the device's memory: the instance is
  // reported skipped with this reason and never run.
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

// Whether the instance stands for a benchmark of a backend that is not
// available here (device "<backend>:none"): the console shows such a backend
// as its one "# not available" line, not a row per benchmark.
bool of_unavailable_backend(const DeviceCatalog& catalog, const Instance& instance);

// Whether the backend's devices span the ranks of a job (mpi, nccl: the
// communication benchmarks) rather than belong to one node.
bool backend_spans_ranks(const std::string& backend);

// The catalog less the backends that span ranks: what one node of a
// --per-node run describes (its fingerprint then matches a run of that node
// alone).
DeviceCatalog node_local_part(const DeviceCatalog& catalog);

// The catalog as the results file, sysinfo and list write it.
nlohmann::ordered_json devices_json(const DeviceCatalog& catalog);
nlohmann::ordered_json unavailable_json(const DeviceCatalog& catalog);

struct SelectionRequest {
  std::optional<std::string> filter;  // RE2 regex searched in the instance name (NamePattern)
  std::optional<std::string> device;  // "cpu:0"
  Suite suite = Suite::kQuick;
  std::vector<std::pair<std::string, std::string>> param_overrides;  // key=value
  // When set, only the benchmarks it accepts (--suite comm: the backends that
  // span ranks).
  std::function<bool(const Definition&)> suite_filter;
};

// Throws a usage error for an invalid regex, an unknown device, a parameter
// no selected benchmark has, a --param that makes an instance larger than its
// device's memory (Footprint), or a selection that is empty. Without --device,
// benchmarks of a backend that is built but has no device here are selected
// as unavailable instances (one per benchmark), so the run reports them
// skipped instead of silently leaving them out.
std::vector<Instance> select_instances(const DeviceCatalog& catalog,
                                       const SelectionRequest& request);

// "--param NAME=VALUE" texts as (name, value) pairs; a usage error for a text
// without a name or a value, or a name given twice.
std::vector<std::pair<std::string, std::string>> parse_param_overrides(
    const std::vector<std::string>& texts);

std::string_view suite_name(Suite suite);

// "group/name/cpu:0/array_bytes:1048576/threads:2"
std::string instance_name(const Definition& definition, const Device& device, const Params& params);

}  // namespace accelbench
