// The parts of Case::details() and Definition::analyze() objects the core
// reads, whatever the benchmark: heat maps for the report and notes for the
// console. The core never reads a benchmark's name, only these contracts.
//
// Heat map: a member "heatmap" of a result's details or of an analysis,
//   {"title":  "core to core",          what the matrix shows (the report adds
//                                       the file's label and the device),
//    "axis":   "core",                  what rows and columns stand for,
//    "unit":   "ns",
//    "labels": ["0", "1"],              one per row (and column),
//    "values": [[null, 40.1], [40.3, null]]}   rows of numbers, null where
//                                              nothing was measured.
//
// Notes: a member "notes" of a result's details, {"<column>": "text"}, shown
// after that console column's text as "; text". Columns: "verification"
// (e.g. "zero-copy: a host memory copy") and "stability" (e.g. "straggler:
// rank 3 on node7").
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace accelbench {

// A heat map of a square matrix (rows of numbers or null), labelled 0 .. n-1.
nlohmann::ordered_json heatmap(std::string_view title, std::string_view axis, std::string_view unit,
                               const nlohmann::ordered_json& values);

enum class NoteColumn { kVerification, kStability };

// Sets the note `details` shows after `column` (replacing an earlier one).
void set_note(nlohmann::ordered_json& details, NoteColumn column, std::string_view text);

// The note of `column` in `details`, or "" when there is none (or it is not text).
std::string note_of(const nlohmann::ordered_json& details, NoteColumn column);

}  // namespace accelbench
