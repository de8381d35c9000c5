#include <accelbench/benchmark.h>
#include <gtest/gtest.h>

#include <map>

namespace accelbench {
namespace {

// One spec per id, as a benchmark's neutral file declares it.
const Spec& spec_of(const std::string& id) {
  static std::map<std::string, Spec> specs;
  Spec spec;
  spec.id = id;
  spec.parameters = {"bytes"};
  return specs.try_emplace(id, spec).first->second;
}

Definition definition(const std::string& id, const std::string& backend) {
  Definition d;
  d.id = id;
  d.backend = backend;
  d.spec = &spec_of(id);
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

TEST(Registry, RejectsASpecWhoseHowParameterIsNotOneOfItsParameters) {
  Registry registry;
  Spec spec = spec_of("memory/how_example");
  spec.how = {"threads"};  // the spec's parameters are {"bytes"}
  Definition d = definition("memory/how_example", "cpu");
  d.spec = &spec;
  EXPECT_THROW(registry.add(d), std::logic_error);
  spec.parameters.push_back("threads");
  EXPECT_NO_THROW(registry.add(d));
}

TEST(Registry, RejectsASweepThatIsNoWhatParameterOrDoesNotFitTheMetric) {
  Registry registry;
  Spec spec = spec_of("memory/sweep_example");
  spec.parameters = {"bytes", "threads"};
  spec.how = {"threads"};
  Definition d = definition("memory/sweep_example", "cpu");
  d.metric = MetricKind::kLatency;
  spec.metric = MetricKind::kLatency;
  d.spec = &spec;
  spec.sweep = {"size", SweepHeadline::kLargest};
  EXPECT_THROW(registry.add(d), std::logic_error) << "not a parameter";
  spec.sweep = {"threads", SweepHeadline::kLargest};
  EXPECT_THROW(registry.add(d), std::logic_error) << "a how-parameter";
  spec.sweep = {"bytes", SweepHeadline::kPeak};
  EXPECT_THROW(registry.add(d), std::logic_error) << "the peak of a latency";
  spec.sweep = {"bytes", SweepHeadline::kSmallest};
  EXPECT_NO_THROW(registry.add(d));
}

TEST(Registry, RejectsASpecWhoseLinkDoesNotFitItsClaim) {
  Registry registry;
  Spec spec = spec_of("memory/link_example");
  Definition d = definition("memory/link_example", "cpu");
  d.spec = &spec;
  spec.link = Link::kMemory;  // claim: compute
  EXPECT_THROW(registry.add(d), std::logic_error) << "a compute benchmark names a link";
  spec.claim = d.claim = Claim::kInterconnect;
  spec.link = Link::kNone;
  EXPECT_THROW(registry.add(d), std::logic_error) << "an interconnect benchmark names none";
  spec.link = Link::kMemory;
  EXPECT_NO_THROW(registry.add(d));
}

TEST(Registry, RejectsADefinitionWithoutASpec) {
  Registry registry;
  Definition d = definition("memory/example", "cpu");
  d.spec = nullptr;
  EXPECT_THROW(registry.add(d), std::logic_error);
  EXPECT_TRUE(registry.all().empty());
}

TEST(Registry, RejectsABackendThatDisagreesWithTheSpec) {
  Registry registry;
  Definition claim = definition("memory/example", "cpu");
  claim.claim = Claim::kStability;
  EXPECT_THROW(registry.add(claim), std::logic_error);
  Definition metric = definition("memory/example", "cpu");
  metric.metric = MetricKind::kLatency;
  EXPECT_THROW(registry.add(metric), std::logic_error);
  Definition id = definition("memory/example", "cpu");
  id.spec = &spec_of("memory/other");
  EXPECT_THROW(registry.add(id), std::logic_error);
  EXPECT_TRUE(registry.all().empty());
}

TEST(Registry, RejectsASecondSpecForOneId) {
  Registry registry;
  registry.add(definition("memory/example", "cpu"));
  const Spec copy = spec_of("memory/example");
  Definition d = definition("memory/example", "opencl");
  d.spec = &copy;
  EXPECT_THROW(registry.add(d), std::logic_error);
  EXPECT_EQ(registry.spec("memory/example"), &spec_of("memory/example"));
}

TEST(Registry, RefusesAnInstanceWithAParameterItsSpecDoesNotDeclare) {
  Registry registry;
  Definition d = definition("memory/example", "cpu");
  d.instances = [](const Device&, Suite) {
    Params declared, undeclared;
    declared.set("bytes", 4096);
    undeclared.set("bytes", 4096).set("threads", 2);
    return std::vector<Params>{declared, undeclared};
  };
  registry.add(d);
  const Device cpu{"cpu:0", "cpu", 0, "cpu", {}, {}};
  EXPECT_THROW(registry.all().front().instances(cpu, Suite::kQuick), std::logic_error);
}

// Every registered benchmark agrees with its spec (the registry checked it at
// start-up) and its instances here carry only the spec's parameters.
TEST(Registry, EveryRegisteredBenchmarkHasItsSpec) {
  const Registry& registry = Registry::instance();
  ASSERT_FALSE(registry.all().empty());
  for (const auto& d : registry.all()) {
    ASSERT_NE(d.spec, nullptr) << d.id;
    EXPECT_EQ(registry.spec(d.id), d.spec) << d.id;
    EXPECT_EQ(d.spec->claim, d.claim) << d.id;
    EXPECT_EQ(d.spec->metric, d.metric) << d.id;
  }
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
