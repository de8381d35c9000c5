// accelbench report: one self-contained HTML file (Chart.js inlined, the data
// inlined, a Content-Security-Policy that forbids any network request) that
// opens with each file's claims summary (report_summary.h), then the systems
// side by side, the verdicts, bandwidth/latency-vs-size curves,
// matrices as heat maps (the "heatmap" contract of accelbench/details.h), a
// roofline from the runs' Work, soak time series with telemetry, a
// stability summary, and with two or more named nodes (node documents, fleet
// files) the fleet diagnosis (fleet.h) with a nodes x benchmarks heat map.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace accelbench {

struct ReportInput {
  std::string label;            // the file name
  nlohmann::ordered_json file;  // a results or soak file
};

// Chart.js's UMD build: $ACCELBENCH_CHARTJS, else the path configured at
// build time (Debian's libjs-chart.js). Throws a failure naming the package
// when it cannot be read.
std::string read_chartjs();

// The page's data: what report_page.js draws (exposed for tests).
nlohmann::ordered_json report_data(const std::vector<ReportInput>& inputs);

// The whole page. `chartjs`: Chart.js's UMD build (libjs-chart.js).
std::string render_report(const std::vector<ReportInput>& inputs, const std::string& chartjs,
                          const std::string& generated_at);

// JSON text safe inside <script type="application/json">: '<', '>' and '&'
// written as \u escapes (they can only occur inside JSON strings).
std::string json_for_script(const nlohmann::ordered_json& value);

}  // namespace accelbench
