#include <accelbench/benchmark.h>
#include <accelbench/device.h>

#include <algorithm>
#include <regex>
#include <stdexcept>

namespace accelbench {

Registry& Registry::instance() {
  static Registry registry;
  return registry;
}

const std::string& Registry::source(const Definition& definition) const {
  return sources_.at(static_cast<std::size_t>(&definition - definitions_.data()));
}

void Registry::add(Definition definition, std::string_view file) {
  constexpr std::string_view kFolder = "benchmarks/";
  const auto folder = file.rfind(kFolder);
  const std::string source(folder == std::string_view::npos ? file
                                                            : file.substr(folder + kFolder.size()));
  static const std::regex kIdPattern("[a-z0-9_]+/[a-z0-9_]+");
  if (!std::regex_match(definition.id, kIdPattern)) {
    throw std::logic_error("benchmark id '" + definition.id +
                           "' is not of the form group/name (lower case, digits, _)");
  }
  if (!definition.instances || !definition.make_case) {
    throw std::logic_error("benchmark " + definition.id +
                           " has no instances or make_case function");
  }
  const bool duplicate =
      std::any_of(definitions_.begin(), definitions_.end(), [&](const Definition& d) {
        return d.id == definition.id && d.backend == definition.backend;
      });
  if (duplicate) {
    throw std::logic_error("benchmark " + definition.id + " is registered twice for backend " +
                           definition.backend);
  }
  definitions_.push_back(std::move(definition));
  sources_.push_back(source);
}

void Registry::declare_footprint(std::string id, FootprintFunction footprint) {
  if (!footprint) throw std::logic_error("benchmark " + id + ": an empty footprint function");
  if (!footprints_.emplace(id, std::move(footprint)).second) {
    throw std::logic_error("benchmark " + id + " declares its footprint twice");
  }
}

const FootprintFunction* Registry::footprint(const std::string& id) const {
  const auto found = footprints_.find(id);
  return found == footprints_.end() ? nullptr : &found->second;
}

BackendRegistry& BackendRegistry::instance() {
  static BackendRegistry registry;
  return registry;
}

void BackendRegistry::add(Backend backend) {
  const bool duplicate = std::any_of(backends_.begin(), backends_.end(),
                                     [&](const Backend& b) { return b.name == backend.name; });
  if (duplicate) {
    throw std::logic_error("backend " + backend.name + " is registered twice");
  }
  backends_.push_back(std::move(backend));
}

}  // namespace accelbench
