#include "fleet_output.h"

#include "display_text.h"
#include "table.h"
#include "units.h"

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

Json optional_number(const std::optional<double>& value) {
  return value && std::isfinite(*value) ? Json(*value) : Json(nullptr);
}

Json evidence_json(const Evidence& e) {
  Json out = {{"instance", e.instance.empty() ? Json(nullptr) : Json(e.instance)},
              {"text", e.text}};
  const std::pair<const char*, const std::optional<double>*> numbers[] = {
      {"value", &e.value},
      {"fleet_median", &e.fleet_median},
      {"deviation_percent", &e.deviation_percent},
      {"robust_z", &e.robust_z},
      {"baseline", &e.baseline},
      {"counter_delta", &e.counter_delta},
      {"share", &e.share}};
  for (const auto& [key, value] : numbers) {
    if (*value) out[key] = optional_number(*value);
  }
  if (!e.unit.empty()) out["unit"] = e.unit;
  if (!e.counter.empty()) out["counter"] = e.counter;
  return out;
}

std::string rules_broken(const NodeDiagnosis& node) {
  std::string out;
  for (const auto& f : node.findings) {
    out += (out.empty() ? "" : ", ") + f.rule + " (" + std::string(severity_name(f.severity)) +
           ", " + std::to_string(f.evidence.size()) + ")";
  }
  return out.empty() ? "-" : out;
}

void print_markdown(std::ostream& out, const FleetDiagnosis& d) {
  out << "## " << markdown_text(fleet_summary(d)) << "\n\n";
  Table table;
  table.columns = {{"node"}, {"health"}, {"rules broken (severity, evidence)"}, {"file"}};
  for (const auto& node : d.nodes) {
    table.rows.push_back(
        {node.name, std::string(health_name(node.health)), rules_broken(node), node.source});
  }
  render_markdown(out, table);
  for (const auto& node : d.nodes) {
    if (node.findings.empty()) continue;
    out << "\n### " << markdown_text(node.name) << ": " << health_name(node.health) << "\n\n";
    for (const auto& f : node.findings) {
      out << "- **" << markdown_text(f.rule) << "** (" << severity_name(f.severity) << ")\n";
      for (const auto& e : f.evidence) out << "  - " << markdown_text(e.text) << '\n';
    }
  }
  if (!d.notes.empty()) out << '\n';
  for (const auto& note : d.notes) out << "- note: " << markdown_text(note) << '\n';
}

void print_text(std::ostream& out, const FleetDiagnosis& d) {
  out << "# " << terminal_text(fleet_summary(d)) << '\n';
  for (const auto& node : d.nodes) {
    std::string health(health_name(node.health));
    if (node.health != NodeHealth::kHealthy) {
      for (char& c : health) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    out << terminal_text(node.name) << "  " << health << "  (" << node.ok << " ok of "
        << node.results << " results; " << terminal_text(node.source) << ")\n";
    for (const auto& f : node.findings) {
      out << "  " << terminal_text(f.rule) << " (" << severity_name(f.severity) << "):\n";
      for (const auto& e : f.evidence) out << "    " << terminal_text(e.text) << '\n';
    }
  }
  for (const auto& note : d.notes) out << "# note: " << terminal_text(note) << '\n';
}

}  // namespace

std::string fleet_summary(const FleetDiagnosis& d) {
  std::string rules =
      d.rules.source == "default" ? "default rules" : "rules from " + d.rules.source;
  return "fleet: " + std::to_string(d.count(NodeHealth::kDefective)) + " defective, " +
         std::to_string(d.count(NodeHealth::kSuspect)) + " suspect, " +
         std::to_string(d.count(NodeHealth::kHealthy)) + " healthy of " +
         std::to_string(d.nodes.size()) + " nodes; " + std::to_string(d.instances.size()) +
         " benchmark instances compared; " + rules +
         (d.baseline ? "; baseline " + *d.baseline : "");
}

Json fleet_json(const FleetDiagnosis& d) {
  Json instances = Json::array();
  for (const auto& i : d.instances) {
    instances.push_back({{"instance", i.name},
                         {"benchmark", i.benchmark},
                         {"unit", i.unit},
                         {"direction", i.higher_is_better ? "higher_is_better" : "lower_is_better"},
                         {"nodes", i.nodes},
                         {"median", i.nodes ? Json(i.median) : Json(nullptr)},
                         {"mad", i.nodes ? Json(i.mad) : Json(nullptr)},
                         {"unstable_nodes", i.unstable_nodes}});
  }
  Json nodes = Json::array();
  for (const auto& node : d.nodes) {
    Json findings = Json::array();
    for (const auto& f : node.findings) {
      Json evidence = Json::array();
      for (const auto& e : f.evidence) evidence.push_back(evidence_json(e));
      findings.push_back({{"rule", f.rule},
                          {"kind", f.kind},
                          {"severity", severity_name(f.severity)},
                          {"evidence", evidence}});
    }
    Json deviations = Json::array();
    for (const auto& dev : node.deviations) {
      deviations.push_back(dev ? optional_number(dev->percent) : Json(nullptr));
    }
    nodes.push_back({{"node", node.name},
                     {"source", node.source},
                     {"health", health_name(node.health)},
                     {"results", node.results},
                     {"ok", node.ok},
                     {"findings", findings},
                     {"deviation_percent", deviations}});
  }
  return {{"summary",
           {{"text", fleet_summary(d)},
            {"nodes", d.nodes.size()},
            {"defective", d.count(NodeHealth::kDefective)},
            {"suspect", d.count(NodeHealth::kSuspect)},
            {"healthy", d.count(NodeHealth::kHealthy)},
            {"instances", d.instances.size()}}},
          {"rules_source", d.rules.source},
          {"rules", fleet_rules_json(d.rules)["rules"]},
          {"baseline", d.baseline ? Json(*d.baseline) : Json(nullptr)},
          {"cross_node_sources", d.cross_node_sources},
          {"notes", d.notes},
          {"nodes", nodes},
          {"instances", instances}};
}

void print_fleet(std::ostream& out, const FleetDiagnosis& d, const std::string& format) {
  if (format == "json") {
    render_json(out, fleet_json(d));
  } else if (format == "markdown") {
    print_markdown(out, d);
  } else {
    print_text(out, d);
  }
}

}  // namespace accelbench
