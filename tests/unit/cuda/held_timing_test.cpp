// The host side of the CUDA cases' launch-free timing (cuda/held_stream.h),
// the test processes' catalog order (gpu_presence.h) and the GPU sweep sizes:
// all checked without a GPU.
#include <accelbench/benchmark.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "cuda/held_stream.h"
#include "gpu_presence.h"
#include "memory/latency/latency.h"
#include "memory/stream/stream.h"
#include "selection.h"

namespace accelbench {
namespace {

using cuda::HoldSequence;

// A hold whose steps write what they do to `log`.
HoldSequence recording(std::vector<std::string>& log) {
  return HoldSequence({.load_kernels = [&log] { log.push_back("load"); },
                       .block = [&log] { log.push_back("block"); },
                       .release = [&log] { log.push_back("release"); }});
}

TEST(CudaHeldTiming, KernelsAreLoadedBeforeTheSpinnerAndWorkIsQueuedBeforeRelease) {
  std::vector<std::string> log;
  HoldSequence hold = recording(log);
  hold.prepare();
  hold.run([&log] { log.push_back("enqueue"); });
  hold.run([&log] { log.push_back("enqueue"); });
  EXPECT_EQ(log, (std::vector<std::string>{"load", "block", "enqueue", "release", "block",
                                           "enqueue", "release"}));
}

TEST(CudaHeldTiming, RunningBeforeTheKernelsAreLoadedIsRefusedWithoutBlocking) {
  std::vector<std::string> log;
  HoldSequence hold = recording(log);
  EXPECT_THROW(hold.run([&log] { log.push_back("enqueue"); }), std::logic_error);
  EXPECT_TRUE(log.empty()) << "a spinner was launched before the kernels were loaded";
}

TEST(CudaHeldTiming, TheFlagIsReleasedWhenQueueingThrows) {
  std::vector<std::string> log;
  HoldSequence hold = recording(log);
  hold.prepare();
  EXPECT_THROW(hold.run([] { throw std::runtime_error("cudaMemcpyAsync failed"); }),
               std::runtime_error);
  EXPECT_EQ(log, (std::vector<std::string>{"load", "block", "release"}));
}

TEST(CudaHeldTiming, TheFlagIsReleasedWhenBlockingThrowsHalfway) {
  std::vector<std::string> log;
  HoldSequence hold({.load_kernels = [] {},
                     .block =
                         [&log] {
                           log.push_back("block stream 0");
                           throw std::runtime_error("launch on stream 1 failed");
                         },
                     .release = [&log] { log.push_back("release"); }});
  hold.prepare();
  EXPECT_THROW(hold.run([&log] { log.push_back("enqueue"); }), std::runtime_error);
  EXPECT_EQ(log, (std::vector<std::string>{"block stream 0", "release"}));
}

TEST(CudaHeldTiming, TheFlagGuardReleasesOnceOnEveryPath) {
  int flag = 0, releases = 0;
  {
    cuda::FlagRelease guard([&] { flag = 1, ++releases; });
    guard.release_now();
    EXPECT_EQ(flag, 1);
  }
  EXPECT_EQ(releases, 1);
  flag = 0;
  try {
    cuda::FlagRelease guard([&] { flag = 1; });
    throw std::runtime_error("between arm and release");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(flag, 1);
}

TEST(CudaHeldTiming, ShortOperationsAreRepeatedToTheTargetWithinTheQueueLimit) {
  EXPECT_EQ(cuda::operations_per_iteration(3e-6), cuda::kMostHeldOperations);  // GEMM n = 1024
  EXPECT_EQ(cuda::operations_per_iteration(1e-4), 20);                         // 2 ms / 0.1 ms
  EXPECT_EQ(cuda::operations_per_iteration(4e-4), 5);
  EXPECT_EQ(cuda::operations_per_iteration(2e-3), 1);
  EXPECT_EQ(cuda::operations_per_iteration(0.5), 1);  // a 16384 GEMM
  EXPECT_EQ(cuda::operations_per_iteration(0), 1);
  EXPECT_EQ(cuda::operations_per_iteration(-1), 1);
  EXPECT_EQ(cuda::operations_per_iteration(std::numeric_limits<double>::quiet_NaN()), 1);
  EXPECT_LT(cuda::kSpinLimitSeconds, 30) << "the spinner must give up before gpu-check's watchdog";
}

TEST(CudaHeldTiming, TheReportedTimeIsPerOperation) {
  EXPECT_DOUBLE_EQ(cuda::seconds_per_operation(2e-3, 128), 2e-3 / 128);
  EXPECT_DOUBLE_EQ(cuda::seconds_per_operation(5e-4, 1), 5e-4);
  EXPECT_THROW(cuda::seconds_per_operation(1e-3, 0), std::logic_error);
}

TEST(CudaTestProcess, TheCatalogIsTakenBeforeAnyTestWhereAGpuNodeExists) {
  const auto& state = cuda_test::catalog_state();
  EXPECT_TRUE(state.environment_ran) << "the catalog environment is not registered";
  EXPECT_EQ(state.taken_before_tests, cuda_test::nvidia_gpu_node_present());
}

TEST(CudaTestProcess, AGpuIsRecognisedByTheDriversDeviceNode) {
  const auto dev =
      std::filesystem::temp_directory_path() / ("accelbench-dev-" + std::to_string(getpid()));
  std::filesystem::create_directories(dev);
  EXPECT_FALSE(cuda_test::nvidia_gpu_node_present(dev.string()));
  std::ofstream(dev / "nvidiactl");
  std::ofstream(dev / "nvidia-uvm");
  EXPECT_FALSE(cuda_test::nvidia_gpu_node_present(dev.string())) << "control nodes are no GPU";
  std::ofstream(dev / "nvidia0");
  EXPECT_TRUE(cuda_test::nvidia_gpu_node_present(dev.string()));
  EXPECT_FALSE(cuda_test::nvidia_gpu_node_present((dev / "absent").string()));
  std::filesystem::remove_all(dev);
}

const Definition& cuda_definition(const std::string& id) {
  for (const auto& d : Registry::instance().all()) {
    if (d.id == id && d.backend == "cuda") return d;
  }
  throw std::logic_error("no CUDA definition " + id);
}

TEST(CudaSweeps, TheGpuLatencySweepReachesSixteenL2sAndOneGibibyte) {
  for (Suite suite : {Suite::kQuick, Suite::kFull}) {
    const auto points =
        cuda_definition("memory/latency").instances(cuda_test::described_h200(), suite);
    std::int64_t largest = 0;
    for (const auto& p : points) largest = std::max(largest, p.integer("working_set_bytes"));
    EXPECT_GE(largest, 16 * (std::int64_t{60} << 20));
    EXPECT_GE(largest, std::int64_t{1} << 30);
    EXPECT_LE(largest, std::int64_t{4} << 30) << "one step past the reach at most";
  }
  // The default reach keeps the CPU's and OpenCL's sweep: to 4 x the cache.
  const auto cpu = latency::sweep(std::uint64_t{32} << 20, Suite::kQuick);
  EXPECT_EQ(cpu.back().integer("working_set_bytes"), std::int64_t{256} << 20);  // 4^k x 4 KiB
  const auto gpu = latency::sweep(std::uint64_t{60} << 20, Suite::kQuick, latency::kGpuSweepReach);
  EXPECT_EQ(gpu.back().integer("working_set_bytes"), std::int64_t{1} << 30);
}

TEST(CudaSweeps, TheGpuStreamMovesAGibibytePerIterationInOneKernel) {
  // 4 KiB arrays: 3 x 4 KiB per pass, so 87382 passes make >= 1 GiB.
  EXPECT_EQ(stream::passes(512, stream::kDeviceBytesPerIteration), 87382);
  EXPECT_EQ(stream::passes(512), 5462) << "host backends keep 64 MiB";
  const Work w = stream::work(stream::Kernel::kTriad, 512, stream::kDeviceBytesPerIteration);
  EXPECT_DOUBLE_EQ(w.bytes, 3.0 * 8 * 512 * 87382);
  EXPECT_NE(w.convention.find("87382 pass(es)"), std::string::npos) << w.convention;
  Params small;
  small.set("array_bytes", std::int64_t{4096});
  const auto c =
      cuda_definition("memory/stream_triad").make_case(cuda_test::described_h200(), small);
  EXPECT_DOUBLE_EQ(c->work().bytes, w.bytes) << "the CUDA case counts the device passes";
}

// scripts/gpu-check runs the targets' instances first with the filter that
// scripts/gpu-targets.py prints for cuda:0's L2 size (60 MiB here), then the
// rest with its negation.
std::string gpu_check_target_filter() {
  const std::string command =
      "python3 '" ACCELBENCH_SOURCE_DIR "/scripts/gpu-targets.py' --print-filter 62914560";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return "";
  std::string out;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe)) out += buffer;
  pclose(pipe);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

TEST(CudaGpuCheck, TheTargetFilterSelectsExactlyTheTargetsOfAnH200FullSuite) {
  const std::string filter = gpu_check_target_filter();
  ASSERT_FALSE(filter.empty());
  const std::regex targets(filter, std::regex::ECMAScript);
  const std::regex rest("^(?!(" + filter + "))", std::regex::ECMAScript);
  std::vector<std::string> selected;
  int total = 0, rest_count = 0;
  for (const auto& definition : Registry::instance().all()) {
    if (definition.backend != "cuda") continue;
    for (const Params& params : definition.instances(cuda_test::described_h200(), Suite::kFull)) {
      const std::string name = instance_name(definition, cuda_test::described_h200(), params);
      ++total;
      if (std::regex_search(name, targets)) selected.push_back(name);
      if (std::regex_search(name, rest)) ++rest_count;
    }
  }
  std::sort(selected.begin(), selected.end());
  ASSERT_EQ(selected.size(), 6u) << ::testing::PrintToString(selected);
  EXPECT_EQ(selected[0], "compute/fma_peak/cuda:0/dtype:fp32");
  EXPECT_EQ(selected[1], "compute/gemm/cuda:0/dtype:bf16/matrix_size:8192");
  EXPECT_NE(selected[2].find("direction:d2h"), std::string::npos) << selected[2];
  EXPECT_NE(selected[3].find("direction:h2d"), std::string::npos) << selected[3];
  EXPECT_EQ(selected[4], "memory/stream_copy/cuda:0/array_bytes:251658240");
  EXPECT_EQ(selected[5], "memory/stream_triad/cuda:0/array_bytes:251658240");
  EXPECT_EQ(rest_count, total - 6) << "the rest of the suite runs everything else once";
  // gpu-check's time estimate rests on this count (one GPU: no peer instances).
  std::printf("CUDA full suite on an H200: %d instances\n", total);
  EXPECT_LT(total, 140);
}

}  // namespace
}  // namespace accelbench
