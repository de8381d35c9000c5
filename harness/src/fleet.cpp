#include "fleet.h"

#include <accelbench/error.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "compare.h"
#include "stats.h"
#include "units.h"

namespace accelbench {
namespace {

std::string number(double value) { return format_number(value, number_format::kMeasured); }
std::string signed_percent(double value) {
  return format_quantity(value, "%", number_format::kSignedChange);
}

// The values of one instance across the fleet, and who gave them.
struct InstanceValues {
  FleetInstance instance;
  std::vector<std::pair<std::size_t, double>> values;  // (node, value)
  std::size_t ran = 0;                                 // nodes with the instance, ok or not
};

void place_instances(const FleetInputs& inputs, std::vector<InstanceValues>& out,
                     std::vector<std::vector<std::size_t>>& index_of) {
  std::map<std::string, std::size_t> by_name;
  for (const auto& node : inputs.nodes) {
    for (const auto& f : node.instances) {
      if (f.status != "skipped") by_name.emplace(f.name, 0);
    }
  }
  std::size_t next = 0;
  for (auto& [name, index] : by_name) {
    index = next++;
    InstanceValues v;
    v.instance.name = name;
    out.push_back(std::move(v));
  }
  index_of.resize(inputs.nodes.size());
  for (std::size_t n = 0; n < inputs.nodes.size(); ++n) {
    const auto& node = inputs.nodes[n];
    index_of[n].assign(node.instances.size(), SIZE_MAX);
    for (std::size_t i = 0; i < node.instances.size(); ++i) {
      const InstanceFacts& f = node.instances[i];
      if (f.status == "skipped") continue;
      const std::size_t k = by_name.at(f.name);
      index_of[n][i] = k;
      InstanceValues& v = out[k];
      ++v.ran;
      if (f.status == "ok" && f.unstable) ++v.instance.unstable_nodes;
      if (!f.value) continue;
      if (v.values.empty()) {
        v.instance.benchmark = f.benchmark;
        v.instance.unit = f.unit;
        v.instance.higher_is_better = f.higher_is_better;
      } else if (f.unit != v.instance.unit || f.higher_is_better != v.instance.higher_is_better) {
        continue;  // not like with like: another unit or direction under the same name
      }
      v.values.emplace_back(n, *f.value);
    }
  }
  for (auto& v : out) {
    v.instance.nodes = v.values.size();
    if (v.values.empty()) continue;
    std::vector<double> values;
    values.reserve(v.values.size());
    for (const auto& [node, value] : v.values) values.push_back(value);
    v.instance.median = stats::median(values);
    v.instance.mad = stats::median_absolute_deviation(values, v.instance.median);
  }
}

NodeDeviation deviation(const FleetInstance& instance, double value) {
  NodeDeviation d;
  d.value = value;
  const double sign = instance.higher_is_better ? 1 : -1;
  const double difference = sign * (value - instance.median);
  if (instance.median != 0) d.percent = 100 * difference / std::abs(instance.median);
  if (instance.mad > 0) {
    d.robust_z = difference / (stats::kMadToStdev * instance.mad);
  } else if (difference != 0) {
    d.beyond_spread = true;  // every other value equal: any difference stands out
  } else {
    d.robust_z = 0;
  }
  return d;
}

std::string value_text(const InstanceFacts& f) {
  return f.value ? number(*f.value) + " " + f.unit : "(no value)";
}

class NodeJudge {
 public:
  NodeJudge(const NodeRecord& node, NodeDiagnosis& out, const std::vector<InstanceValues>& fleet,
            const std::vector<std::size_t>& index_of, const std::vector<StragglerFact>& stragglers)
      : node_(node), out_(out), fleet_(fleet), index_of_(index_of), stragglers_(stragglers) {}

  void apply(const FleetRule& rule) {
    Finding finding{rule.name, std::string(rule_kind_name(rule.kind)), rule.severity, {}};
    std::size_t needed = 1;
    switch (rule.kind) {
      case RuleKind::kBelowFleetMedian:
        below_fleet_median(rule, finding);
        break;
      case RuleKind::kBelowBaseline:
        below_baseline(rule, finding);
        break;
      case RuleKind::kUnstable:
        unstable(rule, finding);
        needed = rule.min_results;
        break;
      case RuleKind::kVerification:
        for_each_result([](const InstanceFacts& f) { return f.verification_failed; },
                        [](const InstanceFacts& f) {
                          return f.status + ", " + std::to_string(f.mismatches) + " mismatch(es)" +
                                 (f.reason.empty() ? "" : ": " + f.reason);
                        },
                        finding);
        needed = rule.min_results;
        break;
      case RuleKind::kStatus:
        for_each_result(
            [&rule](const InstanceFacts& f) {
              return std::find(rule.statuses.begin(), rule.statuses.end(), f.status) !=
                     rule.statuses.end();
            },
            [](const InstanceFacts& f) {
              return f.status + (f.reason.empty() ? "" : ": " + f.reason);
            },
            finding);
        needed = rule.min_results;
        break;
      case RuleKind::kCounterDelta:
        counter_delta(rule, finding);
        break;
      case RuleKind::kThrottleShare:
        throttle_share(rule, finding);
        break;
      case RuleKind::kStragglers:
        straggler(rule, finding);
        needed = rule.min_results;
        break;
    }
    if (!finding.evidence.empty() && finding.evidence.size() >= needed) {
      out_.findings.push_back(std::move(finding));
    }
  }

 private:
  template <typename Broken, typename Describe>
  void for_each_result(Broken broken, Describe describe, Finding& finding) {
    for (const auto& f : node_.instances) {
      if (!broken(f)) continue;
      Evidence e;
      e.instance = f.name;
      e.text = f.name + ": " + describe(f);
      finding.evidence.push_back(std::move(e));
    }
  }

  // The fleet's view of the node's i-th instance, or nullptr.
  const InstanceValues* fleet_of(std::size_t i) const {
    return index_of_[i] == SIZE_MAX ? nullptr : &fleet_[index_of_[i]];
  }

  void below_fleet_median(const FleetRule& rule, Finding& finding) {
    for (std::size_t i = 0; i < node_.instances.size(); ++i) {
      const InstanceFacts& f = node_.instances[i];
      const InstanceValues* v = fleet_of(i);
      if (!v || !f.value || v->instance.nodes < rule.min_nodes) continue;
      const auto& d = out_.deviations[index_of_[i]];
      if (!d || !d->percent || *d->percent > -rule.percent) continue;
      if (!d->beyond_spread && !(d->robust_z && *d->robust_z <= -rule.min_robust_z)) continue;
      Evidence e;
      e.instance = f.name;
      e.value = f.value;
      e.unit = f.unit;
      e.fleet_median = v->instance.median;
      e.deviation_percent = d->percent;
      e.robust_z = d->robust_z;
      e.text = f.name + ": " + value_text(f) + ", fleet median " + number(v->instance.median) +
               " over " + std::to_string(v->instance.nodes) + " nodes, " +
               signed_percent(*d->percent) + ", robust z " +
               (d->robust_z ? format_number(*d->robust_z, number_format::kSignedRatio)
                            : std::string("beyond any spread (MAD 0)"));
      finding.evidence.push_back(std::move(e));
    }
  }

  void below_baseline(const FleetRule& rule, Finding& finding) {
    for (std::size_t i = 0; i < node_.instances.size(); ++i) {
      const InstanceFacts& f = node_.instances[i];
      if (index_of_[i] == SIZE_MAX) continue;
      const auto& d = out_.deviations[index_of_[i]];
      if (!d || !d->baseline_percent || *d->baseline_percent > -rule.percent) continue;
      Evidence e;
      e.instance = f.name;
      e.value = f.value;
      e.unit = f.unit;
      e.baseline = d->baseline;
      e.deviation_percent = d->baseline_percent;
      e.text = f.name + ": " + value_text(f) + ", baseline " + number(*d->baseline) + ", " +
               signed_percent(*d->baseline_percent);
      finding.evidence.push_back(std::move(e));
    }
  }

  void unstable(const FleetRule& rule, Finding& finding) {
    for (std::size_t i = 0; i < node_.instances.size(); ++i) {
      const InstanceFacts& f = node_.instances[i];
      const InstanceValues* v = fleet_of(i);
      if (!v || f.status != "ok" || !f.unstable || v->ran == 0) continue;
      const double share =
          static_cast<double>(v->instance.unstable_nodes) / static_cast<double>(v->ran);
      if (share > rule.max_fleet_share) continue;  // the benchmark's nature, not the node's
      Evidence e;
      e.instance = f.name;
      e.share = share;
      e.text = f.name + ": unstable (" + f.unstable_reasons + "); unstable on " +
               std::to_string(v->instance.unstable_nodes) + " of " + std::to_string(v->ran) +
               " nodes";
      finding.evidence.push_back(std::move(e));
    }
  }

  void counter_delta(const FleetRule& rule, Finding& finding) {
    for (const auto& c : node_.counters) {
      if (std::find(rule.counters.begin(), rule.counters.end(), c.counter) == rule.counters.end()) {
        continue;
      }
      if (c.delta < rule.min_delta) continue;
      Evidence e;
      e.instance = c.largest_instance;
      e.counter = c.reading;
      e.counter_delta = c.delta;
      e.text = c.reading + " rose by " + number(c.delta) + " during " + std::to_string(c.runs) +
               " run(s), most (" + number(c.largest_delta) + ") in " + c.largest_instance;
      finding.evidence.push_back(std::move(e));
    }
  }

  void throttle_share(const FleetRule& rule, Finding& finding) {
    if (node_.telemetry_samples == 0) return;
    const double share =
        static_cast<double>(node_.throttled_samples) / static_cast<double>(node_.telemetry_samples);
    if (share <= rule.max_share) return;
    Evidence e;
    e.share = share;
    e.text = format_quantity(100 * share, "%", number_format::kOneDecimal) + " of " +
             std::to_string(node_.telemetry_samples) +
             " telemetry samples taken in runs with a slowdown reason, e.g. " +
             node_.throttled_example;
    finding.evidence.push_back(std::move(e));
  }

  void straggler(const FleetRule& rule, Finding& finding) {
    for (const auto& s : stragglers_) {
      if (s.node != node_.name || s.last_fraction < rule.min_last_fraction) continue;
      Evidence e;
      e.instance = s.instance;
      e.share = s.last_fraction;
      e.text = s.instance + ": rank " + std::to_string(s.rank) + " last by > 10% in " +
               format_quantity(100 * s.last_fraction, "%", number_format::kOneDecimal) +
               " of iterations" + (s.persistent ? " (the run's persistent straggler)" : "") + " (" +
               s.source + ")";
      finding.evidence.push_back(std::move(e));
    }
  }

  const NodeRecord& node_;
  NodeDiagnosis& out_;
  const std::vector<InstanceValues>& fleet_;
  const std::vector<std::size_t>& index_of_;
  const std::vector<StragglerFact>& stragglers_;
};

int health_rank(NodeHealth health) {
  return health == NodeHealth::kDefective ? 0 : health == NodeHealth::kSuspect ? 1 : 2;
}

}  // namespace

std::string_view health_name(NodeHealth health) {
  switch (health) {
    case NodeHealth::kDefective:
      return "defective";
    case NodeHealth::kSuspect:
      return "suspect";
    case NodeHealth::kHealthy:
      break;
  }
  return "healthy";
}

std::size_t FleetDiagnosis::count(NodeHealth health) const {
  return static_cast<std::size_t>(std::count_if(
      nodes.begin(), nodes.end(), [health](const NodeDiagnosis& n) { return n.health == health; }));
}

Baseline read_baseline(const std::string& path) {
  const auto document = read_results_file(path);
  const NodeRecord record = summarize_node(document, path, "baseline");
  Baseline baseline;
  baseline.source = path;
  for (const auto& f : record.instances) {
    if (f.value) baseline.instances.emplace(f.name, f);
  }
  if (baseline.instances.empty()) {
    throw usage_error(path + ": the baseline has no ok result with a value");
  }
  return baseline;
}

FleetDiagnosis diagnose_fleet(FleetInputs inputs, const FleetRules& rules,
                              const std::optional<Baseline>& baseline) {
  std::vector<InstanceValues> fleet;
  std::vector<std::vector<std::size_t>> index_of;
  place_instances(inputs, fleet, index_of);

  FleetDiagnosis out;
  out.rules = rules;
  if (baseline) out.baseline = baseline->source;
  out.cross_node_sources = inputs.cross_node_sources;
  for (const auto& v : fleet) out.instances.push_back(v.instance);

  std::unordered_map<std::string, bool> known_nodes;
  for (std::size_t n = 0; n < inputs.nodes.size(); ++n) {
    const NodeRecord& node = inputs.nodes[n];
    known_nodes[node.name] = true;
    NodeDiagnosis d;
    d.name = node.name;
    d.source = node.source;
    d.results = node.instances.size();
    d.deviations.resize(fleet.size());
    for (std::size_t i = 0; i < node.instances.size(); ++i) {
      const InstanceFacts& f = node.instances[i];
      if (f.status == "ok") ++d.ok;
      const std::size_t k = index_of[n][i];
      if (k == SIZE_MAX || !f.value) continue;
      const FleetInstance& instance = fleet[k].instance;
      if (f.unit != instance.unit || f.higher_is_better != instance.higher_is_better) continue;
      NodeDeviation dev = deviation(instance, *f.value);
      if (baseline) {
        const auto found = baseline->instances.find(f.name);
        if (found != baseline->instances.end() && found->second.unit == f.unit &&
            found->second.higher_is_better == f.higher_is_better && *found->second.value != 0) {
          const double reference = *found->second.value;
          dev.baseline = reference;
          dev.baseline_percent =
              (f.higher_is_better ? 1 : -1) * 100 * (*f.value - reference) / std::abs(reference);
        }
      }
      d.deviations[k] = dev;
    }
    NodeJudge judge(node, d, fleet, index_of[n], inputs.stragglers);
    for (const auto& rule : rules.rules) {
      if (rule.kind == RuleKind::kBelowBaseline && !baseline) continue;
      judge.apply(rule);
    }
    for (const auto& finding : d.findings) {
      const NodeHealth h =
          finding.severity == Severity::kDefective ? NodeHealth::kDefective : NodeHealth::kSuspect;
      if (health_rank(h) < health_rank(d.health)) d.health = h;
    }
    out.nodes.push_back(std::move(d));
    inputs.nodes[n].instances.clear();  // done with it: keep the peak low
    inputs.nodes[n].instances.shrink_to_fit();
  }
  for (const auto& s : inputs.stragglers) {
    if (!known_nodes.contains(s.node) && s.last_fraction >= 0.5) {
      out.notes.push_back(s.instance + ": rank " + std::to_string(s.rank) + " (" + s.source +
                          ") is a straggler on \"" + s.node + "\", which no input names");
    }
  }
  std::stable_sort(out.nodes.begin(), out.nodes.end(),
                   [](const NodeDiagnosis& a, const NodeDiagnosis& b) {
                     if (a.health != b.health) return health_rank(a.health) < health_rank(b.health);
                     return a.name < b.name;
                   });
  return out;
}

}  // namespace accelbench
