#include "journal.h"

#include <accelbench/error.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace accelbench {

std::filesystem::path journal_path_for(const std::filesystem::path& results_file) {
  return results_file.string() + ".journal";
}

JournalWriter::JournalWriter(std::filesystem::path path, const nlohmann::ordered_json& header)
    : path_(std::move(path)) {
  fd_ = open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    throw failure("cannot create the journal " + path_.string() + ": " + std::strerror(errno));
  }
  write_line(header);
}

JournalWriter::~JournalWriter() {
  if (fd_ >= 0) close(fd_);
}

void JournalWriter::append(const nlohmann::ordered_json& record) { write_line(record); }

void JournalWriter::write_line(const nlohmann::ordered_json& value) {
  const std::string line = value.dump() + "\n";
  const char* data = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    const ssize_t n = write(fd_, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      throw failure("cannot write the journal " + path_.string() + ": " + std::strerror(errno));
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  if (fsync(fd_) != 0) {
    throw failure("cannot flush the journal " + path_.string() + ": " + std::strerror(errno));
  }
}

void JournalWriter::remove() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

JournalContents read_journal(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw usage_error("--resume " + path.string() + ": cannot read it");
  JournalContents contents;
  std::string line;
  if (!std::getline(in, line)) throw usage_error("--resume " + path.string() + ": empty journal");
  try {
    contents.header = nlohmann::ordered_json::parse(line);
  } catch (const nlohmann::json::exception&) {
    throw usage_error("--resume " + path.string() + ": the first line is not a journal header");
  }
  if (!contents.header.is_object() || contents.header.value("journal_version", 0) != 1) {
    throw usage_error("--resume " + path.string() + ": not an accelbench journal (version 1)");
  }
  while (std::getline(in, line)) {
    try {
      auto record = nlohmann::ordered_json::parse(line);
      const std::string name = record.at("name").get<std::string>();
      contents.records[name] = std::move(record);
    } catch (const nlohmann::json::exception&) {
      ++contents.torn_lines;  // cut short by the kill; that instance runs again
    }
  }
  return contents;
}

}  // namespace accelbench
