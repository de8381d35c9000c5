// Headline figures of a run (results file: suite.headlines), so that a
// report, a verdict or a fleet reads one figure per thing measured instead of
// every instance. Per device, benchmark and point of its what-parameters (the
// parameters not in Spec::how, and not the swept size): the best instance over
// the how-parameters (isa, threads, method, ...), and along a size sweep what
// Spec::sweep says — the peak and the smallest size reaching 90% of it, the
// value at the largest or smallest size, or one value per memory level. Each
// figure names its evidence: the instance, its median's 95% CI, its
// how-parameters and size.
#pragma once

#include <accelbench/benchmark.h>

#include <nlohmann/json.hpp>

namespace accelbench {

// From a results file's suite.results and suite.analyses (entries of another
// shape, or without an ok status and a metric value, are left out). A
// benchmark the registry does not know has every parameter as a
// what-parameter and no sweep.
nlohmann::ordered_json headlines(const nlohmann::ordered_json& results,
                                 const nlohmann::ordered_json& analyses, const Registry& registry);

// A results file's headlines: suite.headlines as written, or computed from
// its results for a file written before headlines existed; a headline
// written before links were gets its link from the benchmark's spec. Empty
// for a soak file.
nlohmann::ordered_json file_headlines(const nlohmann::ordered_json& file, const Registry& registry);

}  // namespace accelbench
