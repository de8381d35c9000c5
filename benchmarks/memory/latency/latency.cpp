#include "latency.h"

#include <accelbench/random_data.h>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <limits>
#include <numeric>
#include <random>
#include <utility>

namespace accelbench::latency {

Convention convention(const Params& params) {
  Convention c;
  const std::string& pages = params.text("pages");
  if (pages == "huge") {
    c.pages = Pages::kHuge;
  } else if (pages != "4k") {
    throw usage_error("pages must be 4k or huge, not '" + pages + "'");
  }
  const std::string& order = params.text("order");
  if (order == "pages") {
    c.order = Order::kPages;
  } else if (order != "lines") {
    throw usage_error("order must be lines or pages, not '" + order + "'");
  }
  const std::int64_t bytes = params.integer("working_set_bytes");
  if (c.order == Order::kPages && bytes % kPageBytes != 0) {
    throw usage_error("order=pages needs working_set_bytes in whole 4096 B pages, not " +
                      std::to_string(bytes));
  }
  // A sweep's one-page working set under --param order=pages: that instance
  // is skipped, the rest of the sweep runs.
  if (c.order == Order::kPages && bytes < 2 * kPageBytes) {
    throw unsupported("order=pages needs at least two 4096 B pages, not " + std::to_string(bytes) +
                      " B");
  }
  return c;
}

std::string_view pages_name(Pages pages) { return pages == Pages::kHuge ? "huge" : "4k"; }

std::string_view order_name(Order order) { return order == Order::kPages ? "pages" : "lines"; }

std::string convention_text(Convention convention) {
  return std::string(convention.pages == Pages::kHuge ? "huge pages" : "4 KiB pages") +
         (convention.order == Order::kPages ? ", page-crossing order" : ", random line order");
}

std::vector<std::uint32_t> chase_cycle(Convention convention, std::size_t nodes) {
  if (convention.order == Order::kPages) {
    return page_crossing_cycle(nodes, kPageBytes / kChaseLineBytes, kSeed);
  }
  return random_cycle(nodes, kSeed);
}

std::size_t nodes(const Params& params) { return chase_nodes(params.integer("working_set_bytes")); }

std::size_t offset_nodes(const Params& params) {
  return offset_ring_nodes(params.integer("working_set_bytes"));
}

std::vector<Params> sweep(std::uint64_t largest_cache_bytes, Suite suite, SweepReach reach) {
  constexpr std::int64_t kSmallest = 4096;
  const std::int64_t factor = suite == Suite::kQuick ? 4 : 2;
  const auto largest =
      std::max(static_cast<std::int64_t>(reach.cache_multiple * (largest_cache_bytes > 0
                                                                     ? largest_cache_bytes
                                                                     : std::uint64_t{64} << 20)),
               reach.least_bytes);
  std::vector<Params> points;
  for (std::int64_t bytes = kSmallest;; bytes *= factor) {
    Params p;
    p.set("working_set_bytes", bytes);
    points.push_back(p);
    if (bytes >= largest) break;
  }
  return points;
}

std::vector<Params> cpu_sweep(std::uint64_t largest_cache_bytes, Suite suite) {
  std::vector<Convention> conventions{{Pages::k4k, Order::kLines}};
  if (suite == Suite::kFull) {
    conventions.push_back({Pages::kHuge, Order::kLines});
    conventions.push_back({Pages::k4k, Order::kPages});
    conventions.push_back({Pages::kHuge, Order::kPages});
  }
  std::vector<Params> points;
  for (const Convention c : conventions) {
    for (const Params& sized : sweep(largest_cache_bytes, suite)) {
      const std::int64_t bytes = sized.integer("working_set_bytes");
      if (c.order == Order::kPages && bytes < 2 * kPageBytes) continue;
      Params p;
      p.set("pages", std::string(pages_name(c.pages)))
          .set("order", std::string(order_name(c.order)))
          .set("working_set_bytes", bytes);
      points.push_back(p);
    }
  }
  return points;
}

namespace {

// What the kernel gave over the points of one convention, from each point's
// details "pages" record (latency_cpu.cpp).
std::string page_size_obtained(const std::vector<const SweepPoint*>& points) {
  double least = 1;
  double most = 0;
  std::uint64_t huge_size = 0;
  std::size_t known = 0;
  for (const SweepPoint* p : points) {
    if (!p->details.contains("pages")) continue;
    const auto& record = p->details["pages"];
    if (!record.contains("huge_page_bytes") || !record["huge_page_bytes"].is_number()) continue;
    const double fraction = record["huge_page_bytes"].get<double>() /
                            std::max(1.0, record["buffer_bytes"].get<double>());
    least = std::min(least, fraction);
    most = std::max(most, fraction);
    huge_size = record["huge_page_size_bytes"].get<std::uint64_t>();
    ++known;
  }
  if (known == 0) return "page size not read back";
  const std::string huge = std::to_string(huge_size >> 20) + " MiB pages";
  if (most == 0) return "got 4 KiB pages";
  if (least >= 1) return "got " + huge;
  char text[120];
  std::snprintf(text, sizeof text,
                "got %s on %.0f%% to %.0f%% of the buffers, 4 KiB pages elsewhere", huge.c_str(),
                100 * least, 100 * most);
  return text;
}

}  // namespace

nlohmann::ordered_json match_levels_by_convention(const std::vector<SweepPoint>& points,
                                                  const std::vector<CacheLevel>& levels) {
  std::vector<std::pair<std::string, std::vector<const SweepPoint*>>> groups;
  for (const auto& p : points) {
    const std::string key = p.params.text("pages") + "/" + p.params.text("order");
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&key](const auto& g) { return g.first == key; });
    if (group == groups.end()) {
      groups.emplace_back(key, std::vector<const SweepPoint*>{});
      group = std::prev(groups.end());
    }
    group->second.push_back(&p);
  }
  nlohmann::ordered_json out = {{"summary", ""}};  // first, as in every analysis
  nlohmann::ordered_json conventions = nlohmann::ordered_json::array();
  std::string summary;
  std::string cache_sizes;
  for (const auto& group : groups) {
    const SweepPoint& first = *group.second.front();
    const Convention c = convention(first.params);
    std::vector<SweepPoint> members;
    for (const SweepPoint* p : group.second) members.push_back(*p);
    nlohmann::ordered_json matched = match_levels(members, levels);
    const std::string page_size = page_size_obtained(group.second);
    const std::string text = convention_text(c) + " (" + page_size + ")";
    // Each convention's levels, the cache sizes once at the end.
    std::string levels_text = matched["summary"].get<std::string>();
    if (const auto sizes = levels_text.rfind(" (cache sizes: "); sizes != std::string::npos) {
      cache_sizes = levels_text.substr(sizes);
      levels_text.resize(sizes);
    }
    summary += (summary.empty() ? "" : "; ") + text + ": " + levels_text;
    if (!out.contains("levels")) {
      out["unit"] = matched["unit"];
      out["levels"] = matched["levels"];
    }
    nlohmann::ordered_json entry = {{"pages", pages_name(c.pages)},
                                    {"order", order_name(c.order)},
                                    {"convention", convention_text(c)},
                                    {"page_size", page_size}};
    for (const auto& [key, value] : matched.items()) entry[key] = value;
    conventions.push_back(entry);
  }
  out["summary"] = summary.empty() ? "no working sets measured" : summary + cache_sizes;
  out["conventions"] = conventions;
  return out;
}

nlohmann::ordered_json match_levels(const std::vector<SweepPoint>& points,
                                    const std::vector<CacheLevel>& levels) {
  std::vector<SizedValue> sized;
  for (const auto& p : points) {
    sized.push_back({static_cast<std::uint64_t>(p.params.integer("working_set_bytes")), p.median});
  }
  return match_cache_levels(sized, levels, "ns");
}

Definition device_definition(
    const std::string& backend, const std::string& summary, const std::string& cache_name,
    std::function<std::uint64_t(const Device&)> cache_bytes,
    std::function<std::unique_ptr<Case>(const Device&, const Params&)> make_case,
    SweepReach reach) {
  Definition d;
  d.id = "memory/latency";
  d.backend = backend;
  d.claim = Claim::kInterconnect;
  d.metric = MetricKind::kLatency;
  d.spec = &spec();
  d.timer = Timer::kDevice;
  d.summary = summary;
  d.instances = [cache_bytes, reach](const Device& device, Suite suite) {
    return sweep(cache_bytes(device), suite, reach);
  };
  d.make_case = std::move(make_case);
  d.analyze = [cache_bytes, cache_name](const Device& device,
                                        const std::vector<SweepPoint>& points) {
    std::vector<CacheLevel> levels;
    if (const auto bytes = cache_bytes(device); bytes > 0) levels.push_back({cache_name, bytes});
    return match_levels(points, levels);
  };
  return d;
}

// Memory: the ring of the working set, on the device.
Footprint footprint(const Params& params) {
  return {static_cast<double>(params.integer("working_set_bytes"))};
}

const Spec& spec() {
  static const Spec kSpec{
      .id = "memory/latency",
      .claim = Claim::kInterconnect,
      .link = Link::kMemory,
      .metric = MetricKind::kLatency,
      .compare_class = CompareClass::kMemory,
      .convention =
          "ns per dependent load of a random pointer chase, one load per 64-byte line; on the "
          "CPU pages=4k|huge and order=lines|pages (page-crossing) name the convention",
      .parameters = {"pages", "order", "working_set_bytes"},
      // The CPU's page size and chase order say how the ring is laid out, not
      // which memory is measured: a headline is the lowest of them.
      .how = {"pages", "order"},
      .sweep = {"working_set_bytes", SweepHeadline::kLevels},
      .footprint = footprint,
  };
  return kSpec;
}

}  // namespace accelbench::latency
