#include "selection.h"

#include <algorithm>
#include <set>

#include "build_info.h"
#include "child_process.h"
#include "json_input.h"
#include "memory_capacity.h"
#include "name_pattern.h"

namespace accelbench {
namespace {

std::string device_list(const DeviceCatalog& catalog) {
  std::string devices;
  for (const auto& d : catalog.devices) devices += (devices.empty() ? "" : ", ") + d.id;
  std::string unavailable;
  for (const auto& u : catalog.unavailable) {
    unavailable += (unavailable.empty() ? "" : ", ") + u.backend;
  }
  std::string out = "devices: " + (devices.empty() ? "none" : devices);
  if (!unavailable.empty()) out += "; unavailable: " + unavailable + ", see accelbench list";
  return out;
}

constexpr double kEnumerationTimeoutS = 120;

nlohmann::ordered_json device_to_json(const Device& d) {
  return {{"id", d.id},     {"backend", d.backend},         {"index", d.index},
          {"name", d.name}, {"description", d.description}, {"facts", facts_json(d.facts)}};
}

Device device_from_json(const nlohmann::ordered_json& j) {
  return {j.at("id").get<std::string>(),
          j.at("backend").get<std::string>(),
          j.at("index").get<int>(),
          j.at("name").get<std::string>(),
          j.at("description"),
          facts_from_json(j.at("facts"), "device " + j.at("id").get<std::string>())};
}

// Enumerates in a child process; a failure there comes back as its message.
std::vector<Device> enumerate_in_child(const Backend& backend) {
  const ChildOutcome child = run_in_child(
      [&] {
        nlohmann::ordered_json out;
        try {
          auto devices = nlohmann::ordered_json::array();
          for (const auto& d : backend.enumerate()) devices.push_back(device_to_json(d));
          out["devices"] = std::move(devices);
        } catch (const std::exception& e) {
          out["error"] = e.what();
        }
        return out.dump();
      },
      kEnumerationTimeoutS);
  const std::string what = "enumerating " + backend.name + " devices in a child process";
  if (!child.spawn_error.empty()) throw failure(what + ": " + child.spawn_error);
  if (child.timed_out) throw failure(what + ": no answer within the watchdog's time");
  if (child.signal) throw failure(what + ": crashed(" + signal_text(*child.signal) + ")");
  nlohmann::ordered_json answer;
  try {
    answer = parse_json(child.output, what);
  } catch (const Error&) {
  }
  if (!answer.is_object()) {
    throw failure(what + ": no readable answer (exit code " + std::to_string(child.exit_code) +
                  ")");
  }
  if (answer.contains("error")) throw unsupported(answer["error"].get<std::string>());
  std::vector<Device> devices;
  for (const auto& d : answer.at("devices")) devices.push_back(device_from_json(d));
  return devices;
}

// Every instance's declared footprint against its device's memory and the
// host's, before anything is allocated: an instance a --param made too large
// is a usage error; a suite default too large for this machine is skipped
// with the same words.
void check_footprints(std::vector<Instance>& instances,
                      const std::vector<std::pair<std::string, std::string>>& overrides) {
  std::optional<double> host_available;
  for (auto& instance : instances) {
    if (!instance.unavailable.empty()) continue;
    const FootprintFunction* footprint = Registry::instance().footprint(instance.definition->id);
    if (!footprint) continue;
    if (!host_available) host_available = host_available_bytes();
    const std::string shortfall =
        memory_shortfall((*footprint)(instance.params), instance.device.id,
                         {device_memory_bytes(instance.device), *host_available});
    if (shortfall.empty()) continue;
    const bool asked = std::any_of(overrides.begin(), overrides.end(),
                                   [&](const auto& o) { return instance.params.has(o.first); });
    if (asked) throw usage_error(instance.name + ": " + shortfall);
    instance.unavailable = shortfall;
  }
}

}  // namespace

std::string instance_name(const Definition& definition, const Device& device,
                          const Params& params) {
  std::string name = definition.id + "/" + device.id;
  if (!params.entries().empty()) name += "/" + params.name();
  return name;
}

std::vector<std::pair<std::string, std::string>> parse_param_overrides(
    const std::vector<std::string>& texts) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& text : texts) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
      throw usage_error("--param '" + text + "' is not of the form NAME=VALUE");
    }
    std::string name = text.substr(0, eq);
    for (const auto& [given, value] : out) {
      if (given == name) throw usage_error("--param " + name + " is given twice");
    }
    out.emplace_back(std::move(name), text.substr(eq + 1));
  }
  return out;
}

std::string_view suite_name(Suite suite) { return suite == Suite::kQuick ? "quick" : "full"; }

DeviceCatalog enumerate_devices() {
  DeviceCatalog catalog;
  for (const auto& status : build_info::backends()) {
    if (!status.enabled) catalog.unavailable.push_back({status.name, status.reason});
  }
  for (const auto& backend : BackendRegistry::instance().all()) {
    try {
      auto devices = backend.enumerate_in_child ? enumerate_in_child(backend) : backend.enumerate();
      if (devices.empty()) catalog.unavailable.push_back({backend.name, "no device found"});
      for (auto& d : devices) catalog.devices.push_back(std::move(d));
    } catch (const std::exception& e) {
      catalog.unavailable.push_back({backend.name, e.what()});
    }
  }
  return catalog;
}

nlohmann::ordered_json devices_json(const DeviceCatalog& catalog) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& d : catalog.devices) {
    out.push_back({{"id", d.id},
                   {"backend", d.backend},
                   {"name", d.name},
                   {"description", d.description},
                   {"facts", facts_json(d.facts)}});
  }
  return out;
}

bool of_unavailable_backend(const DeviceCatalog& catalog, const Instance& instance) {
  return std::any_of(
      catalog.unavailable.begin(), catalog.unavailable.end(),
      [&](const UnavailableBackend& u) { return u.backend == instance.device.backend; });
}

bool backend_spans_ranks(const std::string& backend) {
  for (const auto& b : BackendRegistry::instance().all()) {
    if (b.name == backend) return b.spans_ranks;
  }
  return false;
}

DeviceCatalog node_local_part(const DeviceCatalog& catalog) {
  DeviceCatalog out;
  for (const auto& device : catalog.devices) {
    if (!backend_spans_ranks(device.backend)) out.devices.push_back(device);
  }
  for (const auto& u : catalog.unavailable) {
    if (!backend_spans_ranks(u.backend)) out.unavailable.push_back(u);
  }
  return out;
}

nlohmann::ordered_json unavailable_json(const DeviceCatalog& catalog) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& u : catalog.unavailable) {
    out.push_back({{"backend", u.backend}, {"reason", u.reason}});
  }
  return out;
}

std::vector<Instance> select_instances(const DeviceCatalog& catalog,
                                       const SelectionRequest& request) {
  std::optional<NamePattern> filter;
  if (request.filter) filter = NamePattern::filter(*request.filter, "--filter");
  const auto wanted = [&](const std::string& name) { return !filter || filter->found_in(name); };
  if (request.device) {
    const bool known = std::any_of(catalog.devices.begin(), catalog.devices.end(),
                                   [&](const Device& d) { return d.id == *request.device; });
    if (!known) {
      throw usage_error("--device '" + *request.device + "' does not exist here (" +
                        device_list(catalog) + ")");
    }
  }

  std::vector<Instance> selected;
  std::vector<Instance> unavailable;
  for (const auto& definition : Registry::instance().all()) {
    if (request.suite_filter && !request.suite_filter(definition)) continue;
    for (const auto& device : catalog.devices) {
      if (device.backend != definition.backend) continue;
      if (request.device && device.id != *request.device) continue;
      for (auto& params : definition.instances(device, request.suite)) {
        Instance instance{&definition, device, std::move(params), {}, {}};
        instance.name = instance_name(*instance.definition, instance.device, instance.params);
        if (!wanted(instance.name)) continue;
        selected.push_back(std::move(instance));
      }
    }
    if (request.device) continue;
    for (const auto& u : catalog.unavailable) {
      if (u.backend != definition.backend) continue;
      Device none{u.backend + ":none", u.backend, -1, "none", nlohmann::ordered_json::object(), {}};
      Instance instance{&definition, std::move(none), {}, {}, u.reason};
      instance.name = instance_name(*instance.definition, instance.device, instance.params);
      if (!wanted(instance.name)) continue;
      unavailable.push_back(std::move(instance));
    }
  }
  if (selected.empty() && unavailable.empty()) {
    throw usage_error("no benchmark matches" +
                      (request.filter ? " --filter '" + *request.filter + "'" : std::string()) +
                      (request.device ? " on --device " + *request.device : std::string()) +
                      " (see accelbench list)");
  }

  for (const auto& [key, value] : request.param_overrides) {
    bool used = false;
    for (auto& instance : selected) {
      if (!instance.params.has(key)) continue;
      instance.params.override_from_text(key, value);
      used = true;
    }
    if (!used) {
      throw usage_error("--param " + key + ": no selected benchmark has this parameter");
    }
  }
  for (auto& instance : unavailable) selected.push_back(std::move(instance));
  // Overrides change the names; two instances may have become the same run.
  std::set<std::string> names;
  std::vector<Instance> unique;
  for (auto& instance : selected) {
    instance.name = instance_name(*instance.definition, instance.device, instance.params);
    if (names.insert(instance.name).second) unique.push_back(std::move(instance));
  }
  // Constructing a case only checks its parameters (see Case): a bad --param
  // value is a usage error before anything runs.
  for (const auto& instance : unique) {
    if (!instance.unavailable.empty()) continue;
    try {
      instance.definition->make_case(instance.device, instance.params);
    } catch (const Error& e) {
      if (e.kind() == ErrorKind::kUsage) throw usage_error(instance.name + ": " + e.what());
    }
  }
  check_footprints(unique, request.param_overrides);
  return unique;
}

}  // namespace accelbench
