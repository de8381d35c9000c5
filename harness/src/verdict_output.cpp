// The verdict's three forms: text for a terminal, markdown for a CI summary
// or an issue, JSON for tools (and the HTML report). They carry the same
// content: every row with both instances, every missing figure with its reason.
#include <ostream>

#include "display_text.h"
#include "table.h"
#include "units.h"
#include "verdict.h"

namespace accelbench {

using Json = nlohmann::ordered_json;

namespace {

Json row_json(const VerdictRow& r) {
  return {{"benchmark", r.benchmark},
          {"figure", r.figure},
          {"kind", r.kind},
          {"link", r.link.empty() ? Json() : Json(r.link)},
          {"a_device", r.a_device},
          {"b_device", r.b_device},
          {"a_instance", r.a_instance},
          {"b_instance", r.b_instance},
          {"unit", r.unit},
          {"direction", r.direction},
          {"a_median", r.a_median},
          {"b_median", r.b_median},
          {"ratio_b_over_a", r.ratio},
          {"performance_b_vs_a", r.performance},
          {"performance_ci95", r.ci ? Json{r.ci->first, r.ci->second} : Json()},
          {"n_a", r.n_a},
          {"n_b", r.n_b}};
}

Json missing_json(const MissingFigure& m) {
  return {{"benchmark", m.benchmark},
          {"figure", m.figure},
          {"link", m.link.empty() ? Json() : Json(m.link)},
          {"lacking", m.lacking},
          {"reason", m.reason},
          {"instance", m.instance},
          {"value", m.value},
          {"unit", m.unit}};
}

Json group_json(const FigureGroup& g, const char* name_key) {
  Json rows = Json::array();
  for (const auto& r : g.rows) rows.push_back(row_json(r));
  Json missing = Json::array();
  for (const auto& m : g.missing) missing.push_back(missing_json(m));
  return {{name_key, g.name}, {"summary", g.summary}, {"rows", rows}, {"missing", missing}};
}

Json stability_json(const StabilitySummary& s) {
  return Json{{"label", s.label},
              {"runs", s.runs},
              {"ok", s.ok},
              {"unstable", s.unstable},
              {"skipped", s.skipped},
              {"failed", s.failed},
              {"invalid", s.invalid},
              {"timeout", s.timeout},
              {"crashed", s.crashed},
              {"mismatches", s.mismatches},
              {"median_cv", s.median_cv},
              {"max_tail_ratio", s.max_tail_ratio},
              {"soaked", s.soaked},
              {"soak_unstable", s.soak_unstable},
              {"worst_drift_percent_per_hour", s.worst_drift_percent_per_hour},
              {"worst_throttle_share", s.worst_throttle_share},
              {"problems", s.problems()},
              {"summary", stability_line(s)}};
}

}  // namespace

Json verdict_json(const Verdict& v) {
  Json claims = Json::array();
  for (const auto& c : v.claims) {
    Json claim = group_json(c.figures, "claim");
    if (c.figures.name == "interconnect") {
      Json links = Json::array();
      for (const auto& l : c.links) {
        links.push_back({{"link", l.name}, {"title", link_title(l.name)}, {"summary", l.summary}});
      }
      claim["links"] = links;
    }
    claims.push_back(claim);
  }
  const Json stability = {{"summary", v.stability.summary},
                          {"a", stability_json(v.stability.a)},
                          {"b", stability_json(v.stability.b)},
                          {"figures", group_json(v.stability.figures, "claim")}};
  Json out = {{"a", v.a}, {"b", v.b}, {"claims", claims}, {"stability", stability}};
  if (v.instances) {
    Json instance_claims = Json::array();
    for (const auto& c : v.instances->claims) instance_claims.push_back(group_json(c, "claim"));
    Json not_compared = Json::array();
    for (const auto& n : v.instances->not_compared) {
      not_compared.push_back({{"claim", n.claim},
                              {"benchmark", n.benchmark},
                              {"params", n.params},
                              {"reason", n.reason}});
    }
    out["instances"] = {{"claims", instance_claims}, {"not_compared", not_compared}};
  } else {
    out["instances"] = nullptr;
  }
  return out;
}

namespace {

std::string ci_text(const VerdictRow& r) {
  return r.ci ? "[" + ratio_text(r.ci->first) + ", " + ratio_text(r.ci->second) + "]"
              : "(no samples: no CI)";
}

std::string padded(std::string text, std::size_t width) {
  if (text.size() < width) text.resize(width, ' ');
  return text;
}

class VerdictPrinter {
 public:
  VerdictPrinter(std::ostream& out, bool markdown) : out_(out), md_(markdown) {}

  std::string shown(const std::string& text) const {
    return md_ ? markdown_text(text) : terminal_text(text);
  }

  void heading(const std::string& title, const std::string& summary, int level) {
    if (md_) {
      out_ << '\n'
           << std::string(static_cast<std::size_t>(level + 2), '#') << ' ' << shown(title) << ": "
           << shown(summary) << '\n';
    } else {
      out_ << (level == 1 ? "\n" : "") << std::string(2 * static_cast<std::size_t>(level - 1), ' ')
           << shown(title) << ": " << shown(summary) << '\n';
    }
  }

  // The rows and the missing figures of a group, indented under its heading.
  void figures(const FigureGroup& g, int level) {
    const std::string indent(2 * static_cast<std::size_t>(level), ' ');
    if (md_ && !g.rows.empty()) {
      Table table;
      table.columns = {
          {"figure"}, {"A"},          {"B"},         {"unit"}, {"B vs A (> 1: B better)"},
          {"95% CI"}, {"A instance"}, {"B instance"}};
      for (const auto& r : g.rows) {
        table.rows.push_back({r.benchmark + (r.figure.empty() ? "" : " " + r.figure),
                              format_number(r.a_median), format_number(r.b_median), r.unit,
                              ratio_text(r.performance) + "x", ci_text(r), r.a_instance,
                              r.b_instance});
      }
      out_ << '\n';
      render_markdown(out_, table);
    }
    if (!md_) {
      for (const auto& r : g.rows) {
        out_ << indent << padded(shown(r.benchmark + (r.figure.empty() ? "" : " " + r.figure)), 52)
             << ' ' << format_number(r.a_median) << " -> " << format_number(r.b_median) << ' '
             << shown(r.unit) << "  " << ratio_text(r.performance) << "x " << ci_text(r) << '\n'
             << indent << "    A " << shown(r.a_instance) << '\n'
             << indent << "    B " << shown(r.b_instance) << '\n';
      }
    }
    if (md_ && !g.missing.empty()) out_ << '\n';
    for (const auto& m : g.missing) {
      const std::string has = m.lacking == "B" ? "A" : "B";
      out_ << (md_ ? "- " : indent) << "only " << has << ": "
           << shown(m.benchmark + (m.figure.empty() ? "" : " " + m.figure)) << " ("
           << format_number(m.value) << ' ' << shown(m.unit)
           << (m.instance.empty() ? "" : ", " + shown(m.instance)) << "): " << shown(m.reason)
           << '\n';
    }
  }

  void print(const Verdict& v) {
    out_ << (md_ ? "## " : "# ") << "verdict: A = " << shown(v.a) << ", B = " << shown(v.b) << '\n';
    for (const auto& c : v.claims) {
      heading(c.figures.name, c.figures.summary, 1);
      if (c.links.empty()) {
        figures(c.figures, 1);
        continue;
      }
      for (const auto& link : c.links) {
        heading(link_title(link.name), link.summary, 2);
        figures(link, 2);
      }
    }
    heading("stability", v.stability.summary, 1);
    out_ << (md_ ? "\n- " : "  A ") << shown(stability_line(v.stability.a)) << '\n';
    out_ << (md_ ? "- " : "  B ") << shown(stability_line(v.stability.b)) << '\n';
    const FigureGroup& noise = v.stability.figures;
    if (!noise.rows.empty() || !noise.missing.empty()) {
      heading("stability benchmarks", noise.summary, 2);
      figures(noise, 2);
    }
    if (!v.instances) return;
    heading("same backends, instance by instance",
            "every instance both sides ran with the same parameters", 1);
    for (const auto& c : v.instances->claims) {
      heading(c.name, c.summary, 2);
      figures(c, 2);
    }
    const auto& not_compared = v.instances->not_compared;
    if (not_compared.empty()) return;
    heading("not compared", std::to_string(not_compared.size()) + " instance(s)", 2);
    if (md_) out_ << '\n';
    for (const auto& n : not_compared) {
      out_ << (md_ ? "- " : "    ") << shown(n.benchmark)
           << (n.params.empty() ? "" : " " + shown(n.params)) << ": " << shown(n.reason) << '\n';
    }
  }

 private:
  std::ostream& out_;
  bool md_;
};

}  // namespace

void print_verdict(std::ostream& out, const Verdict& v, const std::string& format) {
  if (format == "json") {
    render_json(out, verdict_json(v));
    return;
  }
  VerdictPrinter(out, format == "markdown").print(v);
}

}  // namespace accelbench
