// The journal: next to the results file, a header line and then one JSON
// line per finished benchmark instance, each flushed to disk as it lands, so
// that killing the whole suite (kill -9, a power cut) loses no finished
// result. `accelbench run --resume F.journal` runs what is missing and writes
// the results file; the journal is removed once the results file is written.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace accelbench {

std::filesystem::path journal_path_for(const std::filesystem::path& results_file);

class JournalWriter {
 public:
  // Creates (or truncates) the journal and writes the header line. Throws
  // Error(kFailure) when it cannot.
  JournalWriter(std::filesystem::path path, const nlohmann::ordered_json& header);
  ~JournalWriter();
  JournalWriter(const JournalWriter&) = delete;
  JournalWriter& operator=(const JournalWriter&) = delete;

  // One line, written and fsync'ed before returning.
  void append(const nlohmann::ordered_json& record);
  void remove();

 private:
  void write_line(const nlohmann::ordered_json& value);
  std::filesystem::path path_;
  int fd_ = -1;
};

struct JournalContents {
  nlohmann::ordered_json header;
  std::map<std::string, nlohmann::ordered_json> records;  // by instance name
  std::size_t torn_lines = 0;                             // a last line cut short by the kill
};

// Throws a usage error when the file is missing or has no valid header.
JournalContents read_journal(const std::filesystem::path& path);

}  // namespace accelbench
