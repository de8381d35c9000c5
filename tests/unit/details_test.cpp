// The details contracts the core reads (accelbench/details.h).
#include <accelbench/details.h>
#include <gtest/gtest.h>

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

TEST(Details, HeatmapLabelsEveryRow) {
  const Json values = Json::array({Json::array({nullptr, 2.0}), Json::array({3.0, nullptr})});
  const Json h = heatmap("core to core", "core", "ns", values);
  EXPECT_EQ(h["title"], "core to core");
  EXPECT_EQ(h["axis"], "core");
  EXPECT_EQ(h["unit"], "ns");
  EXPECT_EQ(h["labels"], Json::array({"0", "1"}));
  EXPECT_EQ(h["values"], values);
}

TEST(Details, NotesAreKeptPerColumn) {
  Json details = {{"zero_copy", true}};
  EXPECT_EQ(note_of(details, NoteColumn::kVerification), "");
  set_note(details, NoteColumn::kVerification, "zero-copy: a host memory copy");
  set_note(details, NoteColumn::kStability, "straggler: rank 1 on b");
  EXPECT_EQ(note_of(details, NoteColumn::kVerification), "zero-copy: a host memory copy");
  EXPECT_EQ(note_of(details, NoteColumn::kStability), "straggler: rank 1 on b");
  EXPECT_EQ(details["zero_copy"], true);
  // A note that is not text (a hand-edited file) is no note.
  details["notes"]["stability"] = 3;
  EXPECT_EQ(note_of(details, NoteColumn::kStability), "");
  EXPECT_EQ(note_of(Json::array(), NoteColumn::kStability), "");
}

}  // namespace
}  // namespace accelbench
