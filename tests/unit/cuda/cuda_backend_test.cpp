// The CUDA backend without and with a GPU. Without one (this development
// machine, CI) the GPU tests are reported skipped with the reason, never
// passed; the host-side behaviour is checked either way.
#include <accelbench/benchmark.h>
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_fp8.h>
#include <dlfcn.h>
#include <gtest/gtest.h>

#include "compute/gemm/gemm.h"
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

const Definition* cuda_definition(const std::string& id) {
  for (const auto& d : Registry::instance().all()) {
    if (d.id == id && d.backend == "cuda") return &d;
  }
  return nullptr;
}

TEST(CudaBackend, StreamTriadRunsAndVerifiesOnTheGpu) {
  std::string why_not;
  const auto device = first_cuda_device(why_not);
  if (!device) GTEST_SKIP() << "no CUDA device: " << why_not;
  const Definition* triad = cuda_definition("memory/stream_triad");
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

// The GEMM's exactness rests on every random entry (±1..8) being exact in
// each input type the GPU multiplies in.
TEST(CudaGemm, TheRandomEntriesAreExactInEveryInputType) {
  for (std::uint64_t i = 0; i < 1000; ++i) {
    const auto value = static_cast<double>(gemm::random_entry(gemm::kStreamA, i));
    EXPECT_EQ(static_cast<double>(__half2float(__double2half(value))), value);
    EXPECT_EQ(static_cast<double>(__bfloat162float(__double2bfloat16(value))), value);
    EXPECT_EQ(static_cast<double>(static_cast<float>(__nv_fp8_e4m3(value))), value);
  }
}

TEST(CudaGemm, EveryDataTypeVerifiesOnTheGpuAndACorruptedElementFails) {
  std::string why_not;
  const auto device = first_cuda_device(why_not);
  if (!device) GTEST_SKIP() << "no CUDA device: " << why_not;
  const Definition* gemm = cuda_definition("compute/gemm");
  ASSERT_NE(gemm, nullptr);
  for (const char* dtype : {"fp64", "fp32", "tf32", "fp16", "bf16", "fp8"}) {
    SCOPED_TRACE(dtype);
    Params params;
    params.set("dtype", std::string(dtype)).set("matrix_size", std::int64_t{512});
    auto c = gemm->make_case(*device, params);
    try {
      c->setup();
    } catch (const Error& e) {
      ASSERT_EQ(e.kind(), ErrorKind::kUnsupported) << e.what();
      std::printf("%s: skipped: %s\n", dtype, e.what());
      continue;
    }
    EXPECT_GT(c->iterate(), 0);
    EXPECT_EQ(c->verify().outcome, Verification::Outcome::kPassed);
    auto bytes = c->result_bytes();
    bytes[bytes.size() / 3] ^= std::byte{0x10};
    EXPECT_EQ(c->verify().outcome, Verification::Outcome::kFailed);
  }
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
