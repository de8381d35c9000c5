#include "headline_pairs.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "stats.h"

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

std::string text(const Json& object, const char* key) {
  const auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::optional<double> number(const Json& object, const char* key) {
  const auto found = object.find(key);
  if (found == object.end() || !found->is_number()) return std::nullopt;
  return found->get<double>();
}

Json what_of(const Json& headline) {
  const auto found = headline.find("what");
  return found != headline.end() && found->is_object() ? *found : Json::object();
}

std::string joined(const std::string& first, const std::string& second) {
  if (first.empty()) return second;
  return second.empty() ? first : first + ", " + second;
}

// "direction:h2d, peak over transfer_bytes": the what-parameters and what the
// headline reads from its sweep.
std::string figure_of(const Json& headline) {
  const std::string kind = text(headline, "kind");
  const std::string swept = text(headline, "swept");
  std::string read;
  if (kind == "peak") read = "peak over " + swept;
  if (kind == "largest") read = "largest " + swept;
  if (kind == "smallest") read = "smallest " + swept;
  return joined(params_name(what_of(headline)), read);
}

std::string key_of(const Json& headline, bool by_device) {
  return text(headline, "benchmark") + '\n' + what_of(headline).dump() +
         (by_device ? '\n' + text(headline, "device") : std::string());
}

// An instance's ok samples in its side's file, or nothing.
const std::vector<double>* samples_of(const SideEvidence& side, const std::string& instance) {
  const auto found = side.runs.find(instance);
  if (found == side.runs.end() || found->second.status != "ok" || found->second.values.empty()) {
    return nullptr;
  }
  return &found->second.values;
}

void orient(VerdictRow& row, std::optional<std::pair<double, double>> ratio_ci) {
  const bool lower_is_better = row.direction == "lower_is_better";
  row.performance = lower_is_better ? 1 / row.ratio : row.ratio;
  if (ratio_ci) {
    row.ci = lower_is_better ? std::pair(1 / ratio_ci->second, 1 / ratio_ci->first) : *ratio_ci;
  }
}

struct Pairing {
  const SideEvidence& a;
  const SideEvidence& b;
  bool by_device;
  FigurePairs out;

  MissingFigure missing(const Json& headline, const Json& evidence, const std::string& figure,
                        const char* lacking, std::string reason) const {
    return {text(headline, "claim"),
            text(headline, "link"),
            text(headline, "benchmark"),
            figure,
            text(headline, "unit"),
            lacking,
            std::move(reason),
            text(evidence, "instance"),
            number(evidence, "value").value_or(0)};
  }

  // A row from the two headlines' evidence (a headline itself, a level, a size).
  void compare(const Json& ha, const Json& hb, const Json& ea, const Json& eb,
               const std::string& figure) {
    VerdictRow row;
    row.claim = text(ha, "claim");
    row.link = text(ha, "link");
    row.benchmark = text(ha, "benchmark");
    row.unit = text(ha, "unit");
    row.direction = text(ha, "direction");
    row.figure = figure;
    row.kind = text(ha, "kind");
    row.a_device = text(ha, "device");
    row.b_device = text(hb, "device");
    row.a_instance = text(ea, "instance");
    row.b_instance = text(eb, "instance");
    if (text(hb, "unit") != row.unit) {
      out.missing.push_back(missing(ha, ea, figure, "B",
                                    "B measured it in " + text(hb, "unit") + ", not " + row.unit));
      return;
    }
    const auto* samples_a = samples_of(a, row.a_instance);
    const auto* samples_b = samples_of(b, row.b_instance);
    if (samples_a && samples_b) {
      fill_ratio(row, *samples_a, *samples_b);
    } else {
      row.a_median = number(ea, "value").value_or(0);
      row.b_median = number(eb, "value").value_or(0);
      row.ratio = row.b_median / row.a_median;
      orient(row, std::nullopt);
    }
    if (!(row.a_median > 0 && row.b_median > 0) || !std::isfinite(row.ratio)) {
      out.missing.push_back(
          missing(ha, ea, figure, "B", "a figure that is not positive cannot be compared"));
      return;
    }
    out.rows.push_back(std::move(row));
  }

  // Memory levels by name; without a common level, each side's largest size.
  void compare_levels(const Json& ha, const Json& hb) {
    const auto levels_of = [](const Json& headline) {
      std::vector<std::pair<std::string, const Json*>> out;
      const auto levels = headline.find("levels");
      if (levels == headline.end() || !levels->is_array()) return out;
      for (const auto& level : *levels) {
        if (level.is_object() && number(level, "value"))
          out.emplace_back(text(level, "level"), &level);
      }
      return out;
    };
    const auto la = levels_of(ha);
    const auto lb = levels_of(hb);
    const auto find = [](const auto& levels, const std::string& name) -> const Json* {
      for (const auto& [level, entry] : levels) {
        if (level == name) return entry;
      }
      return nullptr;
    };
    const std::string what = params_name(what_of(ha));
    bool common = false;
    for (const auto& [name, entry] : la) {
      const std::string figure = joined(what, "level " + name);
      if (const Json* other = find(lb, name)) {
        compare(ha, hb, *entry, *other, figure);
        common = true;
      } else {
        out.missing.push_back(missing(ha, *entry, figure, "B", no_level("B", lb.empty(), name)));
      }
    }
    for (const auto& [name, entry] : lb) {
      if (find(la, name)) continue;
      out.missing.push_back(
          missing(hb, *entry, joined(what, "level " + name), "A", no_level("A", la.empty(), name)));
    }
    if (!common) compare(ha, hb, ha, hb, joined(what, "largest " + text(ha, "swept")));
  }

  static std::string no_level(const std::string& side, bool none, const std::string& name) {
    return none ? side + "'s analysis named no memory levels (no cache sizes known for its device)"
                : side + "'s analysis named no level " + name;
  }

  // At the largest size both measured.
  void compare_largest_common(const Json& ha, const Json& hb) {
    const auto sizes_of = [](const Json& headline) {
      std::map<std::int64_t, const Json*> out;
      const auto sizes = headline.find("sizes");
      if (sizes == headline.end() || !sizes->is_array()) return out;
      for (const auto& s : *sizes) {
        const auto size = s.is_object() ? s.find("size") : s.end();
        if (size != s.end() && size->is_number_integer()) out[size->get<std::int64_t>()] = &s;
      }
      return out;
    };
    const auto sa = sizes_of(ha);
    const auto sb = sizes_of(hb);
    const std::string swept = text(ha, "swept");
    for (auto it = sa.rbegin(); it != sa.rend(); ++it) {
      if (const auto other = sb.find(it->first); other != sb.end()) {
        compare(ha, hb, *it->second, *other->second,
                joined(params_name(what_of(ha)), swept + " " + std::to_string(it->first)));
        return;
      }
    }
    const auto range = [](const std::map<std::int64_t, const Json*>& sizes) {
      if (sizes.empty()) return std::string("none");
      return std::to_string(sizes.begin()->first) + " to " + std::to_string(sizes.rbegin()->first);
    };
    out.missing.push_back(
        missing(ha, ha, figure_of(ha), "B",
                "no " + swept + " both measured (A: " + range(sa) + ", B: " + range(sb) + ")"));
  }

  void compare_headlines(const Json& ha, const Json& hb) {
    const std::string kind = text(ha, "kind");
    if (kind == text(hb, "kind") && kind == "levels") return compare_levels(ha, hb);
    if (kind == text(hb, "kind") && kind == "largest_common") return compare_largest_common(ha, hb);
    compare(ha, hb, ha, hb, figure_of(ha));
  }

  // Why `other` has no headline for `headline`: its runs of that benchmark at
  // that point (a skip or failure and its reason), or none at all.
  std::string why_lacking(const Json& headline, const SideEvidence& other,
                          const std::string& name) const {
    const std::string benchmark = text(headline, "benchmark");
    const Json what = what_of(headline);
    bool measured_elsewhere = false;
    for (const auto& entry : other.runs) {
      const RunSamples& run = entry.second;  // named: clang 14 cannot capture a binding
      if (run.benchmark != benchmark) continue;
      if (by_device && run.device != text(headline, "device")) continue;
      const bool at_point =
          std::all_of(what.items().begin(), what.items().end(), [&](const auto& p) {
            return run.params.is_object() && run.params.contains(p.key()) &&
                   run.params[p.key()] == p.value();
          });
      if (!at_point) {
        measured_elsewhere = true;
        continue;
      }
      if (run.status != "ok") {
        return run.status + " on " + name + (run.reason.empty() ? "" : ": " + run.reason);
      }
    }
    if (!measured_elsewhere) return "not measured on " + name;
    return what.empty() ? name + " measured it at other points only"
                        : name + " ran no instance at " + params_name(what);
  }

  void run() {
    std::map<std::string, const Json*> in_b;
    for (const auto& hb : b.headlines) in_b.try_emplace(key_of(hb, by_device), &hb);
    std::set<std::string> in_a;
    for (const auto& ha : a.headlines) {
      const std::string key = key_of(ha, by_device);
      if (!in_a.insert(key).second) continue;
      if (const auto found = in_b.find(key); found != in_b.end()) {
        compare_headlines(ha, *found->second);
      } else {
        out.missing.push_back(missing(ha, ha, figure_of(ha), "B", why_lacking(ha, b, "B")));
      }
    }
    std::set<std::string> only_b;
    for (const auto& hb : b.headlines) {
      const std::string key = key_of(hb, by_device);
      if (in_a.contains(key) || !only_b.insert(key).second) continue;
      out.missing.push_back(missing(hb, hb, figure_of(hb), "A", why_lacking(hb, a, "A")));
    }
  }
};

}  // namespace

void fill_ratio(VerdictRow& row, const std::vector<double>& a, const std::vector<double>& b) {
  row.a_median = stats::summarize(a).median;
  row.b_median = stats::summarize(b).median;
  row.n_a = a.size();
  row.n_b = b.size();
  row.ratio = row.b_median / row.a_median;
  const stats::Interval ci = stats::bootstrap_ratio_of_medians_ci(a, b);
  orient(row, std::pair(ci.low, ci.high));
}

FigurePairs pair_headlines(const SideEvidence& a, const SideEvidence& b, bool by_device) {
  Pairing pairing{a, b, by_device, {}};
  pairing.run();
  return std::move(pairing.out);
}

}  // namespace accelbench
