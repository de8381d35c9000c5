#include <accelbench/benchmark.h>
#include <accelbench/device.h>

#include <algorithm>
#include <regex>
#include <stdexcept>

namespace accelbench {

namespace {

bool declares(const Spec& spec, const std::string& parameter) {
  return std::find(spec.parameters.begin(), spec.parameters.end(), parameter) !=
         spec.parameters.end();
}

// The spec's how-parameters and sweep are parameters of it; the sweep says
// what is measured, and its headline fits the metric's direction.
void check_axes(const Spec& spec) {
  const std::string who = "the spec of " + spec.id;
  if ((spec.claim == Claim::kInterconnect) != (spec.link != Link::kNone)) {
    throw std::logic_error(who + (spec.link == Link::kNone
                                      ? " names no link: an interconnect benchmark measures one"
                                      : " names a link, but its claim is not interconnect"));
  }
  for (const auto& name : spec.how) {
    if (!declares(spec, name)) {
      throw std::logic_error(who + " lists how-parameter '" + name +
                             "', which is not one of its parameters");
    }
  }
  const std::string& swept = spec.sweep.parameter;
  if (swept.empty()) return;
  if (!declares(spec, swept)) {
    throw std::logic_error(who + " sweeps '" + swept + "', which is not one of its parameters");
  }
  if (std::find(spec.how.begin(), spec.how.end(), swept) != spec.how.end()) {
    throw std::logic_error(who + " sweeps '" + swept + "', a how-parameter");
  }
  const bool lower_is_better = metric_direction(spec.metric) == Direction::kLowerIsBetter;
  if ((spec.sweep.headline == SweepHeadline::kPeak && lower_is_better) ||
      (spec.sweep.headline == SweepHeadline::kSmallest && !lower_is_better)) {
    throw std::logic_error(who + ": its sweep headline does not fit a " +
                           (lower_is_better ? "lower" : "higher") + "-is-better metric");
  }
}

// A backend's declaration against the one spec of its id.
void check_against_spec(const Definition& definition) {
  const Spec* spec = definition.spec;
  const std::string who = "benchmark " + definition.id + " on backend " + definition.backend;
  if (!spec) throw std::logic_error(who + " names no spec (Definition::spec)");
  if (spec->id != definition.id) {
    throw std::logic_error(who + " names the spec of " + spec->id);
  }
  if (spec->claim != definition.claim) {
    throw std::logic_error(who + " declares claim " + std::string(claim_name(definition.claim)) +
                           ", its spec " + std::string(claim_name(spec->claim)));
  }
  check_axes(*spec);
  if (spec->metric != definition.metric) {
    throw std::logic_error(who + " declares metric " + std::string(metric_name(definition.metric)) +
                           " (" + std::string(metric_unit(definition.metric)) + "), its spec " +
                           std::string(metric_name(spec->metric)) + " (" +
                           std::string(metric_unit(spec->metric)) + ")");
  }
}

// The backend's instances, each refused when it has a parameter its spec
// does not declare (the sweep's axes are the spec's).
std::function<std::vector<Params>(const Device&, Suite)> instances_checked_against(
    const Spec& spec, std::function<std::vector<Params>(const Device&, Suite)> instances,
    const std::string& backend) {
  return [&spec, instances = std::move(instances), backend](const Device& device, Suite suite) {
    std::vector<Params> points = instances(device, suite);
    for (const auto& params : points) {
      for (const auto& entry : params.entries()) {
        if (!declares(spec, entry.key)) {
          throw std::logic_error("benchmark " + spec.id + " on backend " + backend +
                                 " has an instance with parameter '" + entry.key +
                                 "', which its spec does not declare");
        }
      }
    }
    return points;
  };
}

}  // namespace

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
  check_against_spec(definition);
  const bool duplicate =
      std::any_of(definitions_.begin(), definitions_.end(), [&](const Definition& d) {
        return d.id == definition.id && d.backend == definition.backend;
      });
  if (duplicate) {
    throw std::logic_error("benchmark " + definition.id + " is registered twice for backend " +
                           definition.backend);
  }
  const Spec* spec = definition.spec;
  const auto known = specs_.find(definition.id);
  if (known != specs_.end() && known->second != spec) {
    throw std::logic_error("benchmark " + definition.id + " has two specs (backend " +
                           definition.backend + " names another one)");
  }
  definition.instances =
      instances_checked_against(*spec, std::move(definition.instances), definition.backend);
  specs_.emplace(definition.id, spec);
  definitions_.push_back(std::move(definition));
  sources_.push_back(source);
}

const Spec* Registry::spec(const std::string& id) const {
  const auto found = specs_.find(id);
  return found == specs_.end() ? nullptr : found->second;
}

const FootprintFunction* Registry::footprint(const std::string& id) const {
  const Spec* found = spec(id);
  return found && found->footprint ? &found->footprint : nullptr;
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
