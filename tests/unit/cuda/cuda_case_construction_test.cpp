// Constructing a CUDA case must not touch the CUDA runtime: the selection
// constructs every case in the parent process to check its parameters, and a
// context made there cannot be used by a forked --isolate child. Where the
// runtime cannot start (no driver: this machine, CI), any runtime call fails
// and throws, so a constructor that makes one is caught here.
#include <accelbench/benchmark.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "gpu_presence.h"
#include "runner.h"

namespace accelbench {
namespace {

TEST(CudaCases, ConstructingACaseTouchesNoRuntime) {
  for (const auto& d : cuda_test::catalog_state().catalog.devices) {
    if (d.backend == "cuda") GTEST_SKIP() << "a CUDA device is present: runtime calls succeed";
  }
  const Device gpu = cuda_test::described_h200(2);
  int constructed = 0;
  for (const auto& definition : Registry::instance().all()) {
    if (definition.backend != "cuda") continue;
    for (Suite suite : {Suite::kQuick, Suite::kFull}) {
      for (const Params& params : definition.instances(gpu, suite)) {
        SCOPED_TRACE(definition.id + " " + params.name());
        try {
          definition.make_case(gpu, params);
          ++constructed;
        } catch (const Error& e) {
          ADD_FAILURE() << "the constructor threw: " << e.what();
        }
      }
    }
  }
  EXPECT_GT(constructed, 100);
}

// A case sized by the SM count (STREAM's and fma_peak's grids, GEMM's fill
// grid, the copy kernel's wave) cannot run on a device that does not report
// it: the instance is skipped, naming the fact, before the runtime is touched
// (the constructor asks), so this holds with or without a GPU.
TEST(CudaCases, WithoutAnSmCountTheInstanceIsSkippedNamingTheFact) {
  Device gpu = cuda_test::described_h200(2);
  gpu.facts.compute_units.reset();
  const auto sized_by_sms = [](const Definition& d, const Params& params) {
    if (d.id.starts_with("memory/stream_") || d.id == "compute/fma_peak" ||
        d.id == "compute/gemm") {
      return true;
    }
    return (d.id == "interconnect/host_device" || d.id == "interconnect/peer") &&
           params.text("method") == "sm_kernel";
  };
  std::map<std::string, int> skipped;
  for (const auto& definition : Registry::instance().all()) {
    if (definition.backend != "cuda") continue;
    for (const Params& params : definition.instances(gpu, Suite::kQuick)) {
      if (!sized_by_sms(definition, params)) continue;
      SCOPED_TRACE(definition.id + " " + params.name());
      const InstanceResult result =
          run_instance(Instance{&definition, gpu, params, definition.id + "/cuda:0", {}}, {});
      EXPECT_EQ(result.status, Status::kSkipped);
      EXPECT_EQ(result.reason, "cuda:0 does not report its SM count");
      ++skipped[definition.id];
    }
  }
  for (const char* id :
       {"memory/stream_copy", "memory/stream_triad", "memory/stream_dot", "compute/fma_peak",
        "compute/gemm", "interconnect/host_device", "interconnect/peer"}) {
    EXPECT_GT(skipped[id], 0) << id << " has no instance sized by the SM count";
  }
}

// The copy engines need no SM count: a copy_engine instance's constructor
// does not ask for it (it would be a skip for a fact the case never reads).
TEST(CudaCases, CopyEngineInstancesDoNotNeedAnSmCount) {
  Device gpu = cuda_test::described_h200(2);
  gpu.facts.compute_units.reset();
  int constructed = 0;
  for (const auto& definition : Registry::instance().all()) {
    if (definition.backend != "cuda") continue;
    if (definition.id != "interconnect/host_device" && definition.id != "interconnect/peer") {
      continue;
    }
    for (const Params& params : definition.instances(gpu, Suite::kQuick)) {
      if (params.text("method") != "copy_engine") continue;
      SCOPED_TRACE(definition.id + " " + params.name());
      EXPECT_NO_THROW(definition.make_case(gpu, params));
      ++constructed;
    }
  }
  EXPECT_GT(constructed, 0);
}

// Without the device's memory size the host_device sweep is not the device's:
// its bandwidth instances are skipped naming the fact (the latency one, 8 B,
// needs no size).
TEST(CudaCases, WithoutTheMemorySizeHostDeviceBandwidthIsSkipped) {
  Device gpu = cuda_test::described_h200();
  gpu.facts.memory_bytes.reset();
  int checked = 0;
  for (const auto& definition : Registry::instance().all()) {
    if (definition.backend != "cuda") continue;
    if (!definition.id.starts_with("interconnect/host_device")) continue;
    const bool latency = definition.id == "interconnect/host_device_latency";
    for (const Params& params : definition.instances(gpu, Suite::kQuick)) {
      SCOPED_TRACE(definition.id + " " + params.name());
      if (latency) {
        EXPECT_NO_THROW(definition.make_case(gpu, params));
      } else {
        try {
          definition.make_case(gpu, params);
          ADD_FAILURE() << "constructed without the memory size";
        } catch (const Error& e) {
          EXPECT_EQ(e.kind(), ErrorKind::kUnsupported);
          EXPECT_EQ(std::string(e.what()), "cuda:0 does not report its memory size");
        }
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 1);
}

bool is_peer(const Definition& d) { return d.id.starts_with("interconnect/peer"); }

// The peer sweeps cover every visible device (the visible_devices fact), the
// ones peer access does not reach as well (their copies are staged through
// host memory).
TEST(CudaCases, PeerSweepsListEveryVisibleDevice) {
  Device gpu = cuda_test::described_h200(3);
  gpu.facts.peer_access = std::vector<int>{1};  // cuda:2 is reachable through the host only
  int checked = 0;
  for (const auto& definition : Registry::instance().all()) {
    if (definition.backend != "cuda" || !is_peer(definition)) continue;
    std::set<std::string> peers;
    for (const Params& params : definition.instances(gpu, Suite::kQuick)) {
      peers.insert(params.text("peer"));
    }
    EXPECT_EQ(peers, (std::set<std::string>{"1", "2"})) << definition.id;
    ++checked;
  }
  EXPECT_EQ(checked, 3);
}

// Each peer benchmark lists one instance on `gpu`; the reasons it is skipped.
std::vector<std::string> peer_skip_reasons(const Device& gpu) {
  std::vector<std::string> reasons;
  for (const auto& definition : Registry::instance().all()) {
    if (definition.backend != "cuda" || !is_peer(definition)) continue;
    const auto points = definition.instances(gpu, Suite::kQuick);
    EXPECT_EQ(points.size(), 1u) << definition.id;
    if (points.size() != 1) continue;
    const InstanceResult result =
        run_instance(Instance{&definition, gpu, points.front(), definition.id + "/cuda:0", {}}, {});
    EXPECT_EQ(result.status, Status::kSkipped) << definition.id;
    reasons.push_back(result.reason);
  }
  return reasons;
}

// Without the visible device count no peer is listed: each peer benchmark's
// one instance is skipped naming the fact (not "one device").
TEST(CudaCases, WithoutTheVisibleDeviceCountPeerInstancesAreSkippedNamingTheFact) {
  Device gpu = cuda_test::described_h200(2);
  gpu.facts.visible_devices.reset();
  const std::string reason = "cuda:0 does not report its visible device count";
  EXPECT_EQ(peer_skip_reasons(gpu), (std::vector<std::string>{reason, reason, reason}));
}

// One visible device: every peer benchmark is skipped as "one device" (the
// read chase too, whose instance has no working set).
TEST(CudaCases, OnOneDevicePeerInstancesAreSkippedAsOneDevice) {
  const std::string reason = "one device: peer transfers need at least two";
  EXPECT_EQ(peer_skip_reasons(cuda_test::described_h200(1)),
            (std::vector<std::string>{reason, reason, reason}));
}

// --param peer=N: the device itself or a device beyond the visible ones is a
// usage error naming the count, on every peer benchmark.
TEST(CudaCases, APeerThatIsTheDeviceOrNotVisibleIsAUsageError) {
  const Device gpu = cuda_test::described_h200(2);
  int checked = 0;
  for (const auto& definition : Registry::instance().all()) {
    if (definition.backend != "cuda" || !is_peer(definition)) continue;
    for (const std::string peer : {"0", "2", "7"}) {
      Params params = definition.instances(gpu, Suite::kQuick).front();
      params.set("peer", peer);
      SCOPED_TRACE(definition.id + " peer=" + peer);
      try {
        definition.make_case(gpu, params);
        ADD_FAILURE() << "accepted";
      } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::kUsage) << e.what();
        EXPECT_NE(std::string(e.what()).find("2 visible device(s)"), std::string::npos) << e.what();
      }
      ++checked;
    }
    Params valid = definition.instances(gpu, Suite::kQuick).front();
    EXPECT_EQ(valid.text("peer"), "1");
  }
  EXPECT_EQ(checked, 9) << "three peer benchmarks, three bad peers each";
}

}  // namespace
}  // namespace accelbench
