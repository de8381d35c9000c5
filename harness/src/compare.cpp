#include "compare.h"

#include <accelbench/error.h>
#include <accelbench/work.h>

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "display_text.h"
#include "result_samples.h"
#include "results_file.h"
#include "stats.h"
#include "table.h"
#include "units.h"

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

// Iterations of one run are not independent of each other the way separate
// runs are: machine state (memory mode, placement, neighbours) changes
// between runs. With enough repetitions on both sides the test uses one
// median per repetition; otherwise it uses iterations and can only say
// LIKELY REGRESSION.
constexpr std::size_t kMinSamples = 4;

// The practical threshold of a run's compare class. A file written before
// results carried "compare_class": the class the id's group names, as the
// classes were drawn then (any other group: interconnect).
double threshold_for(const RunSamples& run, const CompareOptions& o) {
  const std::string compare_class = !run.compare_class.empty()
                                        ? run.compare_class
                                        : run.benchmark.substr(0, run.benchmark.find('/'));
  if (compare_class == compare_class_name(CompareClass::kCompute)) return o.threshold_compute;
  if (compare_class == compare_class_name(CompareClass::kMemory)) return o.threshold_memory;
  return o.threshold_interconnect;
}

std::string verdict_of(const ComparisonRow& r, const CompareOptions& o) {
  if (r.n_base < kMinSamples || r.n_new < kMinSamples) return "INSUFFICIENT SAMPLES";
  const bool significant = r.p_adjusted < o.alpha;
  if (significant && r.ci_high < 1 - r.threshold) {
    return r.basis == "repetitions" ? "REGRESSION" : "LIKELY REGRESSION";
  }
  if (significant && r.ci_low > 1 + r.threshold) return "IMPROVEMENT";
  if (r.cv_base > o.max_cv || r.cv_new > o.max_cv) return "NOISY";
  if (r.ci_low >= 1 - r.threshold && r.ci_high <= 1 + r.threshold) return "NO CHANGE";
  if (significant && r.ratio < 1 - r.threshold) return "LIKELY REGRESSION";
  if (significant && r.ratio > 1 + r.threshold) return "IMPROVEMENT";
  return "INCONCLUSIVE";
}

// The backend of a device id ("cuda" of "cuda:0").
std::string backend_of(const std::string& device) { return device.substr(0, device.find(':')); }

// The runs of `file` on `device`, by benchmark and parameters (the device
// left out of the name); every run when `device` is empty. A usage error
// when the device has no run in the file.
std::map<std::string, RunSamples> runs_on(const Json& file, const std::string& device,
                                          const std::string& side) {
  auto runs = runs_of(file);
  if (device.empty()) return runs;
  std::map<std::string, RunSamples> out;
  for (auto& entry : runs) {
    RunSamples& run = entry.second;
    if (run.device != device) continue;
    const std::string params = params_name(run.params);
    run.name = run.benchmark + (params.empty() ? "" : "/" + params);
    out[run.name] = std::move(run);
  }
  if (out.empty()) throw usage_error(side + " has no run on device " + device);
  return out;
}

}  // namespace

Json read_results_file(const std::string& path) {
  Json file = read_accelbench_file(path, {FileKind::kResults});
  check_sample_times(file, path);
  return file;
}

CompareResult compare_results(const Json& base, const Json& next, const CompareOptions& options) {
  CompareResult result;
  try {
    const std::string base_hash = base.at("suite").at("fingerprint").at("hash");
    const std::string new_hash = next.at("suite").at("fingerprint").at("hash");
    if (base_hash != new_hash && !options.allow_different_machines) {
      throw usage_error("BASE and NEW come from different machines (fingerprint " + base_hash +
                        " vs " + new_hash + "); use --allow-different-machines to compare anyway");
    }
    const auto base_instances = runs_on(base, options.base_device, "BASE");
    const auto new_instances = runs_on(next, options.new_device, "NEW");
    if (!options.base_device.empty()) {
      result.devices = options.base_device + " vs " + options.new_device;
    }
    // Across backends a parameter one platform lacks is no regression.
    const bool across_backends = !options.base_device.empty() &&
                                 backend_of(options.base_device) != backend_of(options.new_device);

    // Gates: correctness and completeness decide before any statistics. A
    // gate that compared nothing cannot pass: an empty NEW, or an ok run
    // without samples, would otherwise walk around it.
    if (new_instances.empty()) result.gate_failures.push_back("NEW has no benchmarks");
    for (const auto& [name, s] : new_instances) {
      if (s.status != "ok" && s.status != "skipped") {
        result.gate_failures.push_back(name + ": " + s.status + " in NEW");
      }
      if (s.status == "ok" && s.values.empty()) {
        result.gate_failures.push_back(name + ": ok in NEW but without samples");
      }
    }
    for (const auto& [name, s] : base_instances) {
      if (!new_instances.contains(name)) {
        if (across_backends) {
          result.unpaired.push_back(name + ": only in BASE (" + options.base_device + ")");
        } else {
          result.gate_failures.push_back(name + ": missing in NEW");
        }
      }
      const auto found = new_instances.find(name);
      if (s.status == "ok" && s.values.empty() && found != new_instances.end() &&
          found->second.status == "ok") {
        result.gate_failures.push_back(name + ": ok in BASE but without samples");
      }
    }

    if (across_backends) {
      for (const auto& entry : new_instances) {
        if (!base_instances.contains(entry.first)) {
          result.unpaired.push_back(entry.first + ": only in NEW (" + options.new_device + ")");
        }
      }
    }

    std::vector<double> p_values;
    for (const auto& [name, b] : base_instances) {
      const auto found = new_instances.find(name);
      if (found == new_instances.end() || b.values.empty() || found->second.values.empty())
        continue;
      const RunSamples& n = found->second;
      if (n.status != "ok") continue;
      ComparisonRow row;
      const bool by_repetition =
          b.repetition_medians.size() >= kMinSamples && n.repetition_medians.size() >= kMinSamples;
      row.basis = by_repetition ? "repetitions" : "iterations";
      const std::vector<double>& base_values = by_repetition ? b.repetition_medians : b.values;
      const std::vector<double>& new_values = by_repetition ? n.repetition_medians : n.values;
      row.name = name;
      row.benchmark = b.benchmark;
      row.unit = b.unit;
      row.direction = b.direction;
      row.n_base = base_values.size();
      row.n_new = new_values.size();
      const stats::Summary sb = stats::summarize(base_values), sn = stats::summarize(new_values);
      row.base_median = sb.median;
      row.new_median = sn.median;
      row.cv_base = sb.cv;
      row.cv_new = sn.cv;
      const bool higher_is_better = b.direction == "higher_is_better";
      const stats::Interval ci = stats::bootstrap_ratio_of_medians_ci(base_values, new_values);
      if (higher_is_better) {
        row.ratio = sn.median / sb.median;
        row.ci_low = ci.low;
        row.ci_high = ci.high;
      } else {
        row.ratio = sb.median / sn.median;
        row.ci_low = 1 / ci.high;
        row.ci_high = 1 / ci.low;
      }
      row.p_value = stats::mann_whitney_u(base_values, new_values).p_value;
      row.threshold = threshold_for(b, options);
      p_values.push_back(row.p_value);
      result.rows.push_back(row);
    }
    if (result.rows.empty() && result.gate_failures.empty()) {
      result.gate_failures.push_back("nothing compared: no benchmark ran ok in both BASE and NEW");
    }
    // Instances are named by their device: files of different devices share
    // no name. Said once, instead of a "missing in NEW" per instance.
    if (options.base_device.empty() && result.rows.empty() && !base_instances.empty() &&
        !new_instances.empty() &&
        base_instances.begin()->second.device != new_instances.begin()->second.device) {
      result.gate_failures.insert(result.gate_failures.begin(),
                                  "BASE and NEW ran on different devices (" +
                                      base_instances.begin()->second.device + ", " +
                                      new_instances.begin()->second.device +
                                      "): name them with --devices A,B to pair their benchmarks");
    }
    const auto adjusted = stats::benjamini_hochberg(p_values);
    for (std::size_t i = 0; i < result.rows.size(); ++i) {
      result.rows[i].p_adjusted = adjusted[i];
      result.rows[i].verdict = verdict_of(result.rows[i], options);
      if (result.rows[i].verdict == "REGRESSION") result.regression = true;
    }
  } catch (const Json::exception& e) {
    throw usage_error(std::string("a results file lacks what compare needs: ") + e.what());
  }
  return result;
}

std::string failure_summary(const CompareResult& result) {
  std::vector<std::string> reasons = result.gate_failures;
  for (const auto& row : result.rows) {
    if (row.verdict == "REGRESSION") reasons.push_back(row.name + ": REGRESSION");
  }
  if (reasons.empty()) return "";
  std::string text = "compare: FAIL: " + reasons.front();
  if (reasons.size() > 1) text += " (and " + std::to_string(reasons.size() - 1) + " more)";
  return text;
}

void check_sample_times(const Json& file, const std::string& path) {
  if (!file.contains("benchmarks") || !file["benchmarks"].is_array()) return;
  for (const auto& run : file["benchmarks"]) {
    if (!run.is_object() || !run.contains("suite") || !run["suite"].is_object()) continue;
    const Json& suite = run["suite"];
    if (!suite.contains("samples") || !suite["samples"].is_object() ||
        !suite["samples"].contains("seconds_per_iteration")) {
      continue;
    }
    const std::string name = suite.value("name", run.value("name", std::string("?")));
    const Json& samples = suite["samples"]["seconds_per_iteration"];
    if (!samples.is_array()) {
      throw usage_error(path + ": " + name + ": samples.seconds_per_iteration is not an array");
    }
    for (const auto& seconds : samples) {
      if (!seconds.is_number() || !std::isfinite(seconds.get<double>()) ||
          seconds.get<double>() <= 0) {
        throw usage_error(path + ": " + name + ": sample time " + seconds.dump() +
                          " is not a positive finite number of seconds");
      }
    }
  }
}

Json comparison_json(const CompareResult& result) {
  Json rows = Json::array();
  for (const auto& r : result.rows) {
    rows.push_back({{"name", r.name},
                    {"benchmark", r.benchmark},
                    {"unit", r.unit},
                    {"direction", r.direction},
                    {"basis", r.basis},
                    {"n_base", r.n_base},
                    {"n_new", r.n_new},
                    {"base_median", r.base_median},
                    {"new_median", r.new_median},
                    {"ratio_oriented", r.ratio},
                    {"ratio_ci95", {r.ci_low, r.ci_high}},
                    {"p_value", r.p_value},
                    {"p_adjusted_bh", r.p_adjusted},
                    {"cv_base", r.cv_base},
                    {"cv_new", r.cv_new},
                    {"threshold", r.threshold},
                    {"verdict", r.verdict}});
  }
  Json out = {{"gate_failures", result.gate_failures}};
  if (!result.devices.empty()) {
    out["devices"] = result.devices;
    out["unpaired"] = result.unpaired;
  }
  out.update(
      Json{{"rows", rows},
           {"regression", result.regression},
           {"exit_code", result.exit_code()},
           {"ratio_note", "oriented: > 1 means NEW is better (higher throughput or lower latency)"},
           {"basis_note",
            "repetitions: one median per run (needs >= 4 repetitions on both sides); "
            "iterations: every iteration, which cannot see run-to-run variance, so "
            "at most LIKELY REGRESSION"}});
  return out;
}

void print_comparison(std::ostream& out, const CompareResult& result, const std::string& format) {
  if (format == "json") {
    render_json(out, comparison_json(result));
    return;
  }
  const bool markdown = format == "markdown";
  const auto shown = [&](const std::string& text) {
    return markdown ? markdown_text(text) : terminal_text(text);
  };
  if (markdown) out << "### accelbench compare\n\n";
  if (!result.devices.empty()) {
    out << (markdown ? "Devices: " : "devices: ") << shown(result.devices) << "\n\n";
  }
  for (const auto& failure : result.gate_failures) {
    out << (markdown ? "- **FAILED** " : "FAILED ") << shown(failure) << '\n';
  }
  if (!result.gate_failures.empty()) out << '\n';
  Table table{{{"benchmark", {}, 0, ""},
               {"base"},
               {"new"},
               {"unit"},
               {"ratio [95% CI]"},
               {"p (BH)"},
               {"verdict"}},
              {}};
  for (const auto& r : result.rows) {
    using namespace number_format;
    table.rows.push_back({r.name, format_number(r.base_median), format_number(r.new_median), r.unit,
                          format_number(r.ratio, kRatioColumn) + " [" +
                              format_number(r.ci_low, kRatioColumn) + ", " +
                              format_number(r.ci_high, kRatioColumn) + "]",
                          format_number(r.p_adjusted, kPValue), r.verdict});
  }
  markdown ? render_markdown(out, table) : render_text(out, table);
  if (!result.unpaired.empty()) {
    out << (markdown ? "\nNot paired (measured on one platform only):\n\n"
                     : "\nnot paired (measured on one platform only):\n");
    for (const auto& name : result.unpaired) out << (markdown ? "- " : "  ") << shown(name) << '\n';
  }
  out << (markdown ? "\n**" : "\n# ") << (result.exit_code() == 0 ? "PASS" : "FAIL") << ": "
      << result.rows.size() << " compared, " << result.gate_failures.size() << " gate failure(s)"
      << (result.regression ? ", regression" : "") << (markdown ? "**" : "")
      << " (ratio > 1: NEW better)\n";
}

}  // namespace accelbench
