#include "headlines.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

// One ok instance: its median metric and where it sits on the axes.
struct Point {
  const Json* result = nullptr;
  double value = 0;
  std::optional<std::int64_t> size;  // the swept parameter's value
  Json how = Json::object();
};

// The instances of one device, benchmark and point of the what-parameters.
struct Group {
  const Json* first = nullptr;  // for benchmark, device, claim, metric
  const Spec* spec = nullptr;
  Json what = Json::object();
  std::vector<Point> points;
};

bool listed(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

const std::string* text_at(const Json& object, const char* key) {
  const auto found = object.find(key);
  return found != object.end() && found->is_string() ? &found->get_ref<const std::string&>()
                                                     : nullptr;
}

// The median metric of an ok result, or nothing.
std::optional<double> median_of(const Json& result) {
  const std::string* status = text_at(result, "status");
  const auto metric = result.find("metric");
  if (!status || *status != "ok" || metric == result.end() || !metric->is_object()) return {};
  const auto value = metric->find("value");
  if (value == metric->end() || !value->is_number()) return {};
  const double median = value->get<double>();
  return std::isfinite(median) ? std::optional(median) : std::nullopt;
}

bool lower_is_better(const Group& group) {
  const std::string* direction = text_at(group.first->at("metric"), "direction");
  return direction && *direction == direction_name(Direction::kLowerIsBetter);
}

const Point* best_of(const std::vector<const Point*>& points, bool lower) {
  const Point* best = nullptr;
  for (const Point* p : points) {
    if (!best || (lower ? p->value < best->value : p->value > best->value)) best = p;
  }
  return best;
}

// The best over the how-parameters at each size, by size.
std::map<std::int64_t, const Point*> best_per_size(const Group& group, bool lower) {
  std::map<std::int64_t, std::vector<const Point*>> by_size;
  for (const auto& p : group.points) by_size[*p.size].push_back(&p);
  std::map<std::int64_t, const Point*> out;
  for (const auto& [size, points] : by_size) out[size] = best_of(points, lower);
  return out;
}

Json evidence(const Point& p) {
  Json out = {{"value", p.value}, {"instance", p.result->value("name", "")}};
  const auto statistics = p.result->find("statistics");
  Json ci = nullptr;
  if (statistics != p.result->end() && statistics->is_object()) {
    const auto interval = statistics->find("median_ci95");
    if (interval != statistics->end() && interval->is_object() &&
        interval->value("low", Json()).is_number() && interval->value("high", Json()).is_number()) {
      ci = {(*interval)["low"], (*interval)["high"]};
    }
  }
  out["ci95"] = ci;
  out["how"] = p.how;
  if (p.size) out["size"] = *p.size;
  return out;
}

void add_evidence(Json& headline, const Point& p) {
  const Json figure = evidence(p);
  for (const auto& [key, value] : figure.items()) headline[key] = value;
}

// The memory levels the benchmark's analysis on this device names: each its
// range of sizes (no upper end: null).
const Json* analysis_levels(const Json& analyses, const Group& group) {
  if (!analyses.is_array()) return nullptr;
  const std::string* benchmark = text_at(*group.first, "benchmark");
  const std::string* device = text_at(*group.first, "device");
  for (const auto& a : analyses) {
    if (!a.is_object() || !benchmark || !device) continue;
    const std::string* b = text_at(a, "benchmark");
    const std::string* d = text_at(a, "device");
    if (!b || !d || *b != *benchmark || *d != *device) continue;
    const auto levels = a.find("levels");
    if (levels != a.end() && levels->is_array()) return &*levels;
  }
  return nullptr;
}

// Per level: the lower median, by value, of the best at each size in its
// range (as the analysis takes a level's value), named with its instance.
Json levels_of(const Json& levels, const std::map<std::int64_t, const Point*>& best, bool lower) {
  Json out = Json::array();
  for (const auto& level : levels) {
    if (!level.is_object() || !text_at(level, "level")) continue;
    const Json low = level.value("working_set_min_bytes", Json(0));
    const Json high = level.value("working_set_max_bytes", Json());
    if (!low.is_number() || !(high.is_number() || high.is_null())) continue;
    const double from = low.get<double>();
    const double to = high.is_null() ? std::numeric_limits<double>::infinity() : high.get<double>();
    std::vector<const Point*> inside;
    for (const auto& [size, p] : best) {
      if (static_cast<double>(size) >= from && static_cast<double>(size) <= to) inside.push_back(p);
    }
    Json entry = {{"level", level["level"]}};
    if (inside.empty()) {
      entry["value"] = nullptr;
      entry["note"] = "no size measured in this level";
    } else {
      std::sort(inside.begin(), inside.end(), [lower](const Point* a, const Point* b) {
        return lower ? a->value < b->value : a->value > b->value;
      });
      // The lower median by value: a measured instance, the better one of a middle pair.
      add_evidence(entry, *inside[(inside.size() - 1) / 2]);
    }
    out.push_back(entry);
  }
  return out;
}

Json headline_of(const Group& group, const Json& analyses) {
  const bool lower = lower_is_better(group);
  const Json& metric = group.first->at("metric");
  Json h = {{"benchmark", group.first->value("benchmark", "")},
            {"device", group.first->value("device", "")},
            {"claim", group.first->value("claim", "")},
            {"link", group.spec->link == Link::kNone ? Json() : Json(link_name(group.spec->link))},
            {"unit", metric.value("unit", "")},
            {"direction", metric.value("direction", "")},
            {"what", group.what}};
  const bool swept = group.points.front().size.has_value();
  if (!swept) {
    std::vector<const Point*> all;
    for (const auto& p : group.points) all.push_back(&p);
    h["kind"] = "best";
    add_evidence(h, *best_of(all, lower));
    return h;
  }
  h["swept"] = group.spec->sweep.parameter;
  const auto best = best_per_size(group, lower);
  switch (group.spec->sweep.headline) {
    case SweepHeadline::kPeak: {
      std::vector<const Point*> per_size;
      for (const auto& [size, p] : best) per_size.push_back(p);
      const Point* peak = best_of(per_size, lower);
      h["kind"] = "peak";
      add_evidence(h, *peak);
      for (const auto& [size, p] : best) {
        if (p->value >= 0.9 * peak->value) {
          h["size_to_90_percent"] = evidence(*p);
          break;
        }
      }
      break;
    }
    case SweepHeadline::kSmallest:
      h["kind"] = "smallest";
      add_evidence(h, *best.begin()->second);
      break;
    case SweepHeadline::kLargest:
      h["kind"] = "largest";
      add_evidence(h, *best.rbegin()->second);
      break;
    case SweepHeadline::kLargestCommon:
      h["kind"] = "largest_common";
      add_evidence(h, *best.rbegin()->second);
      h["sizes"] = Json::array();
      for (const auto& [size, p] : best) h["sizes"].push_back(evidence(*p));
      break;
    case SweepHeadline::kLevels:
      h["kind"] = "levels";
      add_evidence(h, *best.rbegin()->second);
      if (const Json* levels = analysis_levels(analyses, group)) {
        h["levels"] = levels_of(*levels, best, lower);
      } else {
        h["levels"] = nullptr;
        h["note"] = "no memory levels: the benchmark's analysis named none";
      }
      break;
  }
  return h;
}

}  // namespace

Json headlines(const Json& results, const Json& analyses, const Registry& registry) {
  std::vector<Group> groups;
  std::map<std::string, std::size_t> index;  // group key -> position, in first-seen order
  if (!results.is_array()) return Json::array();
  for (const auto& r : results) {
    if (!r.is_object()) continue;
    const std::optional<double> median = median_of(r);
    const std::string* benchmark = text_at(r, "benchmark");
    const std::string* device = text_at(r, "device");
    const auto params = r.find("params");
    if (!median || !benchmark || !device || params == r.end() || !params->is_object()) continue;
    static const Spec kUnknown;
    const Spec* spec = registry.spec(*benchmark);
    if (!spec) spec = &kUnknown;
    Point point{&r, *median, std::nullopt, Json::object()};
    Json what = Json::object();
    for (const auto& [key, value] : params->items()) {
      if (listed(spec->how, key)) {
        point.how[key] = value;
      } else if (!spec->sweep.parameter.empty() && key == spec->sweep.parameter &&
                 value.is_number_integer()) {
        point.size = value.get<std::int64_t>();
      } else {
        what[key] = value;
      }
    }
    const std::string key =
        *benchmark + '\n' + *device + '\n' + what.dump() + '\n' + (point.size ? "swept" : "");
    const auto [found, added] = index.try_emplace(key, groups.size());
    if (added) groups.push_back({&r, spec, what, {}});
    groups[found->second].points.push_back(std::move(point));
  }
  Json out = Json::array();
  for (const auto& group : groups) out.push_back(headline_of(group, analyses));
  return out;
}

Json file_headlines(const Json& file, const Registry& registry) {
  if (!file.contains("suite")) return Json::array();
  const Json& suite = file.at("suite");
  Json out = suite.contains("headlines")
                 ? suite["headlines"]
                 : headlines(suite.at("results"), suite.value("analyses", Json::array()), registry);
  for (auto& h : out) {
    if (!h.is_object() || h.contains("link")) continue;
    const Spec* spec = registry.spec(h.value("benchmark", ""));
    if (spec && spec->link != Link::kNone) h["link"] = link_name(spec->link);
  }
  return out;
}

}  // namespace accelbench
