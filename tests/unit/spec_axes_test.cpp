// Each spec says which of its parameters only tell how the work is run
// (Spec::how); the others say what is measured and must mean the same on
// every backend of the id, so that two platforms can be set side by side.
// Checked here on every pair of backends with devices on this machine (the
// CPU and PoCL's OpenCL device in CI).
#include <accelbench/benchmark.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "selection.h"

namespace accelbench {
namespace {

bool is_how(const Spec& spec, const std::string& name) {
  return std::find(spec.how.begin(), spec.how.end(), name) != spec.how.end();
}

// Per what-parameter, the values a backend's full-suite instances take.
using WhatValues = std::map<std::string, std::set<Params::Value>>;

WhatValues what_values(const Definition& definition, const Device& device) {
  WhatValues out;
  for (const auto& params : definition.instances(device, Suite::kFull)) {
    for (const auto& entry : params.entries()) {
      if (!is_how(*definition.spec, entry.key)) out[entry.key].insert(entry.value);
    }
  }
  return out;
}

TEST(SpecAxes, BackendsOfAnIdOfferTheSameWhatParametersWithCommonValues) {
  const DeviceCatalog catalog = enumerate_devices();
  // id -> backend -> what-parameters and their values
  std::map<std::string, std::map<std::string, WhatValues>> offered;
  for (const auto& definition : Registry::instance().all()) {
    for (const auto& device : catalog.devices) {
      if (device.backend != definition.backend || offered[definition.id].contains(device.backend)) {
        continue;
      }
      offered[definition.id][device.backend] = what_values(definition, device);
    }
  }
  int compared = 0;
  for (const auto& [id, backends] : offered) {
    if (backends.size() < 2) continue;
    const auto& [first_backend, first] = *backends.begin();
    for (const auto& [backend, values] : backends) {
      if (backend == first_backend) continue;
      SCOPED_TRACE(id + ": " + first_backend + " against " + backend);
      ++compared;
      std::set<std::string> names_first, names;
      for (const auto& [name, v] : first) names_first.insert(name);
      for (const auto& [name, v] : values) names.insert(name);
      EXPECT_EQ(names_first, names) << "the what-parameters differ";
      for (const auto& [name, set] : values) {
        const auto other = first.find(name);
        if (other == first.end() || name.ends_with("_bytes")) continue;  // sizes: each its sweep
        const bool common = std::any_of(set.begin(), set.end(),
                                        [&](const auto& v) { return other->second.contains(v); });
        EXPECT_TRUE(common) << "no value of " << name << " is offered by both";
      }
    }
  }
  if (compared == 0) GTEST_SKIP() << "no benchmark id has two backends with devices here";
}

}  // namespace
}  // namespace accelbench
