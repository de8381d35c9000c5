// The report page's own script and style, compiled in from
// harness/src/report_page.js and report_page.css (report_assets.cpp.in).
#pragma once

namespace accelbench::report_assets {
extern const char* const kPageScript;
extern const char* const kStyle;
}  // namespace accelbench::report_assets
