// DeviceFacts to and from JSON (the results file's devices, the device catalog
// a child process sends back).
#include <accelbench/device.h>

#include <limits>
#include <type_traits>

namespace accelbench {
namespace {

// Calls visit(name, member) for every fact, in the results file's order.
template <class Facts, class Visit>
void each_fact(Facts& facts, Visit&& visit) {
  visit("compute_units", facts.compute_units);
  visit("clock_mhz", facts.clock_mhz);
  visit("memory_bytes", facts.memory_bytes);
  visit("max_allocation_bytes", facts.max_allocation_bytes);
  visit("last_level_cache_bytes", facts.last_level_cache_bytes);
  visit("max_work_group_size", facts.max_work_group_size);
  visit("architecture", facts.architecture);
  visit("peer_access", facts.peer_access);
  visit("visible_devices", facts.visible_devices);
  visit("unified_memory", facts.unified_memory);
  visit("gpu", facts.gpu);
  visit("host_numa_node", facts.host_numa_node);
  visit("preferred_vector_widths", facts.preferred_vector_widths);
}

template <class T>
bool has_type(const nlohmann::ordered_json& value) {
  if constexpr (std::is_same_v<T, bool>) {
    return value.is_boolean();
  } else if constexpr (std::is_same_v<T, std::string>) {
    return value.is_string();
  } else if constexpr (std::is_same_v<T, double>) {
    return value.is_number();
  } else if constexpr (std::is_same_v<T, std::vector<int>>) {
    if (!value.is_array()) return false;
    for (const auto& item : value) {
      if (!has_type<int>(item)) return false;
    }
    return true;
  } else if constexpr (std::is_same_v<T, std::map<std::string, int>>) {
    if (!value.is_object()) return false;
    for (const auto& item : value) {
      if (!has_type<int>(item)) return false;
    }
    return true;
  } else {
    return value.is_number_integer() && value.get<std::int64_t>() >= 0 &&
           value.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<T>::max());
  }
}

}  // namespace

nlohmann::ordered_json facts_json(const DeviceFacts& facts) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  each_fact(facts, [&](const char* name, const auto& fact) {
    if (fact) out[name] = *fact;
  });
  return out;
}

DeviceFacts facts_from_json(const nlohmann::ordered_json& json, const std::string& what) {
  if (!json.is_object()) throw usage_error(what + ": facts must be an object");
  DeviceFacts facts;
  std::size_t known = 0;
  each_fact(facts, [&](const char* name, auto& fact) {
    using T = typename std::remove_reference_t<decltype(fact)>::value_type;
    const auto found = json.find(name);
    if (found == json.end()) return;
    ++known;
    if (!has_type<T>(*found)) {
      throw usage_error(what + ": fact '" + name + "' has the wrong type or range");
    }
    fact = found->template get<T>();
  });
  if (known != json.size()) {
    for (const auto& item : json.items()) {
      const std::string& name = item.key();
      bool listed = false;
      each_fact(facts, [&](const char* known_name, const auto&) { listed |= name == known_name; });
      if (!listed) throw usage_error(what + ": unknown fact '" + name + "'");
    }
  }
  return facts;
}

}  // namespace accelbench
