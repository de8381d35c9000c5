#include <accelbench/details.h>

namespace accelbench {
namespace {

const char* column_key(NoteColumn column) {
  return column == NoteColumn::kVerification ? "verification" : "stability";
}

}  // namespace

nlohmann::ordered_json heatmap(std::string_view title, std::string_view axis, std::string_view unit,
                               const nlohmann::ordered_json& values) {
  nlohmann::ordered_json labels = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < values.size(); ++i) labels.push_back(std::to_string(i));
  return {{"title", title}, {"axis", axis}, {"unit", unit}, {"labels", labels}, {"values", values}};
}

void set_note(nlohmann::ordered_json& details, NoteColumn column, std::string_view text) {
  details["notes"][column_key(column)] = text;
}

std::string note_of(const nlohmann::ordered_json& details, NoteColumn column) {
  if (!details.is_object() || !details.contains("notes") || !details["notes"].is_object()) {
    return "";
  }
  const auto& notes = details["notes"];
  const char* key = column_key(column);
  return notes.contains(key) && notes[key].is_string() ? notes[key].get<std::string>() : "";
}

}  // namespace accelbench
