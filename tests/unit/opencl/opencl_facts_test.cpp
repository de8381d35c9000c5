// The OpenCL benchmarks read the typed device facts (not the description): a
// fact a case cannot run without makes it unsupported (skipped) naming the
// fact; a fact that only sizes a sweep falls back as each file documents.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "selection.h"

namespace accelbench {
namespace {

std::optional<Device> first_opencl_device() {
  for (const auto& d : enumerate_devices().devices) {
    if (d.backend == "opencl") return d;
  }
  return std::nullopt;
}

const Definition& opencl_definition(const std::string& id) {
  for (const auto& d : Registry::instance().all()) {
    if (d.id == id && d.backend == "opencl") return d;
  }
  throw std::logic_error("no OpenCL " + id);
}

// The message of the Error(kUnsupported) that `run` throws, or what it did instead.
template <class Run>
std::string unsupported_reason(Run run) {
  try {
    run();
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::kUnsupported) return e.what();
    return std::string("another error: ") + e.what();
  }
  return "no error";
}

std::int64_t largest(const std::vector<Params>& points, const std::string& key) {
  std::int64_t most = 0;
  for (const auto& p : points) most = std::max(most, p.integer(key));
  return most;
}

TEST(OpenclFacts, FmaPeakWithoutComputeUnitsOrWorkGroupSizeIsSkippedNamingTheFact) {
  auto device = first_opencl_device();
  if (!device) GTEST_SKIP() << "no OpenCL device here";
  const Definition& fma = opencl_definition("compute/fma_peak");
  const Params params = fma.instances(*device, Suite::kQuick).front();
  EXPECT_NO_THROW(fma.make_case(*device, params));

  Device no_units = *device;
  no_units.facts.compute_units.reset();
  EXPECT_EQ(unsupported_reason([&] { fma.make_case(no_units, params); }),
            device->id + " does not report its compute units");

  Device no_group = *device;
  no_group.facts.max_work_group_size.reset();
  EXPECT_EQ(unsupported_reason([&] { fma.make_case(no_group, params); }),
            device->id + " does not report its largest work-group size");
}

TEST(OpenclFacts, StreamDotWithoutTheDeviceKindIsSkippedTheOtherKernelsRun) {
  auto device = first_opencl_device();
  if (!device) GTEST_SKIP() << "no OpenCL device here";
  device->facts.gpu.reset();
  Params small;
  small.set("array_bytes", std::int64_t{1} << 16);
  const auto dot = opencl_definition("memory/stream_dot").make_case(*device, small);
  EXPECT_EQ(unsupported_reason([&] { dot->setup(); }),
            device->id + " does not report its type (gpu or not)");
  const auto copy = opencl_definition("memory/stream_copy").make_case(*device, small);
  EXPECT_EQ(unsupported_reason([&] { copy->setup(); }), "no error");
}

TEST(OpenclFacts, SweepsAreSizedByTheFactsAndFallBackWhenOneIsMissing) {
  auto device = first_opencl_device();
  if (!device) GTEST_SKIP() << "no OpenCL device here";
  constexpr std::int64_t kMiB = 1 << 20;
  Device known = *device;
  known.facts.last_level_cache_bytes = 1 * kMiB;
  known.facts.max_allocation_bytes = 64 * kMiB;
  Device unknown = *device;
  unknown.facts.last_level_cache_bytes.reset();
  unknown.facts.max_allocation_bytes.reset();

  const Definition& triad = opencl_definition("memory/stream_triad");
  EXPECT_EQ(triad.instances(known, Suite::kQuick).front().integer("array_bytes"), 4 * kMiB);
  EXPECT_EQ(triad.instances(unknown, Suite::kQuick).front().integer("array_bytes"), 256 * kMiB);

  const Definition& latency = opencl_definition("memory/latency");
  EXPECT_EQ(largest(latency.instances(known, Suite::kQuick), "working_set_bytes"), 4 * kMiB);
  EXPECT_EQ(largest(latency.instances(unknown, Suite::kQuick), "working_set_bytes"), 256 * kMiB);

  const Definition& transfers = opencl_definition("interconnect/host_device");
  EXPECT_EQ(largest(transfers.instances(known, Suite::kFull), "transfer_bytes"), 64 * kMiB);
  EXPECT_EQ(largest(transfers.instances(unknown, Suite::kFull), "transfer_bytes"), 1024 * kMiB);
}

// The widths the fma_peak sweep lists, by dtype.
std::map<std::string, std::int64_t> listed_widths(const Device& device) {
  std::map<std::string, std::int64_t> widths;
  for (const auto& p : opencl_definition("compute/fma_peak").instances(device, Suite::kQuick)) {
    widths[p.text("dtype")] = p.integer("vector_width");
  }
  return widths;
}

TEST(OpenclFacts, PreferredVectorWidthsAreTheDevicesAndSizeTheFmaPeakSweep) {
  auto device = first_opencl_device();
  if (!device) GTEST_SKIP() << "no OpenCL device here";
  // Enumeration reports what the description shows for people.
  ASSERT_TRUE(device->facts.preferred_vector_widths.has_value());
  const auto& described = device->description.at("preferred_vector_width");
  const std::map<std::string, int> expected{{"fp32", described.at("float").get<int>()},
                                            {"fp64", described.at("double").get<int>()},
                                            {"fp16", described.at("half").get<int>()}};
  EXPECT_EQ(*device->facts.preferred_vector_widths, expected);

  Device known = *device;
  known.facts.preferred_vector_widths = std::map<std::string, int>{{"fp32", 8}, {"fp64", 0}};
  EXPECT_EQ(listed_widths(known),
            (std::map<std::string, std::int64_t>{{"fp32", 8}, {"fp64", 1}, {"fp16", 1}}));
  Device unknown = *device;
  unknown.facts.preferred_vector_widths.reset();
  EXPECT_EQ(listed_widths(unknown),
            (std::map<std::string, std::int64_t>{{"fp32", 1}, {"fp64", 1}, {"fp16", 1}}));
}

}  // namespace
}  // namespace accelbench
