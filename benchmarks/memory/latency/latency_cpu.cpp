// Pointer chase on the CPU (cpu::PointerChase): one thread, pinned to the
// first core. Timed with the host clock. The buffer is a fresh mapping whose
// page size is asked for before the first touch (cpu::PageMemory) and read
// back after it.
#include <accelbench/details.h>

#include <cstdio>
#include <optional>

#include "cpu/cpu_backend.h"
#include "cpu/page_memory.h"
#include "cpu/pointer_chase.h"
#include "latency.h"

namespace accelbench::latency {
namespace {

class CpuLatency final : public cpu::PointerChaseCase {
 public:
  explicit CpuLatency(const Params& params) : n_(nodes(params)), convention_(convention(params)) {}

  Work work() const override {
    Work w = PointerChaseCase::work();
    w.convention = "one dependent 8-byte load per node, one 64-byte cache line per node; " +
                   convention_text(convention_) + "; " + std::to_string(kLoadsPerIteration) +
                   " loads per iteration";
    return w;
  }

  void setup() override {
    placement_ = cpu::pin_current_thread(0);
    const bool huge = convention_.pages == Pages::kHuge;
    memory_.emplace(n_ * cpu::PointerChase::kLineBytes,
                    huge ? cpu::PageRequest::kHuge : cpu::PageRequest::kSmall);
    start_chase(memory_->get(), chase_cycle(convention_, n_));  // the first touch
    placement_["transparent_huge_pages"] = cpu::transparent_huge_pages();
    placement_["page_note"] = huge ? "madvise(MADV_HUGEPAGE) on a fresh mapping before first touch"
                                   : "madvise(MADV_NOHUGEPAGE) on a fresh mapping: 4 KiB pages "
                                     "whatever the THP mode";
    pages_ = page_record();
  }

  nlohmann::ordered_json details() const override {
    nlohmann::ordered_json out = {{"convention", convention_text(convention_)}, {"pages", pages_}};
    if (convention_.pages == Pages::kHuge && pages_["huge_page_bytes"].is_number() &&
        pages_["huge_page_bytes"].get<double>() < pages_["buffer_bytes"].get<double>()) {
      set_note(out, NoteColumn::kVerification,
               "asked for huge pages: " + pages_["obtained"].get<std::string>());
    }
    return out;
  }

 private:
  // The page size the kernel gave, read back after the first touch.
  nlohmann::ordered_json page_record() const {
    const std::uint64_t huge_size = cpu::huge_page_bytes();
    nlohmann::ordered_json record = {{"requested", pages_name(convention_.pages)},
                                     {"buffer_bytes", memory_->bytes()},
                                     {"huge_page_size_bytes", huge_size},
                                     {"huge_page_bytes", nullptr}};
    const auto huge = memory_->huge_pages();
    if (!huge) {
      record["obtained"] = "unknown: /proc/self/smaps could not be read";
      return record;
    }
    record["huge_page_bytes"] = huge->bytes;
    if (!huge->exact) record["huge_page_bytes_note"] = "its mapping reaches beyond the buffer";
    const double fraction =
        static_cast<double>(huge->bytes) / static_cast<double>(memory_->bytes());
    char text[120];
    if (huge->bytes == 0) {
      std::snprintf(text, sizeof text, "4 KiB pages");
    } else {
      std::snprintf(text, sizeof text, "%llu MiB pages on %.0f%% of the buffer",
                    static_cast<unsigned long long>(huge_size >> 20), 100 * fraction);
    }
    record["obtained"] = text;
    record["source"] = "AnonHugePages of the buffer's mapping in /proc/self/smaps";
    return record;
  }

  std::size_t n_;
  Convention convention_;
  std::optional<cpu::PageMemory> memory_;
  nlohmann::ordered_json pages_ = nlohmann::ordered_json::object();
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
        .summary = "load-to-use latency by random pointer chase, 4 KiB to 4 x LLC, matched to "
                   "caches (pages 4k|huge, order lines|pages)",
        .instances = [](const Device&,
                        Suite suite) { return cpu_sweep(cpu::last_level_cache_bytes(), suite); },
        .make_case = make_case_from_params<CpuLatency>,
        .analyze =
            [](const Device&, const std::vector<SweepPoint>& points) {
              return match_levels_by_convention(points, data_cache_levels());
            },
    }});

}  // namespace
}  // namespace accelbench::latency
