// NUMA matrices on the CPU: threads pinned to the cores of one node (hwloc),
// memory bound to another (cpu::NodeMemory).
#include <omp.h>

#include <optional>

#include "cpu/cpu_backend.h"
#include "cpu/pointer_chase.h"
#include "numa.h"

namespace accelbench::numa {
namespace {

ACCELBENCH_VECTOR_CLONES double sum_chunk(const double* __restrict a, std::int64_t begin,
                                          std::int64_t end) {
  double sum = 0;
#pragma omp simd reduction(+ : sum)
  for (std::int64_t i = begin; i < end; ++i) sum += a[i];
  return sum;
}

std::vector<int> cores_or_skip(int node) {
  if (node >= cpu::numa_node_count()) {
    throw unsupported("no NUMA node " + std::to_string(node) + " here (" +
                      std::to_string(cpu::numa_node_count()) + " node(s))");
  }
  auto cores = cpu::cores_of_numa_node(node);
  if (cores.empty()) throw unsupported("NUMA node " + std::to_string(node) + " has no cores");
  return cores;
}

void add_memory_placement(nlohmann::ordered_json& placement, const cpu::NodeMemory& memory,
                          int node) {
  placement["memory_node_requested"] = node;
  placement["memory_nodes_holding_pages"] = memory.nodes_holding();
  placement["memory_binding"] = "hwloc_alloc_membind, BIND, strict";
}

class CpuNumaBandwidth final : public Case {
 public:
  explicit CpuNumaBandwidth(const Params& params)
      : cpu_node_(node(params, "cpu_node")),
        mem_node_(node(params, "mem_node")),
        n_(bytes(params, "array_bytes") / 8) {}

  Work work() const override {
    Work w;
    w.bytes = 8.0 * static_cast<double>(n_);
    w.convention = "read bandwidth: one 8-byte element read per element of the array";
    return w;
  }

  void setup() override {
    const auto cores = cores_or_skip(cpu_node_);
    cores_or_skip(mem_node_);
    threads_ = static_cast<int>(cores.size());
    placement_ = cpu::pin_openmp_threads(threads_, cores);
    memory_.emplace(static_cast<std::size_t>(n_) * sizeof(double), mem_node_);
    double* a = static_cast<double*>(memory_->get());
#pragma omp parallel for schedule(static) num_threads(threads_)
    for (std::int64_t i = 0; i < n_; ++i) a[i] = element(static_cast<std::uint64_t>(i));
    add_memory_placement(placement_, *memory_, mem_node_);
  }

  double iterate() override {
    const double* a = static_cast<const double*>(memory_->get());
    double sum = 0;
#pragma omp parallel num_threads(threads_) reduction(+ : sum)
    {
      const int t = omp_get_thread_num();
      const std::int64_t chunk = (n_ + threads_ - 1) / threads_;
      sum += sum_chunk(a, std::min(n_, t * chunk), std::min(n_, (t + 1) * chunk));
    }
    sum_ = sum;
    return 0;
  }

  // Integer elements in [1, 255]: every partial sum is exact, in any order.
  Verification verify() override {
    return check_scalar(sum_, static_cast<double>(exact_sum(static_cast<std::uint64_t>(n_))), 0,
                        "sum of the array vs the exact integer sum (integer data: exact)");
  }

  std::span<std::byte> result_bytes() override {
    return std::as_writable_bytes(std::span(&sum_, 1));
  }

  nlohmann::ordered_json placement() const override { return placement_; }

 private:
  int cpu_node_, mem_node_;
  std::int64_t n_;
  int threads_ = 1;
  std::optional<cpu::NodeMemory> memory_;
  double sum_ = 0;
  nlohmann::ordered_json placement_;
};

class CpuNumaLatency final : public cpu::PointerChaseCase {
 public:
  static constexpr std::uint64_t kSeed = 0x0a11ce;

  explicit CpuNumaLatency(const Params& params)
      : cpu_node_(node(params, "cpu_node")),
        mem_node_(node(params, "mem_node")),
        lines_(static_cast<std::size_t>(bytes(params, "working_set_bytes")) /
               cpu::PointerChase::kLineBytes) {}

  void setup() override {
    const auto cores = cores_or_skip(cpu_node_);
    cores_or_skip(mem_node_);
    placement_ = cpu::pin_current_thread(cores.front());
    memory_.emplace(lines_ * cpu::PointerChase::kLineBytes, mem_node_);
    start_chase(memory_->get(), lines_, kSeed);
    add_memory_placement(placement_, *memory_, mem_node_);
  }

 private:
  int cpu_node_, mem_node_;
  std::size_t lines_;
  std::optional<cpu::NodeMemory> memory_;
};

template <class CaseType>
Definition definition(const Spec& spec, MetricKind metric, const char* size_key,
                      const char* summary) {
  Definition d;
  d.id = spec.id;
  d.backend = "cpu";
  d.claim = Claim::kInterconnect;
  d.metric = metric;
  d.spec = &spec;
  d.timer = Timer::kHost;
  d.summary = summary;
  d.instances = [size_key](const Device&, Suite) {
    return matrix(cpu::numa_node_count(), size_key, cpu::last_level_cache_bytes());
  };
  d.make_case = make_case_from_params<CaseType>;
  d.analyze = [metric](const Device&, const std::vector<SweepPoint>& points) {
    return analyze(points, cpu::numa_node_count(), metric_unit(metric));
  };
  return d;
}

std::vector<Definition> definitions() {
  return {definition<CpuNumaBandwidth>(
              bandwidth_spec(), MetricKind::kBandwidth, "array_bytes",
              "read bandwidth from every NUMA node's cores to every node's memory (hwloc membind)"),
          definition<CpuNumaLatency>(
              latency_spec(), MetricKind::kLatency, "working_set_bytes",
              "pointer-chase latency from every NUMA node's cores to every node's memory")};
}

ACCELBENCH_REGISTER(kCpuNuma, definitions());

}  // namespace
}  // namespace accelbench::numa
