#include "fleet_inputs.h"

#include <accelbench/error.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <filesystem>
#include <map>

#include "compare.h"
#include "json_input.h"

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

// The fields fleet reads beyond input_shape.h's checks, type-checked here
// with its words: "f.json: suite.results[3].telemetry.samples is a string,
// want a number".
[[noreturn]] void wrong(const std::string& source, const std::string& at, const std::string& want,
                        const Json& value) {
  std::string is = value.is_string()    ? "a string"
                   : value.is_number()  ? "a number"
                   : value.is_boolean() ? "a boolean"
                   : value.is_array()   ? "an array"
                   : value.is_object()  ? "an object"
                                        : "null";
  throw usage_error(source + ": " + at + " is " + is + ", want " + want);
}

const Json* member(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  const auto found = object.find(key);
  return found == object.end() ? nullptr : &*found;
}

const Json* object_at(const Json& parent, const char* key, const std::string& source,
                      const std::string& at) {
  const Json* value = member(parent, key);
  if (value && !value->is_object()) wrong(source, at + "." + key, "an object", *value);
  return value;
}

const Json* array_at(const Json& parent, const char* key, const std::string& source,
                     const std::string& at) {
  const Json* value = member(parent, key);
  if (value && !value->is_array()) wrong(source, at + "." + key, "an array", *value);
  return value;
}

std::optional<double> number_at(const Json& parent, const char* key, const std::string& source,
                                const std::string& at) {
  const Json* value = member(parent, key);
  if (!value) return std::nullopt;
  if (!value->is_number()) wrong(source, at + "." + key, "a number", *value);
  return value->get<double>();
}

bool is_node_name(const std::string& name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

// "gpu0.ecc_corrected" -> "ecc_corrected" when that is a known counter.
std::string counter_kind(const std::string& reading) {
  const auto dot = reading.rfind('.');
  const std::string last = dot == std::string::npos ? reading : reading.substr(dot + 1);
  const auto& known = known_counters();
  return std::find(known.begin(), known.end(), last) != known.end() ? last : "";
}

// One run's telemetry window: counters that moved, and throttling.
void add_telemetry(const Json& result, const std::string& instance, const std::string& source,
                   const std::string& at, NodeRecord& node,
                   std::map<std::string, std::size_t>& by) {
  const Json* telemetry = object_at(result, "telemetry", source, at);
  if (!telemetry) return;
  const std::string here = at + ".telemetry";
  const double samples = number_at(*telemetry, "samples", source, here).value_or(0);
  if (samples < 0 || samples > 1e12) {
    throw usage_error(source + ": " + here + ".samples must be a count, not " +
                      std::to_string(samples));
  }
  const Json* readings = object_at(*telemetry, "readings", source, here);
  node.telemetry_samples += static_cast<std::size_t>(samples);
  if (!readings) return;
  for (const auto& [name, reading] : readings->items()) {
    const bool throttle = name.ends_with("clock_event_reasons");
    const std::string kind = throttle ? "" : counter_kind(name);
    if (!throttle && kind.empty()) continue;
    const std::string where = here + ".readings." + name;
    if (!reading.is_object()) wrong(source, where, "an object", reading);
    const auto min = number_at(reading, "min", source, where);
    const auto max = number_at(reading, "max", source, where);
    const auto before = number_at(reading, "before", source, where);
    const auto after = number_at(reading, "after", source, where);
    if (throttle) {
      // A bit mask: a run whose mask had a slowdown bit at its lowest or
      // highest reading throttled for some of its samples; count them all.
      const auto has_slowdown = [](std::optional<double> mask) {
        return mask && *mask >= 0 && *mask < 1.8e19 &&
               (static_cast<std::uint64_t>(*mask) & kThrottleReasonBits) != 0;
      };
      if (has_slowdown(min) || has_slowdown(max) || has_slowdown(before) || has_slowdown(after)) {
        node.throttled_samples += static_cast<std::size_t>(samples);
        if (node.throttled_example.empty()) {
          node.throttled_example = instance + " (" + name + " " +
                                   std::to_string(static_cast<std::uint64_t>(
                                       has_slowdown(max) ? *max : min.value_or(0))) +
                                   ")";
        }
      }
      continue;
    }
    // A counter's change over the run: after - before (older files: max - min).
    double delta = 0;
    if (before && after) {
      delta = *after - *before;
    } else if (min && max) {
      delta = *max - *min;
    }
    if (!(delta > 0)) continue;
    const auto [found, added] = by.emplace(name, node.counters.size());
    if (added) node.counters.push_back(CounterDelta{name, kind, 0, 0, "", 0});
    CounterDelta& c = node.counters[found->second];
    c.delta += delta;
    ++c.runs;
    if (delta > c.largest_delta) {
      c.largest_delta = delta;
      c.largest_instance = instance;
    }
  }
}

InstanceFacts instance_facts(const Json& result, const std::string& source, const std::string& at) {
  // input_shape.h has checked the types of these.
  InstanceFacts f;
  f.name = result.at("name").get<std::string>();
  f.benchmark = result.at("benchmark").get<std::string>();
  f.status = result.at("status").get<std::string>();
  if (const Json* reason = member(result, "reason")) f.reason = reason->get<std::string>();
  if (const Json* metric = member(result, "metric")) {
    f.unit = metric->value("unit", "");
    f.higher_is_better = metric->value("direction", "higher_is_better") != "lower_is_better";
    const Json* value = member(*metric, "value");
    if (f.status == "ok" && value) f.value = value->get<double>();
  }
  if (const Json* statistics = member(result, "statistics")) {
    f.unstable = statistics->value("unstable", false);
    if (const Json* reasons =
            array_at(*statistics, "unstable_reasons", source, at + ".statistics")) {
      for (std::size_t i = 0; i < reasons->size(); ++i) {
        const Json& reason = (*reasons)[i];
        if (!reason.is_string()) {
          wrong(source, at + ".statistics.unstable_reasons[" + std::to_string(i) + "]", "a string",
                reason);
        }
        f.unstable_reasons += (f.unstable_reasons.empty() ? "" : "; ") + reason.get<std::string>();
      }
    }
  }
  if (const Json* verification = member(result, "verification")) {
    f.mismatches = verification->value("mismatches", std::uint64_t{0});
    f.verification_failed = f.mismatches > 0 || verification->value("outcome", "") == "failed";
  }
  if (f.status == "invalid") f.verification_failed = true;
  return f;
}

// The stragglers of a cross-node document's collectives.
void add_stragglers(const Json& document, const std::string& source,
                    std::vector<StragglerFact>& out) {
  const Json& suite = document.at("suite");
  std::vector<std::string> rank_nodes;
  if (const Json* fleet = object_at(suite, "fleet", source, "suite")) {
    if (const Json* ranks = array_at(*fleet, "rank_nodes", source, "suite.fleet")) {
      for (std::size_t i = 0; i < ranks->size(); ++i) {
        const Json& name = (*ranks)[i];
        if (!name.is_string()) {
          wrong(source, "suite.fleet.rank_nodes[" + std::to_string(i) + "]", "a string", name);
        }
        rank_nodes.push_back(name.get<std::string>());
      }
    }
  }
  const Json& results = suite.at("results");
  for (std::size_t i = 0; i < results.size(); ++i) {
    const std::string at = "suite.results[" + std::to_string(i) + "]";
    const Json* details = object_at(results[i], "details", source, at);
    if (!details) continue;
    const Json* stragglers = object_at(*details, "stragglers", source, at + ".details");
    if (!stragglers) continue;
    const std::string here = at + ".details.stragglers";
    std::optional<double> persistent_rank;
    if (const Json* p = member(*stragglers, "persistent_straggler"); p && !p->is_null()) {
      if (!p->is_object()) wrong(source, here + ".persistent_straggler", "an object or null", *p);
      persistent_rank = number_at(*p, "rank", source, here + ".persistent_straggler");
    }
    const Json* ranks = array_at(*stragglers, "ranks", source, here);
    if (!ranks) continue;
    for (std::size_t r = 0; r < ranks->size(); ++r) {
      const Json& entry = (*ranks)[r];
      const std::string where = here + ".ranks[" + std::to_string(r) + "]";
      if (!entry.is_object()) wrong(source, where, "an object", entry);
      const auto rank = number_at(entry, "rank", source, where);
      const auto fraction = number_at(entry, "last_by_10_percent_fraction", source, where);
      if (!rank || *rank < 0 || *rank > 1e7 || *rank != std::floor(*rank)) {
        throw usage_error(source + ": " + where + ".rank must be a rank number (0, 1, ...)");
      }
      if (!fraction || *fraction < 0 || *fraction > 1) {
        throw usage_error(source + ": " + where +
                          ".last_by_10_percent_fraction must be a number in [0, 1]");
      }
      StragglerFact fact;
      fact.source = source;
      fact.instance = results[i].at("name").get<std::string>();
      fact.rank = static_cast<int>(*rank);
      if (static_cast<std::size_t>(fact.rank) < rank_nodes.size()) {
        fact.node = rank_nodes[static_cast<std::size_t>(fact.rank)];
      } else if (const Json* host = member(entry, "host"); host && host->is_string()) {
        fact.node = host->get<std::string>();
      }
      fact.last_fraction = *fraction;
      fact.persistent = persistent_rank && *persistent_rank == *rank;
      out.push_back(std::move(fact));
    }
  }
}

bool is_cross_node(const Json& document, const std::string& source) {
  const Json* fleet = object_at(document.at("suite"), "fleet", source, "suite");
  if (!fleet) return false;
  const Json* role = member(*fleet, "role");
  if (role && !role->is_string()) wrong(source, "suite.fleet.role", "a string", *role);
  return role && *role == "cross-node";
}

// What one input file holds, summarized.
struct FileSummary {
  std::vector<NodeRecord> nodes;
  std::vector<StragglerFact> stragglers;
  bool cross_node = false;
};

// A parsed and checked results document; `stem` names it when it is a node
// without suite.node.
FileSummary summarize_document(const Json& document, const std::string& path,
                               const std::string& stem) {
  FileSummary out;
  const Json& suite = document.at("suite");
  if (const Json* nodes = array_at(suite, "nodes", path, "suite")) {
    for (std::size_t i = 0; i < nodes->size(); ++i) {
      const std::string source = path + " suite.nodes[" + std::to_string(i) + "]";
      const Json& node = (*nodes)[i];
      check_accelbench_file(source, node, {FileKind::kResults});
      check_sample_times(node, source);
      if (!member(node.at("suite"), "node")) {
        throw usage_error(source + ": suite.node is missing (a fleet file names each node)");
      }
      out.nodes.push_back(summarize_node(node, source, node_name_of(node, source, "")));
    }
    out.cross_node = true;
    add_stragglers(document, path, out.stragglers);
    return out;
  }
  if (is_cross_node(document, path)) {
    out.cross_node = true;
    add_stragglers(document, path, out.stragglers);
    return out;
  }
  out.nodes.push_back(summarize_node(document, path, node_name_of(document, path, stem)));
  return out;
}

// fleet reads suite.results, never the Google Benchmark runs (`benchmarks`,
// which carry every sample and are most of a file): they are parsed and
// checked (syntax, depth, duplicate keys, numbers) but not built, which
// more than halves the time of reading a fleet.
FileSummary summarize_file(const std::string& path) {
  JsonLimits limits;
  limits.unbuilt_members = {"benchmarks"};
  const Json document = read_json_file(path, limits);
  check_accelbench_file(path, document, {FileKind::kResults});
  return summarize_document(document, path, std::filesystem::path(path).stem().string());
}

// The summaries in input order, as one fleet: duplicate names refused.
FleetInputs gather(std::vector<FileSummary>& summaries, const std::vector<std::string>& sources) {
  FleetInputs inputs;
  std::map<std::string, std::string> source_of;
  for (std::size_t i = 0; i < summaries.size(); ++i) {
    if (summaries[i].cross_node) inputs.cross_node_sources.push_back(sources[i]);
    for (auto& node : summaries[i].nodes) {
      const auto [found, added] = source_of.emplace(node.name, node.source);
      if (!added) {
        throw usage_error("node \"" + node.name + "\" is named by two inputs: " + found->second +
                          " and " + node.source + " (each node once)");
      }
      inputs.nodes.push_back(std::move(node));
    }
    for (auto& fact : summaries[i].stragglers) inputs.stragglers.push_back(std::move(fact));
  }
  return inputs;
}

std::vector<std::string> input_files(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& path : paths) {
    std::error_code error;
    if (!std::filesystem::is_directory(path, error)) {
      files.push_back(path);  // the loader says what is wrong with it
      continue;
    }
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(path, error)) {
      if (entry.path().extension() == ".json") found.push_back(entry.path().string());
    }
    if (error) throw usage_error(path + ": cannot list the folder: " + error.message());
    if (found.empty()) throw usage_error(path + ": a folder without *.json files");
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

}  // namespace

const std::vector<std::string>& known_counters() {
  static const std::vector<std::string> counters = {
      "ecc_corrected",           "ecc_uncorrected",
      "remapped_rows_corrected", "remapped_rows_uncorrected",
      "remapping_pending",       "pcie_replays",
      "nvlink_replays",          "nvlink_recoveries",
      "nvlink_crc_flit_errors"};
  return counters;
}

std::string node_name_of(const Json& document, const std::string& source,
                         const std::string& fallback) {
  const Json* node = member(document.at("suite"), "node");
  if (!node) return fallback;
  if (!node->is_string()) wrong(source, "suite.node", "a string", *node);
  std::string name = node->get<std::string>();
  if (!is_node_name(name)) {
    throw usage_error(source + ": suite.node must be 1 to 64 of A-Z a-z 0-9 . _ -, not \"" +
                      name.substr(0, 64) + "\"");
  }
  return name;
}

NodeRecord summarize_node(const Json& document, const std::string& source,
                          const std::string& name) {
  NodeRecord node;
  node.name = name;
  node.source = source;
  const Json& results = document.at("suite").at("results");
  node.instances.reserve(results.size());
  std::map<std::string, std::size_t> counter_index;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const std::string at = "suite.results[" + std::to_string(i) + "]";
    node.instances.push_back(instance_facts(results[i], source, at));
    add_telemetry(results[i], node.instances.back().name, source, at, node, counter_index);
  }
  return node;
}

FleetInputs read_fleet_inputs(const std::vector<std::string>& paths) {
  const std::vector<std::string> files = input_files(paths);
  // Files are independent: read them in parallel, each summarized and its
  // document dropped at once; the first error in input order is reported.
  std::vector<FileSummary> summaries(files.size());
  std::vector<std::exception_ptr> errors(files.size());
  const auto count = static_cast<std::ptrdiff_t>(files.size());
#pragma omp parallel for schedule(dynamic, 1)
  for (std::ptrdiff_t i = 0; i < count; ++i) {
    const auto k = static_cast<std::size_t>(i);
    try {
      summaries[k] = summarize_file(files[k]);
    } catch (...) {
      errors[k] = std::current_exception();
    }
  }
  for (const auto& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  FleetInputs inputs = gather(summaries, files);
  if (inputs.nodes.empty()) {
    throw usage_error("no node document among the inputs (only cross-node documents)");
  }
  return inputs;
}

std::optional<FleetInputs> named_fleet_of(const std::vector<DocumentInput>& documents) {
  std::vector<FileSummary> summaries;
  std::vector<std::string> sources;
  std::size_t named = 0;
  for (const auto& d : documents) {
    if (file_kind(*d.document) != FileKind::kResults) continue;
    const Json& suite = d.document->at("suite");
    const bool fleet_file = member(suite, "nodes") != nullptr;
    if (!fleet_file && !member(suite, "node") && !is_cross_node(*d.document, d.source)) continue;
    summaries.push_back(summarize_document(*d.document, d.source, d.source));
    sources.push_back(d.source);
    named += summaries.back().nodes.size();
  }
  if (named < 2) return std::nullopt;
  return gather(summaries, sources);
}

}  // namespace accelbench
