#include <accelbench/benchmark.h>
#include <gtest/gtest.h>

namespace accelbench {
namespace {

Definition definition(const std::string& id, const std::string& backend) {
  Definition d;
  d.id = id;
  d.backend = backend;
  d.instances = [](const Device&, Suite) { return std::vector<Params>{}; };
  d.make_case = [](const Device&, const Params&) -> std::unique_ptr<Case> { return nullptr; };
  return d;
}

TEST(Registry, RejectsDuplicateIdOnSameBackend) {
  Registry registry;
  registry.add(definition("memory/example", "cpu"));
  EXPECT_THROW(registry.add(definition("memory/example", "cpu")), std::logic_error);
  EXPECT_EQ(registry.all().size(), 1u);
}

TEST(Registry, SameIdOnAnotherBackendIsAnotherDefinition) {
  Registry registry;
  registry.add(definition("memory/example", "cpu"));
  registry.add(definition("memory/example", "opencl"));
  EXPECT_EQ(registry.all().size(), 2u);
}

TEST(Registry, RejectsIdsNotOfTheFormGroupName) {
  Registry registry;
  EXPECT_THROW(registry.add(definition("stream", "cpu")), std::logic_error);
  EXPECT_THROW(registry.add(definition("Memory/Stream", "cpu")), std::logic_error);
  EXPECT_THROW(registry.add(definition("memory/stream/x", "cpu")), std::logic_error);
}

TEST(Registry, RejectsDefinitionsWithoutFunctions) {
  Registry registry;
  Definition d = definition("memory/example", "cpu");
  d.make_case = nullptr;
  EXPECT_THROW(registry.add(d), std::logic_error);
}

TEST(Registry, GlobalRegistryHoldsTheStreamKernelsOnTheCpu) {
  std::vector<std::string> ids;
  for (const auto& d : Registry::instance().all()) {
    if (d.backend == "cpu") ids.push_back(d.id);
  }
  for (const char* kernel : {"copy", "scale", "add", "triad", "dot"}) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), std::string("memory/stream_") + kernel), ids.end())
        << kernel;
  }
}

TEST(BackendRegistry, RejectsDuplicateNames) {
  BackendRegistry registry;
  registry.add({"cpu", [] { return std::vector<Device>{}; }});
  EXPECT_THROW(registry.add({"cpu", [] { return std::vector<Device>{}; }}), std::logic_error);
}

}  // namespace
}  // namespace accelbench
