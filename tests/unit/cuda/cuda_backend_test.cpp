// The CUDA backend without and with a GPU. Without one (this development
// machine, CI) the GPU tests are reported skipped with the reason, never
// passed; on a machine with an NVIDIA GPU node they fail instead of skipping
// (gpu_presence.h). The host-side behaviour is checked either way.
#include <accelbench/benchmark.h>
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_fp8.h>
#include <dlfcn.h>
#include <gtest/gtest.h>

#include "compute/gemm/gemm.h"
#include "gpu_presence.h"
#include "telemetry_sampler.h"

namespace accelbench {
namespace {

using cuda_test::first_cuda_device;

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
  ACCELBENCH_CUDA_DEVICE_OR_SKIP(device);
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
  ACCELBENCH_CUDA_DEVICE_OR_SKIP(device);
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
    // Timing after verification runs on the restored random data.
    EXPECT_GT(c->iterate(), 0);
    auto bytes = c->result_bytes();
    bytes[bytes.size() / 3] ^= std::byte{0x10};
    EXPECT_EQ(c->verify().outcome, Verification::Outcome::kFailed);
  }
}

TEST(CudaHostDevice, TheSmKernelCopyHeldBehindTheFlagFinishesAndVerifies) {
  ACCELBENCH_CUDA_DEVICE_OR_SKIP(device);
  const Definition* transfer = cuda_definition("interconnect/host_device");
  ASSERT_NE(transfer, nullptr);
  for (const char* direction : {"h2d", "d2h"}) {
    SCOPED_TRACE(direction);
    Params params;
    params.set("direction", std::string(direction))
        .set("method", std::string("sm_kernel"))
        .set("host_memory", std::string("pinned"))
        .set("transfer_bytes", std::int64_t{(4 << 20) + 8});
    auto c = transfer->make_case(*device, params);
    c->setup();  // runs one held iteration: a deadlock would hang here
    EXPECT_GT(c->iterate(), 0);
    EXPECT_EQ(c->verify().outcome, Verification::Outcome::kPassed);
  }
}

TEST(CudaFmaPeak, TheClockIsMeasuredInsideTheKernel) {
  ACCELBENCH_CUDA_DEVICE_OR_SKIP(device);
  const Definition* fma = cuda_definition("compute/fma_peak");
  ASSERT_NE(fma, nullptr);
  Params params;
  params.set("dtype", std::string("fp32"));
  auto c = fma->make_case(*device, params);
  c->setup();
  EXPECT_GT(c->iterate(), 0);
  EXPECT_EQ(c->verify().outcome, Verification::Outcome::kPassed);
  const auto details = c->details();
  ASSERT_TRUE(details.contains("measured_sm_clock_mhz")) << details.dump();
  EXPECT_GT(details["measured_sm_clock_mhz"].get<double>(), 100);
  EXPECT_LT(details["measured_sm_clock_mhz"].get<double>(), 5000);
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
