// Sizes against the machine: every benchmark with a size parameter declares
// its footprint, and the selection refuses (a --param) or skips (a suite
// default) an instance that does not fit before anything is allocated.
#include <accelbench/benchmark.h>
#include <accelbench/error.h>
#include <gtest/gtest.h>

#include "memory_capacity.h"
#include "selection.h"

namespace accelbench {
namespace {

bool is_size(const std::string& key) {
  return key == "matrix_size" || (key.size() > 6 && key.ends_with("_bytes"));
}

TEST(Footprint, EveryBenchmarkWithASizeDeclaresOne) {
  const DeviceCatalog catalog = enumerate_devices();
  int checked = 0;
  for (const auto& definition : Registry::instance().all()) {
    for (const auto& device : catalog.devices) {
      if (device.backend != definition.backend) continue;
      for (const auto& params : definition.instances(device, Suite::kQuick)) {
        for (const auto& entry : params.entries()) {
          if (!is_size(entry.key)) continue;
          const FootprintFunction* footprint = Registry::instance().footprint(definition.id);
          ASSERT_NE(footprint, nullptr) << definition.id << " has " << entry.key;
          const Footprint bytes = (*footprint)(params);
          EXPECT_GE(bytes.device_bytes + bytes.host_bytes, std::get<std::int64_t>(entry.value))
              << definition.id << " " << params.name();
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 0);
}

// The footprint is part of the one spec of an id: a second spec for the
// same id is refused, and an id whose spec declares none has none.
TEST(Footprint, ComesFromTheOneSpecOfAnId) {
  Registry registry;
  Spec sized;
  sized.id = "memory/example";
  sized.parameters = {"array_bytes"};
  sized.footprint = [](const Params&) { return Footprint{1, 0}; };
  const Spec other_sized = sized;
  Spec small;
  small.id = "memory/small";
  const auto definition = [](const Spec& spec, const std::string& backend) {
    Definition d;
    d.id = spec.id;
    d.backend = backend;
    d.spec = &spec;
    d.instances = [](const Device&, Suite) { return std::vector<Params>{}; };
    d.make_case = [](const Device&, const Params&) -> std::unique_ptr<Case> { return nullptr; };
    return d;
  };
  registry.add(definition(sized, "cpu"));
  registry.add(definition(small, "cpu"));
  EXPECT_THROW(registry.add(definition(other_sized, "opencl")), std::logic_error);
  ASSERT_NE(registry.footprint("memory/example"), nullptr);
  EXPECT_EQ((*registry.footprint("memory/example"))(Params{}).device_bytes, 1);
  EXPECT_EQ(registry.footprint("memory/small"), nullptr);
  EXPECT_EQ(registry.footprint("memory/missing"), nullptr);
}

TEST(MemoryShortfall, HostDeviceCountsBothAgainstAvailableMemory) {
  const MemoryCapacity host_only{std::nullopt, 8.0 * (1 << 30)};
  EXPECT_EQ(memory_shortfall({4.0 * (1 << 30), 4.0 * (1 << 30)}, "cpu:0", host_only), "");
  EXPECT_EQ(memory_shortfall({6.0 * (1 << 30), 3.0 * (1 << 30)}, "cpu:0", host_only),
            "needs 9 GiB of memory, device cpu:0 has 8 GiB available (host MemAvailable)");
}

TEST(MemoryShortfall, DeviceMemoryAndHostStagingApart) {
  const MemoryCapacity gpu{80.0 * (1 << 30), 16.0 * (1 << 30)};
  EXPECT_EQ(memory_shortfall({64.0 * (1 << 30), 8.0 * (1 << 30)}, "cuda:0", gpu), "");
  EXPECT_EQ(memory_shortfall({96.0 * (1 << 30), 0}, "cuda:0", gpu),
            "needs 96 GiB of device memory, device cuda:0 has 80 GiB");
  EXPECT_EQ(memory_shortfall({1 << 20, 32.0 * (1 << 30)}, "cuda:0", gpu),
            "needs 32 GiB of host memory beside device cuda:0, the host has 16 GiB available "
            "(host MemAvailable)");
}

TEST(MemoryCapacity, FromTheDeviceFactsOrTheHost) {
  Device gpu{"cuda:0", "cuda", 0, "gpu", {}, {}};
  gpu.facts.memory_bytes = 1 << 30;
  // A description key is for people: it is not read.
  Device cpu{"cpu:0", "cpu", 0, "cpu", {{"memory_bytes", 1 << 20}}, {}};
  EXPECT_EQ(device_memory_bytes(gpu), 1 << 30);
  EXPECT_EQ(device_memory_bytes(cpu), std::nullopt);
  EXPECT_GT(host_available_bytes(), 0);
}

// The host's CPU described as a device of 1 MiB: the suite's defaults do not
// fit and are skipped with the reason; a --param that does not fit is a usage
// error; one that fits runs.
DeviceCatalog small_cpu() {
  DeviceCatalog catalog = enumerate_devices();
  for (auto& device : catalog.devices) {
    if (device.id == "cpu:0") device.facts.memory_bytes = 1 << 20;
  }
  return catalog;
}

TEST(Selection, ASuiteDefaultTooLargeForTheDeviceIsSkippedWithTheReason) {
  const auto instances = select_instances(
      small_cpu(), {std::string("^memory/stream_copy/cpu:0/"), {}, Suite::kQuick, {}, {}});
  ASSERT_FALSE(instances.empty());
  for (const auto& instance : instances) {
    EXPECT_NE(instance.unavailable.find("of device memory, device cpu:0 has 1 MiB"),
              std::string::npos)
        << instance.name << ": '" << instance.unavailable << "'";
  }
}

TEST(Selection, AParamTooLargeForTheDeviceIsAUsageError) {
  try {
    select_instances(small_cpu(), {std::string("^memory/stream_copy/cpu:0/"),
                                   {},
                                   Suite::kQuick,
                                   {{"array_bytes", "1MiB"}},
                                   {}});
    ADD_FAILURE() << "3 MiB of arrays were accepted on a 1 MiB device";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_NE(std::string(e.what()).find("needs 3 MiB of device memory, device cpu:0 has 1 MiB"),
              std::string::npos)
        << e.what();
  }
  const auto fits = select_instances(small_cpu(), {std::string("^memory/stream_copy/cpu:0/"),
                                                   {},
                                                   Suite::kQuick,
                                                   {{"array_bytes", "64KiB"}},
                                                   {}});
  ASSERT_EQ(fits.size(), 1u);
  EXPECT_EQ(fits.front().unavailable, "");
}

}  // namespace
}  // namespace accelbench
