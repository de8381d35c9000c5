#include "input_shape.h"

#include <accelbench/error.h>

#include <string_view>
#include <vector>

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

enum class Want {
  kString,
  kNumber,
  kInteger,
  kUnsigned,
  kBool,
  kObject,
  kArray,
  kScalar,
  kStringOrNull,
  kNumberOrNull,
  kArrayOrNull,
};

// A path of keys; "[]" after a key means each element of that array, "*"
// means each member of an object. Optional: checked only when present.
struct Rule {
  std::string_view path;
  Want want;
  bool required = false;
};

constexpr bool kRequired = true;

// Google Benchmark's iteration runs, which carry the samples.
constexpr Rule kIterationRun[] = {
    {"suite", Want::kObject, kRequired},
    {"suite.name", Want::kString, kRequired},
    {"suite.metric", Want::kObject, kRequired},
    {"suite.metric.name", Want::kString, kRequired},
    {"suite.metric.unit", Want::kString, kRequired},
    {"suite.metric.direction", Want::kString, kRequired},
    {"suite.work", Want::kObject, kRequired},
    {"suite.work.bytes_per_iteration", Want::kNumber, kRequired},
    {"suite.work.flops_per_iteration", Want::kNumber, kRequired},
    {"suite.work.operations_per_iteration", Want::kNumber, kRequired},
    {"suite.samples", Want::kObject, kRequired},
    {"suite.samples.seconds_per_iteration", Want::kArray, kRequired},
    {"suite.samples.seconds_per_iteration[]", Want::kNumber},
};

// What report's fingerprint and history read of a file's top-level object.
constexpr Rule kMachine[] = {
    {"fingerprint", Want::kObject, kRequired},
    {"fingerprint.hash", Want::kString},
    {"fingerprint.info", Want::kObject},
    {"fingerprint.info.hostname", Want::kString},
    {"fingerprint.info.os", Want::kString},
    {"fingerprint.info.kernel", Want::kString},
    {"fingerprint.info.build", Want::kObject},
    {"fingerprint.info.build.version", Want::kString},
    {"fingerprint.info.build.git_revision", Want::kString},
    {"fingerprint.identity", Want::kObject},
    {"fingerprint.identity.cpu_model", Want::kString},
    {"topology", Want::kObject},
    {"topology.cores", Want::kInteger},
    {"topology.pus", Want::kInteger},
    {"devices", Want::kArray},
    {"devices[]", Want::kObject},
    {"devices[].id", Want::kString},
    {"devices[].name", Want::kString},
    {"started_at", Want::kString},
    {"status", Want::kString},
};

constexpr Rule kResults[] = {
    {"benchmarks", Want::kArray, kRequired},
    {"benchmarks[]", Want::kObject},
    {"benchmarks[].run_type", Want::kString, kRequired},
    {"suite.results", Want::kArray, kRequired},
    {"suite.results[]", Want::kObject},
    {"suite.results[].name", Want::kString, kRequired},
    {"suite.results[].benchmark", Want::kString, kRequired},
    {"suite.results[].status", Want::kString, kRequired},
    {"suite.results[].claim", Want::kString},
    {"suite.results[].compare_class", Want::kString},
    {"suite.results[].device", Want::kString},
    {"suite.results[].reason", Want::kString},
    {"suite.results[].params", Want::kObject},
    {"suite.results[].params.*", Want::kScalar},
    // Sizes and NUMA nodes: the report reads them as integers.
    {"suite.results[].params.array_bytes", Want::kInteger},
    {"suite.results[].params.working_set_bytes", Want::kInteger},
    {"suite.results[].params.transfer_bytes", Want::kInteger},
    {"suite.results[].params.message_bytes", Want::kInteger},
    {"suite.results[].params.matrix_size", Want::kInteger},
    {"suite.results[].params.cpu_node", Want::kInteger},
    {"suite.results[].params.mem_node", Want::kInteger},
    {"suite.results[].metric", Want::kObject},
    {"suite.results[].metric.name", Want::kString},
    {"suite.results[].metric.unit", Want::kString},
    {"suite.results[].metric.direction", Want::kString},
    {"suite.results[].metric.value", Want::kNumber},
    {"suite.results[].statistics", Want::kObject},
    {"suite.results[].statistics.median", Want::kNumber},
    {"suite.results[].statistics.cv", Want::kNumber},
    {"suite.results[].statistics.tail_ratio_p99_p50", Want::kNumber},
    {"suite.results[].statistics.unstable", Want::kBool},
    {"suite.results[].statistics.count", Want::kNumber},
    {"suite.results[].statistics.median_ci95", Want::kObject},
    {"suite.results[].statistics.median_ci95.low", Want::kNumber, kRequired},
    {"suite.results[].statistics.median_ci95.high", Want::kNumber, kRequired},
    {"suite.results[].verification", Want::kObject},
    {"suite.results[].verification.mismatches", Want::kUnsigned},
    {"suite.results[].verification.outcome", Want::kString},
    {"suite.results[].details", Want::kObject},
    {"suite.results[].details.matrix_ns", Want::kArray},
    {"suite.analyses", Want::kArray},
    {"suite.analyses[]", Want::kObject},
    {"suite.analyses[].benchmark", Want::kString},
    {"suite.analyses[].device", Want::kString},
    {"suite.analyses[].unit", Want::kString},
    {"suite.analyses[].matrix", Want::kArray},
    // The verdict's figures (harness/src/headlines.h).
    {"suite.headlines", Want::kArray},
    {"suite.headlines[]", Want::kObject},
    {"suite.headlines[].benchmark", Want::kString, kRequired},
    {"suite.headlines[].device", Want::kString, kRequired},
    {"suite.headlines[].claim", Want::kString, kRequired},
    {"suite.headlines[].link", Want::kStringOrNull},
    {"suite.headlines[].unit", Want::kString, kRequired},
    {"suite.headlines[].direction", Want::kString, kRequired},
    {"suite.headlines[].kind", Want::kString, kRequired},
    {"suite.headlines[].swept", Want::kString},
    {"suite.headlines[].what", Want::kObject, kRequired},
    {"suite.headlines[].what.*", Want::kScalar},
    {"suite.headlines[].value", Want::kNumber, kRequired},
    {"suite.headlines[].instance", Want::kString, kRequired},
    {"suite.headlines[].levels", Want::kArrayOrNull},
    {"suite.headlines[].levels[]", Want::kObject},
    {"suite.headlines[].levels[].level", Want::kString, kRequired},
    {"suite.headlines[].levels[].value", Want::kNumberOrNull, kRequired},
    {"suite.headlines[].levels[].instance", Want::kString},
    {"suite.headlines[].sizes", Want::kArray},
    {"suite.headlines[].sizes[]", Want::kObject},
    {"suite.headlines[].sizes[].size", Want::kInteger, kRequired},
    {"suite.headlines[].sizes[].value", Want::kNumber, kRequired},
    {"suite.headlines[].sizes[].instance", Want::kString, kRequired},
};

// What `accelbench fleet` reads of a --per-node run's documents.
constexpr Rule kFleet[] = {
    {"node", Want::kString},
    {"fleet", Want::kObject},
    {"fleet.role", Want::kString, kRequired},
    {"fleet.nodes", Want::kArray, kRequired},
    {"fleet.nodes[]", Want::kString},
    {"fleet.rank_nodes", Want::kArray, kRequired},
    {"fleet.rank_nodes[]", Want::kString},
    {"nodes", Want::kArray},
    {"nodes[]", Want::kObject},
};

constexpr Rule kSoak[] = {
    {"soak.benchmarks", Want::kArray, kRequired},
    {"soak.benchmarks[]", Want::kObject},
    {"soak.benchmarks[].name", Want::kString},
    {"soak.benchmarks[].device", Want::kString},
    {"soak.benchmarks[].metric", Want::kObject},
    {"soak.benchmarks[].metric.unit", Want::kString},
    {"soak.benchmarks[].series", Want::kObject},
    {"soak.benchmarks[].series.t_s", Want::kArray, kRequired},
    {"soak.benchmarks[].series.value", Want::kArray, kRequired},
    {"soak.benchmarks[].analysis", Want::kObject},
    {"soak.benchmarks[].analysis.verdict", Want::kString},
    {"soak.benchmarks[].analysis.mismatches", Want::kUnsigned},
    {"soak.benchmarks[].analysis.drift_percent_per_hour", Want::kObject},
    {"soak.benchmarks[].analysis.drift_percent_per_hour.theil_sen", Want::kNumber},
    {"soak.benchmarks[].analysis.throttle_share", Want::kNumber},
    {"soak.telemetry", Want::kObject, kRequired},
    {"soak.telemetry.series", Want::kArray},
    {"soak.telemetry.series[]", Want::kObject},
    {"soak.telemetry.series[].t_s", Want::kNumber, kRequired},
};

const char* type_phrase(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "an integer";
    case Json::value_t::number_float:
      return "a number with a fraction";
    default:
      return "something else";
  }
}

const char* want_phrase(Want want) {
  switch (want) {
    case Want::kString:
      return "a string";
    case Want::kNumber:
      return "a number";
    case Want::kInteger:
      return "an integer";
    case Want::kUnsigned:
      return "an integer >= 0";
    case Want::kBool:
      return "true or false";
    case Want::kObject:
      return "an object";
    case Want::kArray:
      return "an array";
    case Want::kScalar:
      return "a string, number or boolean";
    case Want::kStringOrNull:
      return "a string or null";
    case Want::kNumberOrNull:
      return "a number or null";
    case Want::kArrayOrNull:
      return "an array or null";
  }
  return "?";
}

bool matches(const Json& value, Want want) {
  switch (want) {
    case Want::kString:
      return value.is_string();
    case Want::kNumber:
      return value.is_number();
    case Want::kInteger:
      return value.is_number_integer();
    case Want::kUnsigned:
      return value.is_number_unsigned();
    case Want::kBool:
      return value.is_boolean();
    case Want::kObject:
      return value.is_object();
    case Want::kArray:
      return value.is_array();
    case Want::kScalar:
      return value.is_string() || value.is_number() || value.is_boolean();
    case Want::kStringOrNull:
      return value.is_string() || value.is_null();
    case Want::kNumberOrNull:
      return value.is_number() || value.is_null();
    case Want::kArrayOrNull:
      return value.is_array() || value.is_null();
  }
  return false;
}

struct Checker {
  const std::string& file;
  const Rule& rule;
  const std::string& base;  // where the walk starts ("suite", "benchmarks[3]")

  // Where the walk is, below `base`: keys and array indices. The text of the
  // place is made only for an error: a file of a thousand results is walked
  // once per rule, and building every path's text dominated the check.
  struct Step {
    std::string_view key;
    std::size_t index = 0;
    bool is_index = false;
  };
  mutable std::vector<Step> path;

  std::string place() const {
    std::string out = base;
    for (const Step& step : path) {
      if (step.is_index) {
        out += "[" + std::to_string(step.index) + "]";
      } else {
        if (!out.empty()) out += '.';
        out += step.key;
      }
    }
    return out;
  }

  [[noreturn]] void fail(const std::string& problem) const {
    throw usage_error(file + ": " + place() + " " + problem);
  }

  // `rest`: what is left of the rule's path below `value` (found at path).
  // Recursion follows the rule's path (a few keys), never the data.
  void walk(const Json& value, std::string_view rest) const {
    if (rest.empty()) {
      if (!matches(value, rule.want)) {
        fail(std::string("is ") + type_phrase(value) + ", want " + want_phrase(rule.want));
      }
      return;
    }
    const auto dot = rest.find('.');
    std::string_view segment = rest.substr(0, dot);
    const std::string_view below = dot == std::string_view::npos ? "" : rest.substr(dot + 1);
    if (!value.is_object()) return;  // its own rule says what it must be
    if (segment == "*") {
      for (const auto& [key, member] : value.items()) {
        path.push_back({key, 0, false});
        walk(member, below);
        path.pop_back();
      }
      return;
    }
    const bool each = segment.ends_with("[]");
    if (each) segment.remove_suffix(2);
    const auto found = value.find(std::string(segment));
    path.push_back({segment, 0, false});
    if (found == value.end()) {
      if (rule.required && below.empty() && !each) fail("is missing");
    } else if (!each) {
      walk(*found, below);
    } else if (found->is_array()) {
      for (std::size_t i = 0; i < found->size(); ++i) {
        path.push_back({{}, i, true});
        walk((*found)[i], below);
        path.pop_back();
      }
    }
    path.pop_back();
  }
};

template <std::size_t N>
void check(const Json& root, const Rule (&rules)[N], const std::string& file,
           const std::string& at = "") {
  for (const Rule& rule : rules) Checker{file, rule, at, {}}.walk(root, rule.path);
}

}  // namespace

namespace {

// `at`: where `document` is in the file ("" for the file itself,
// "suite.nodes[2]." for a node document of a --per-node run).
void check_results_document(const Json& document, const std::string& path, const std::string& at) {
  const std::string prefix = at.empty() ? "" : at + ".";
  check(document, kResults, path, at);
  check(document.at("suite"), kMachine, path, prefix + "suite");
  check(document.at("suite"), kFleet, path, prefix + "suite");
  const Json& runs = document.at("benchmarks");
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (runs[i].at("run_type") == "iteration") {
      check(runs[i], kIterationRun, path, prefix + "benchmarks[" + std::to_string(i) + "]");
    }
  }
}

}  // namespace

void check_results_shape(const Json& file, const std::string& path) {
  check_results_document(file, path, "");
  const auto nodes = file.at("suite").find("nodes");
  if (nodes == file.at("suite").end()) return;
  for (std::size_t i = 0; i < nodes->size(); ++i) {
    const std::string at = "suite.nodes[" + std::to_string(i) + "]";
    const Json& node = (*nodes)[i];
    const auto suite_found = node.find("suite");
    if (suite_found == node.end() || !suite_found->is_object()) {
      throw usage_error(path + ": " + at + ".suite is missing or not an object");
    }
    check_results_document(node, path, at);
    const Json& suite = node.at("suite");
    if (!suite.contains("node")) throw usage_error(path + ": " + at + ".suite.node is missing");
    if (suite.contains("nodes")) {
      throw usage_error(path + ": " + at + ".suite.nodes: a node document holds no nodes");
    }
  }
}

void check_soak_shape(const Json& file, const std::string& path) {
  check(file, kSoak, path);
  check(file.at("soak"), kMachine, path, "soak");
}

}  // namespace accelbench
