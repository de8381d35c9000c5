#include "fleet_rules.h"

#include <accelbench/error.h>
#include <accelbench/json_parse.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>

#include "fleet_inputs.h"
#include "json_input.h"
#include "units.h"

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

// A rules file is a few dozen lines; these bound what a hostile one costs.
constexpr std::uintmax_t kMaxRulesBytes = 1 << 20;
constexpr std::size_t kMaxRules = 1000;
constexpr std::size_t kMaxYamlDepth = 16;
// YAML aliases share nodes: a few lines can stand for billions ("billion
// laughs"); converting them to JSON is bounded by this many values.
constexpr std::size_t kMaxYamlValues = 100000;

constexpr std::pair<RuleKind, std::string_view> kKindNames[] = {
    {RuleKind::kBelowFleetMedian, "below_fleet_median"},
    {RuleKind::kBelowBaseline, "below_baseline"},
    {RuleKind::kUnstable, "unstable"},
    {RuleKind::kVerification, "verification"},
    {RuleKind::kStatus, "status"},
    {RuleKind::kCounterDelta, "counter_delta"},
    {RuleKind::kThrottleShare, "throttle_share"},
    {RuleKind::kStragglers, "stragglers"},
};

// The thresholds each kind takes, besides rule, name and severity.
std::vector<std::string_view> parameters_of(RuleKind kind) {
  switch (kind) {
    case RuleKind::kBelowFleetMedian:
      return {"percent", "min_robust_z", "min_nodes"};
    case RuleKind::kBelowBaseline:
      return {"percent"};
    case RuleKind::kUnstable:
      return {"max_fleet_share", "min_results"};
    case RuleKind::kVerification:
      return {"min_results"};
    case RuleKind::kStatus:
      return {"statuses", "min_results"};
    case RuleKind::kCounterDelta:
      return {"counters", "min_delta"};
    case RuleKind::kThrottleShare:
      return {"max_share"};
    case RuleKind::kStragglers:
      return {"min_last_fraction", "min_results"};
  }
  return {};
}

const std::vector<std::string>& rule_statuses() {
  static const std::vector<std::string> statuses = {"failed", "crashed", "timeout", "invalid",
                                                    "skipped"};
  return statuses;
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

std::string type_of(const Json& value) {
  if (value.is_string()) return "a string";
  if (value.is_boolean()) return "a boolean";
  if (value.is_number()) return "a number";
  if (value.is_array()) return "an array";
  if (value.is_object()) return "an object";
  return "null";
}

std::string shown_key(const std::string& key) {
  std::string out;
  for (char c : key.substr(0, 40)) {
    out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
  }
  return out;
}

class RuleReader {
 public:
  explicit RuleReader(const std::string& source) : source_(source) {}

  FleetRules read(const Json& document) {
    if (!document.is_object()) fail("the rules file", "must be an object {\"rules\": [...]}");
    for (const auto& [key, value] : document.items()) {
      if (key != "rules") {
        fail("\"" + shown_key(key) + "\"", "is not a key of a rules file (it has \"rules\")");
      }
    }
    const auto found = document.find("rules");
    if (found == document.end()) fail("rules", "is missing");
    if (!found->is_array()) fail("rules", "is " + type_of(*found) + ", want an array");
    if (found->empty() || found->size() > kMaxRules) {
      fail("rules", "must have 1 to " + std::to_string(kMaxRules) + " entries");
    }
    FleetRules rules;
    rules.source = source_;
    for (std::size_t i = 0; i < found->size(); ++i) {
      rules.rules.push_back(rule((*found)[i], "rules[" + std::to_string(i) + "]"));
    }
    return rules;
  }

 private:
  [[noreturn]] void fail(const std::string& at, const std::string& problem) const {
    throw usage_error(source_ + ": " + at + " " + problem);
  }

  FleetRule rule(const Json& entry, const std::string& at) {
    if (!entry.is_object()) fail(at, "is " + type_of(entry) + ", want an object");
    FleetRule r;
    const std::string kind = text(entry, "rule", at, true);
    const auto named = std::find_if(std::begin(kKindNames), std::end(kKindNames),
                                    [&](const auto& k) { return k.second == kind; });
    if (named == std::end(kKindNames)) {
      std::vector<std::string> kinds;
      for (const auto& k : kKindNames) kinds.emplace_back(k.second);
      fail(at + ".rule",
           "\"" + shown_key(kind) + "\" is not a rule (rules: " + joined(kinds) + ")");
    }
    r.kind = named->first;
    const std::string severity = text(entry, "severity", at, true);
    if (severity == "suspect") {
      r.severity = Severity::kSuspect;
    } else if (severity == "defective") {
      r.severity = Severity::kDefective;
    } else {
      fail(at + ".severity", "must be suspect or defective, not \"" + shown_key(severity) + "\"");
    }
    r.name = entry.contains("name") ? text(entry, "name", at, true) : std::string(kind);
    // The name reaches every output (JSON too, which needs valid UTF-8): a word.
    const bool word = std::all_of(r.name.begin(), r.name.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
    });
    if (r.name.empty() || r.name.size() > 64 || !word) {
      fail(at + ".name", "must be 1 to 64 of A-Z a-z 0-9 _ - .");
    }
    const auto parameters = parameters_of(r.kind);
    for (const auto& [key, value] : entry.items()) {
      if (key == "rule" || key == "severity" || key == "name") continue;
      if (std::find(parameters.begin(), parameters.end(), key) == parameters.end()) {
        std::vector<std::string> takes = {"rule", "severity", "name"};
        for (auto p : parameters) takes.emplace_back(p);
        fail(at + ": \"" + shown_key(key) + "\"",
             "is not a key of rule " + kind + " (it takes " + joined(takes) + ")");
      }
      parameter(r, key, value, at + "." + key);
    }
    if (r.kind == RuleKind::kStatus && r.statuses.empty())
      r.statuses = {"failed", "crashed", "timeout"};
    if (r.kind == RuleKind::kCounterDelta && r.counters.empty()) {
      fail(at, "needs \"counters\" (one or more of " + joined(known_counters()) + ")");
    }
    return r;
  }

  std::string text(const Json& entry, const char* key, const std::string& at, bool required) {
    const auto found = entry.find(key);
    if (found == entry.end()) {
      if (required) fail(at + "." + key, "is missing");
      return "";
    }
    if (!found->is_string()) fail(at + "." + key, "is " + type_of(*found) + ", want a string");
    return found->get<std::string>();
  }

  double number(const Json& value, const std::string& at, double min, double max,
                bool integer = false) {
    if (!value.is_number()) {
      fail(at, "is " + type_of(value) + ", want " + (integer ? "an integer" : "a number"));
    }
    const double v = value.get<double>();
    if (!std::isfinite(v) || v < min || v > max || (integer && v != std::floor(v))) {
      fail(at, std::string("must be ") + (integer ? "an integer" : "a number") + " from " +
                   format_number(min, number_format::kFull) + " to " +
                   format_number(max, number_format::kFull) + ", not " +
                   format_number(v, number_format::kFull));
    }
    return v;
  }

  std::vector<std::string> words(const Json& value, const std::string& at,
                                 const std::vector<std::string>& allowed) {
    if (!value.is_array()) fail(at, "is " + type_of(value) + ", want an array of strings");
    if (value.empty() || value.size() > allowed.size()) {
      fail(at, "must name 1 to " + std::to_string(allowed.size()) + " of " + joined(allowed));
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < value.size(); ++i) {
      const std::string here = at + "[" + std::to_string(i) + "]";
      if (!value[i].is_string()) fail(here, "is " + type_of(value[i]) + ", want a string");
      const std::string word = value[i].get<std::string>();
      if (std::find(allowed.begin(), allowed.end(), word) == allowed.end()) {
        fail(here, "\"" + shown_key(word) + "\" is not one of " + joined(allowed));
      }
      if (std::find(out.begin(), out.end(), word) != out.end()) {
        fail(here, "\"" + word + "\" is named twice");
      }
      out.push_back(word);
    }
    return out;
  }

  void parameter(FleetRule& r, const std::string& key, const Json& value, const std::string& at) {
    if (key == "percent") {
      r.percent = number(value, at, 0.001, 100);
    } else if (key == "min_robust_z") {
      r.min_robust_z = number(value, at, 0, 1000);
    } else if (key == "min_nodes") {
      r.min_nodes = static_cast<std::size_t>(number(value, at, 2, 1e6, true));
    } else if (key == "max_fleet_share") {
      r.max_fleet_share = number(value, at, 0, 1);
    } else if (key == "min_results") {
      r.min_results = static_cast<std::size_t>(number(value, at, 1, 1e6, true));
    } else if (key == "statuses") {
      r.statuses = words(value, at, rule_statuses());
    } else if (key == "counters") {
      r.counters = words(value, at, known_counters());
    } else if (key == "min_delta") {
      r.min_delta = number(value, at, 1e-9, 1e15);
    } else if (key == "max_share") {
      r.max_share = number(value, at, 0, 0.999);
    } else if (key == "min_last_fraction") {
      r.min_last_fraction = number(value, at, 0.001, 1);
    }
  }

  const std::string& source_;
};

// YAML to JSON: a plain scalar that reads as a number or a boolean is one
// (YAML 1.2's core schema); a quoted scalar stays a string.
class YamlToJson {
 public:
  explicit YamlToJson(const std::string& source) : source_(source) {}

  Json convert(const YAML::Node& node, std::size_t depth = 0) {
    if (depth > kMaxYamlDepth) {
      throw usage_error(source_ + ": nesting deeper than " + std::to_string(kMaxYamlDepth) +
                        " levels");
    }
    if (++values_ > kMaxYamlValues) {
      throw usage_error(source_ + ": more than " + std::to_string(kMaxYamlValues) +
                        " values (aliases expanded)");
    }
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        return Json(nullptr);
      case YAML::NodeType::Scalar:
        return scalar(node);
      case YAML::NodeType::Sequence: {
        Json out = Json::array();
        for (const auto& element : node) out.push_back(convert(element, depth + 1));
        return out;
      }
      case YAML::NodeType::Map: {
        Json out = Json::object();
        for (const auto& entry : node) {
          if (!entry.first.IsScalar()) {
            throw usage_error(source_ + ": a key that is not a plain word, at line " +
                              std::to_string(entry.first.Mark().line + 1));
          }
          const std::string key = entry.first.Scalar();
          if (out.contains(key)) {
            throw usage_error(source_ + ": the key \"" + shown_key(key) + "\" appears twice");
          }
          out[key] = convert(entry.second, depth + 1);
        }
        return out;
      }
    }
    return Json(nullptr);
  }

 private:
  static Json scalar(const YAML::Node& node) {
    const std::string& text = node.Scalar();
    if (node.Tag() == "!") return text;  // quoted: a string
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
    if (text == "null" || text == "~" || text.empty()) return nullptr;
    try {
      return parse_finite_number(text, "");
    } catch (const Error&) {
      return text;
    }
  }

  const std::string& source_;
  std::size_t values_ = 0;
};

Json parse_yaml(std::string_view text, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    throw usage_error(source + ": not YAML at line " + std::to_string(e.mark.line + 1) +
                      ", column " + std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  try {
    return YamlToJson(source).convert(root);
  } catch (const YAML::Exception& e) {
    throw usage_error(source + ": not YAML: " + e.msg);
  }
}

FleetRule make(RuleKind kind, std::string name, Severity severity) {
  FleetRule r;
  r.kind = kind;
  r.name = std::move(name);
  r.severity = severity;
  return r;
}

}  // namespace

std::string_view severity_name(Severity severity) {
  return severity == Severity::kDefective ? "defective" : "suspect";
}

std::string_view rule_kind_name(RuleKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "?";
}

FleetRules default_fleet_rules() {
  FleetRules out;
  auto& rules = out.rules;
  FleetRule slow = make(RuleKind::kBelowFleetMedian, "slower_than_fleet", Severity::kSuspect);
  slow.percent = 15;
  rules.push_back(slow);
  FleetRule much_slower =
      make(RuleKind::kBelowFleetMedian, "much_slower_than_fleet", Severity::kDefective);
  much_slower.percent = 30;
  rules.push_back(much_slower);
  FleetRule below_baseline =
      make(RuleKind::kBelowBaseline, "slower_than_baseline", Severity::kSuspect);
  below_baseline.percent = 15;
  rules.push_back(below_baseline);
  FleetRule much_below_baseline =
      make(RuleKind::kBelowBaseline, "much_slower_than_baseline", Severity::kDefective);
  much_below_baseline.percent = 30;
  rules.push_back(much_below_baseline);
  rules.push_back(make(RuleKind::kUnstable, "unstable", Severity::kSuspect));
  rules.push_back(make(RuleKind::kVerification, "verification", Severity::kDefective));
  FleetRule status = make(RuleKind::kStatus, "failed_runs", Severity::kDefective);
  status.statuses = {"failed", "crashed", "timeout"};
  rules.push_back(status);
  FleetRule uncorrected =
      make(RuleKind::kCounterDelta, "uncorrectable_errors", Severity::kDefective);
  uncorrected.counters = {"ecc_uncorrected", "remapped_rows_uncorrected", "remapping_pending"};
  rules.push_back(uncorrected);
  FleetRule corrected = make(RuleKind::kCounterDelta, "corrected_errors", Severity::kSuspect);
  corrected.counters = {"ecc_corrected",  "remapped_rows_corrected", "pcie_replays",
                        "nvlink_replays", "nvlink_recoveries",       "nvlink_crc_flit_errors"};
  rules.push_back(corrected);
  rules.push_back(make(RuleKind::kThrottleShare, "throttled", Severity::kSuspect));
  rules.push_back(make(RuleKind::kStragglers, "straggler", Severity::kSuspect));
  FleetRule persistent = make(RuleKind::kStragglers, "persistent_straggler", Severity::kDefective);
  persistent.min_results = 3;
  rules.push_back(persistent);
  return out;
}

FleetRules parse_fleet_rules(std::string_view text, bool yaml, const std::string& source) {
  const Json document = yaml ? parse_yaml(text, source) : parse_json(text, source);
  return RuleReader(source).read(document);
}

FleetRules read_fleet_rules(const std::string& path) {
  const std::string text = read_input_file(path, kMaxRulesBytes);
  const std::string extension = std::filesystem::path(path).extension().string();
  return parse_fleet_rules(text, extension == ".yaml" || extension == ".yml", path);
}

Json fleet_rules_json(const FleetRules& rules) {
  Json list = Json::array();
  for (const auto& r : rules.rules) {
    Json entry = {{"rule", rule_kind_name(r.kind)},
                  {"name", r.name},
                  {"severity", severity_name(r.severity)}};
    switch (r.kind) {
      case RuleKind::kBelowFleetMedian:
        entry["percent"] = r.percent;
        entry["min_robust_z"] = r.min_robust_z;
        entry["min_nodes"] = r.min_nodes;
        break;
      case RuleKind::kBelowBaseline:
        entry["percent"] = r.percent;
        break;
      case RuleKind::kUnstable:
        entry["max_fleet_share"] = r.max_fleet_share;
        entry["min_results"] = r.min_results;
        break;
      case RuleKind::kVerification:
        entry["min_results"] = r.min_results;
        break;
      case RuleKind::kStatus:
        entry["statuses"] = r.statuses;
        entry["min_results"] = r.min_results;
        break;
      case RuleKind::kCounterDelta:
        entry["counters"] = r.counters;
        entry["min_delta"] = r.min_delta;
        break;
      case RuleKind::kThrottleShare:
        entry["max_share"] = r.max_share;
        break;
      case RuleKind::kStragglers:
        entry["min_last_fraction"] = r.min_last_fraction;
        entry["min_results"] = r.min_results;
        break;
    }
    list.push_back(entry);
  }
  return {{"rules", list}};
}

}  // namespace accelbench
