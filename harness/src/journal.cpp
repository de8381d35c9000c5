#include "journal.h"

#include <accelbench/error.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "instance_record.h"
#include "json_input.h"

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

namespace {

// "--resume F" for errors, so that the user sees which option named the file.
std::string named(const std::filesystem::path& path) { return "--resume " + path.string(); }

// A header has what run --resume takes from it.
void check_header(const nlohmann::ordered_json& header, const std::filesystem::path& path) {
  if (!header.is_object() || header.value("journal_version", nlohmann::ordered_json()) != 1) {
    throw usage_error(named(path) + ": not an accelbench journal (version 1) at line 1");
  }
  const auto require = [&](const char* key, bool (nlohmann::ordered_json::*is)() const noexcept) {
    if (!header.contains(key) || !(header[key].*is)()) {
      throw usage_error(named(path) + ": the journal header (line 1) lacks a valid \"" + key +
                        "\"");
    }
  };
  require("run_id", &nlohmann::ordered_json::is_string);
  require("started_at", &nlohmann::ordered_json::is_string);
  require("fingerprint_hash", &nlohmann::ordered_json::is_string);
  require("options", &nlohmann::ordered_json::is_object);
  require("argv", &nlohmann::ordered_json::is_array);
  for (const auto& argument : header["argv"]) {
    if (!argument.is_string()) {
      throw usage_error(named(path) + ": the journal header (line 1) lacks a valid \"argv\"");
    }
  }
}

// The journal's first line did not parse: say what the file is instead.
[[noreturn]] void not_a_journal(const std::string& text, const std::filesystem::path& path,
                                const Error& parse_error) {
  FileKind kind = FileKind::kOther;
  try {
    kind = file_kind(parse_json(text, path.string()));
  } catch (const Error&) {
  }
  if (kind == FileKind::kResults || kind == FileKind::kSoak) {
    throw usage_error(named(path) + " is " + file_kind_phrase(kind) +
                      ", not a journal (run --out F writes F.journal while it runs)");
  }
  throw parse_error;
}

}  // namespace

JournalContents read_journal(const std::filesystem::path& path) {
  const std::string text = read_input_file(path.string());
  JournalContents contents;
  const std::size_t header_end = std::min(text.find('\n'), text.size());
  try {
    contents.header = parse_json(text, 0, header_end, named(path));
  } catch (const Error& e) {
    not_a_journal(text, path, e);
  }
  check_header(contents.header, path);
  std::size_t line = 1;
  for (std::size_t begin = header_end + 1; begin < text.size();) {
    const std::size_t end = std::min(text.find('\n', begin), text.size());
    ++line;
    const bool last = end + 1 >= text.size();
    const std::string source = named(path) + " line " + std::to_string(line);
    nlohmann::ordered_json record;
    try {
      record = parse_json(text, begin, end, source);
    } catch (const Error&) {
      // A last line cut short by the kill: that instance runs again. Lines
      // before it were whole when the next one was written.
      if (!last) throw;
      ++contents.torn_lines;
      break;
    }
    try {
      InstanceResult probe;
      apply_record(record, probe);
      if (!probe.details.is_object()) throw std::invalid_argument("its details are no object");
      std::string name = record.at("name").get<std::string>();
      contents.records[std::move(name)] = std::move(record);
    } catch (const std::exception& e) {
      throw usage_error(source + ": not a journal record of a finished benchmark (" +
                        std::string(e.what()).substr(0, 120) + ")");
    }
    begin = end + 1;
  }
  return contents;
}

}  // namespace accelbench
