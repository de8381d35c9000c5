// The CUDA backend without and with a GPU. Without one (this development
// machine, CI) the GPU tests are reported skipped with the reason, never
// passed; the host-side behaviour is checked either way.
#include <accelbench/benchmark.h>
#include <dlfcn.h>
#include <gtest/gtest.h>

#include "selection.h"
#include "telemetry_sampler.h"

namespace accelbench {
namespace {

std::optional<Device> first_cuda_device(std::string& why_not) {
  const DeviceCatalog catalog = enumerate_devices();
  for (const auto& d : catalog.devices) {
    if (d.backend == "cuda") return d;
  }
  for (const auto& u : catalog.unavailable) {
    if (u.backend == "cuda") why_not = u.reason;
  }
  return std::nullopt;
}

TEST(CudaBackend, WithoutAGpuTheBackendSaysWhy) {
  std::string why_not;
  if (first_cuda_device(why_not)) GTEST_SKIP() << "a CUDA device is present";
  EXPECT_NE(why_not.find("no CUDA device"), std::string::npos) << why_not;
}

TEST(CudaBackend, StreamTriadRunsAndVerifiesOnTheGpu) {
  std::string why_not;
  const auto device = first_cuda_device(why_not);
  if (!device) GTEST_SKIP() << "no CUDA device: " << why_not;
  const Definition* triad = nullptr;
  for (const auto& d : Registry::instance().all()) {
    if (d.id == "memory/stream_triad" && d.backend == "cuda") triad = &d;
  }
  ASSERT_NE(triad, nullptr);
  Params params;
  params.set("array_bytes", std::int64_t{64} << 20);
  auto c = triad->make_case(*device, params);
  c->setup();
  EXPECT_GT(c->iterate(), 0);
  EXPECT_EQ(c->verify().outcome, Verification::Outcome::kPassed);
  auto bytes = c->result_bytes();
  bytes[bytes.size() / 2 + 7] ^= std::byte{0x40};
  EXPECT_EQ(c->verify().outcome, Verification::Outcome::kFailed);
}

TEST(NvmlTelemetry, LoadedAtRunTimeAndAbsentWithoutTheDriver) {
  void* library = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
  TelemetrySampler sampler(3600);
  const auto providers = sampler.describe()["providers"];
  const bool listed = std::find(providers.begin(), providers.end(), "nvml") != providers.end();
  if (library) {
    dlclose(library);
    GTEST_SKIP() << "libnvidia-ml.so.1 is present here: readings depend on the GPU";
  }
  EXPECT_FALSE(listed) << "an NVML provider without libnvidia-ml.so.1";
}

}  // namespace
}  // namespace accelbench
