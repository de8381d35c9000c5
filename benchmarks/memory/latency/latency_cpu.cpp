// Pointer chase on the CPU (cpu::PointerChase): one thread, pinned to the
// first core. Timed with the host clock.
#include <fstream>

#include "cpu/cpu_backend.h"
#include "cpu/pointer_chase.h"
#include "latency.h"

namespace accelbench::latency {
namespace {

std::string transparent_huge_pages() {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string mode;
  std::getline(in, mode);
  return mode.empty() ? "not exposed" : mode;
}

struct alignas(cpu::PointerChase::kLineBytes) Line {
  std::byte bytes[cpu::PointerChase::kLineBytes];
};

class CpuLatency final : public cpu::PointerChaseCase {
 public:
  explicit CpuLatency(const Params& params) : n_(nodes(params)) {}

  void setup() override {
    placement_ = cpu::pin_current_thread(0);
    placement_["transparent_huge_pages"] = transparent_huge_pages();
    placement_["page_note"] = "no madvise(MADV_HUGEPAGE): pages as the system gives them";
    lines_ = cpu::allocate_buffer<Line>(n_);
    start_chase(lines_.get(), n_, kSeed);
  }

 private:
  std::size_t n_;
  std::unique_ptr<Line[], cpu::FreeDeleter> lines_;
};

std::vector<CacheLevel> data_cache_levels() {
  std::vector<CacheLevel> levels;
  for (const auto& cache : cpu::data_caches()) levels.push_back({cache.name, cache.bytes});
  return levels;
}

ACCELBENCH_REGISTER(
    kCpuLatency,
    std::vector<Definition>{{
        .id = "memory/latency",
        .backend = "cpu",
        .claim = Claim::kInterconnect,
        .metric = MetricKind::kLatency,
        .spec = &spec(),
        .timer = Timer::kHost,
        .summary =
            "load-to-use latency by random pointer chase, 4 KiB to 4 x LLC, matched to caches",
        .instances = [](const Device&,
                        Suite suite) { return sweep(cpu::last_level_cache_bytes(), suite); },
        .make_case = make_case_from_params<CpuLatency>,
        .analyze =
            [](const Device&, const std::vector<SweepPoint>& points) {
              return match_levels(points, data_cache_levels());
            },
    }});

}  // namespace
}  // namespace accelbench::latency
