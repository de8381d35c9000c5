#include "json_input.h"

#include <accelbench/error.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <iterator>
#include <unordered_set>
#include <vector>

#include "input_shape.h"

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

// "line 3, column 7 (byte 41)" for the byte at `offset` (0-based) of `text`.
std::string where(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1, line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(offset - line_start + 1) +
         " (byte " + std::to_string(offset + 1) + ")";
}

// nlohmann's "[json.exception.parse_error.101] parse error at line 1, column
// 5: syntax error while parsing value - invalid literal; last read: 'nul_'"
// without its prefix and position (given by where()).
std::string parse_problem(std::string what) {
  if (what.starts_with("[json.exception.")) what.erase(0, what.find("] ") + 2);
  if (what.starts_with("parse error")) what.erase(0, what.find(": ") + 2);
  if (what.size() > 160) what = what.substr(0, 160) + "...";
  return what;
}

// A character iterator that tells how far the parser has read, so that
// errors found in the SAX events (depth, duplicate keys) have a position.
class TrackingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator(const char* at, const char** read_up_to) : at_(at), read_up_to_(read_up_to) {}
  reference operator*() const { return *at_; }
  TrackingIterator& operator++() {
    ++at_;
    *read_up_to_ = at_;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const TrackingIterator& other) const { return at_ == other.at_; }
  bool operator!=(const TrackingIterator& other) const { return at_ != other.at_; }

 private:
  const char* at_;
  const char** read_up_to_;
};

// nlohmann's DOM builder with the limits of json_input.h; throws a usage
// error at the first violation, so nothing past a limit is ever built.
class BoundedBuilder {
 public:
  // `begin`: where in `text` the parsed part starts.
  BoundedBuilder(std::string_view text, std::size_t begin, const std::string& source,
                 const JsonLimits& limits)
      : text_(text),
        begin_(begin),
        source_(source),
        limits_(limits),
        read_up_to_(text.data() + begin) {}

  const char** read_up_to() { return &read_up_to_; }
  Json take() { return std::move(root_); }

  bool null() { return add(Json(nullptr)); }
  bool boolean(bool value) { return add(Json(value)); }
  bool number_integer(Json::number_integer_t value) { return add(Json(value)); }
  bool number_unsigned(Json::number_unsigned_t value) { return add(Json(value)); }
  bool number_float(Json::number_float_t value, const Json::string_t& literal) {
    if (!std::isfinite(value)) reject("the number " + literal.substr(0, 40) + " is out of range");
    return add(Json(value));
  }
  bool string(Json::string_t& value) {
    return unbuilt_depth_ > 0 ? true : add(Json(std::move(value)));
  }
  bool binary(Json::binary_t&) { return add(Json(nullptr)); }  // not produced from JSON text

  bool start_object(std::size_t) { return open(Json::object()); }
  bool key(Json::string_t& name) {
    Frame& frame = frames_.back();
    if (!frame.value) return unbuilt_key(frame, name);
    if (frames_.size() == 1 &&
        std::find(limits_.unbuilt_members.begin(), limits_.unbuilt_members.end(), name) !=
            limits_.unbuilt_members.end()) {
      unbuild_next_ = true;
    }
    // Appended directly: ordered_map's own insertion searches linearly.
    auto& members =
        static_cast<Json::object_t::Container&>(frame.value->get_ref<Json::object_t&>());
    if (is_duplicate(frame, members, name)) reject("the key \"" + shown(name) + "\" appears twice");
    if (members.size() >= limits_.max_object_members) {
      reject("an object with more than " + std::to_string(limits_.max_object_members) + " members");
    }
    members.emplace_back(std::move(name), Json());
    frame.member = &members.back().second;
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(Json::array()); }
  bool end_array() { return close(); }

  bool parse_error(std::size_t byte, const std::string&, const nlohmann::detail::exception& e) {
    // `byte` counts from 1 and points just past what was read.
    throw usage_error(source_ + ": not JSON at " +
                      where(text_, begin_ + (byte == 0 ? 0 : byte - 1)) + ": " +
                      parse_problem(e.what()));
  }

 private:
  struct Frame {
    Json* value;             // nullptr: a container inside an unbuilt member
    Json* member = nullptr;  // objects: where the value of the last key goes
    // The keys of a large object, hashed once it passes kLinearKeys members.
    std::unordered_set<std::string> keys;
    // Unbuilt objects: their keys so far (duplicates are refused there too).
    std::vector<std::string> unbuilt_keys;
  };

  // A key of an object that is parsed and checked but not built.
  bool unbuilt_key(Frame& frame, Json::string_t& name) {
    auto& seen = frame.unbuilt_keys;
    bool duplicate = false;
    if (seen.size() < kLinearKeys) {
      duplicate = std::find(seen.begin(), seen.end(), name) != seen.end();
    } else {
      if (frame.keys.empty()) frame.keys.insert(seen.begin(), seen.end());
      duplicate = !frame.keys.insert(name).second;
    }
    if (duplicate) reject("the key \"" + shown(name) + "\" appears twice");
    if (seen.size() >= limits_.max_object_members) {
      reject("an object with more than " + std::to_string(limits_.max_object_members) + " members");
    }
    seen.push_back(std::move(name));
    return true;
  }

  static std::string shown(const std::string& name) {
    std::string out;
    for (char c : name.substr(0, 40)) {
      out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
    }
    return out;
  }

  // Most objects have a few members: a linear search of their keys costs
  // less than hashing every key into a set (reading files of a thousand
  // nodes, the set's allocations dominated); large objects get the set.
  static constexpr std::size_t kLinearKeys = 16;
  static bool is_duplicate(Frame& frame, const Json::object_t::Container& members,
                           const std::string& name) {
    if (members.size() < kLinearKeys) {
      return std::any_of(members.begin(), members.end(),
                         [&name](const auto& member) { return member.first == name; });
    }
    if (frame.keys.empty()) {
      for (const auto& member : members) frame.keys.insert(member.first);
    }
    return !frame.keys.insert(name).second;
  }

  [[noreturn]] void reject(const std::string& problem) {
    const std::size_t offset = static_cast<std::size_t>(read_up_to_ - text_.data());
    throw usage_error(source_ + ": " + problem + " at " +
                      where(text_, offset == 0 ? 0 : offset - 1));
  }

  Json* place(Json&& value) {
    if (frames_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Frame& frame = frames_.back();
    if (frame.value->is_array()) {
      auto& elements = frame.value->get_ref<Json::array_t&>();
      elements.push_back(std::move(value));
      return &elements.back();
    }
    *frame.member = std::move(value);
    return frame.member;
  }

  bool add(Json&& value) {
    unbuild_next_ = false;  // an unbuilt scalar costs nothing to keep
    if (unbuilt_depth_ == 0) place(std::move(value));
    return true;
  }

  bool open(Json&& container) {
    if (frames_.size() >= limits_.max_depth) {
      reject("nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
    }
    if (unbuilt_depth_ > 0) {
      frames_.push_back(Frame{nullptr, nullptr, {}, {}});
      return true;
    }
    // An unbuilt member is kept as an empty container of its type.
    Json* value = place(std::move(container));
    if (unbuild_next_) {
      unbuild_next_ = false;
      frames_.push_back(Frame{nullptr, nullptr, {}, {}});
      unbuilt_depth_ = frames_.size();
      return true;
    }
    frames_.push_back(Frame{value, nullptr, {}, {}});
    return true;
  }

  bool close() {
    if (frames_.size() == unbuilt_depth_) unbuilt_depth_ = 0;
    frames_.pop_back();
    return true;
  }

  std::string_view text_;
  std::size_t begin_;
  const std::string& source_;
  JsonLimits limits_;
  const char* read_up_to_;
  Json root_;
  std::vector<Frame> frames_;
  bool unbuild_next_ = false;      // the value of the key just read is not built
  std::size_t unbuilt_depth_ = 0;  // frames_.size() of the unbuilt container (0: none)
};

bool is_object_with(const Json& value, const char* key) {
  return value.is_object() && value.contains(key) && value[key].is_object();
}

// An accelbench journal: a first line that is a journal header.
bool looks_like_journal(std::string_view text) {
  const auto newline = text.find('\n');
  if (newline == std::string_view::npos) return false;
  try {
    const Json header = parse_json(text, 0, newline, "");
    return file_kind(header) == FileKind::kJournal;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace

Json parse_json(std::string_view text, const std::string& source, const JsonLimits& limits) {
  return parse_json(text, 0, text.size(), source, limits);
}

Json parse_json(std::string_view text, std::size_t begin, std::size_t end,
                const std::string& source, const JsonLimits& limits) {
  end = std::min(end, text.size());
  begin = std::min(begin, end);
  const std::string_view part = text.substr(begin, end - begin);
  if (part.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    throw usage_error(source + ": empty, no JSON at " + where(text, begin));
  }
  BoundedBuilder builder(text, begin, source, limits);
  Json::sax_parse(TrackingIterator(part.data(), builder.read_up_to()),
                  TrackingIterator(part.data() + part.size(), builder.read_up_to()), &builder);
  return builder.take();
}

std::string read_input_file(const std::string& path, std::uintmax_t max_bytes) {
  // stat first: opening a FIFO would block until a writer comes.
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    throw usage_error(path + ": cannot read it: " + std::strerror(errno));
  }
  if (S_ISDIR(info.st_mode)) throw usage_error(path + ": a folder, not a file");
  if (!S_ISREG(info.st_mode)) throw usage_error(path + ": not a regular file (a pipe or device)");
  // O_NONBLOCK: should it have become a FIFO since stat, open does not wait.
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) throw usage_error(path + ": cannot read it: " + std::strerror(errno));
  std::string text;
  try {
    if (fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
      throw usage_error(path + ": not a regular file (a pipe or device)");
    }
    if (static_cast<std::uintmax_t>(info.st_size) > max_bytes) {
      throw usage_error(path + ": " + std::to_string(info.st_size) + " bytes, more than the " +
                        std::to_string(max_bytes) + " an input may have");
    }
    text.resize(static_cast<std::size_t>(info.st_size));
    std::size_t done = 0;
    while (true) {
      // Read until end of file: it may have grown since fstat, up to the cap.
      if (done == text.size()) {
        if (done >= max_bytes) {
          char probe;
          const ssize_t more = read(fd, &probe, 1);
          if (more > 0) {
            throw usage_error(path + ": more than the " + std::to_string(max_bytes) +
                              " bytes an input may have");
          }
          break;
        }
        text.resize(std::min<std::uintmax_t>(max_bytes, std::max<std::size_t>(4096, 2 * done)));
      }
      const ssize_t n = read(fd, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw usage_error(path + ": cannot read it: " + std::strerror(errno));
      if (n == 0) break;
      done += static_cast<std::size_t>(n);
    }
    text.resize(done);
  } catch (...) {
    close(fd);
    throw;
  }
  close(fd);
  return text;
}

Json read_json_file(const std::string& path, const JsonLimits& limits) {
  const std::string text = read_input_file(path);
  try {
    return parse_json(text, path, limits);
  } catch (const Error&) {
    if (looks_like_journal(text)) {
      throw usage_error(path + " is an accelbench journal (JSON lines), not a results or soak " +
                        "file; accelbench run --resume reads it");
    }
    throw;
  }
}

FileKind file_kind(const Json& file) {
  if (is_object_with(file, "suite") && file.contains("benchmarks")) return FileKind::kResults;
  if (is_object_with(file, "soak")) return FileKind::kSoak;
  if (file.is_object() && file.contains("journal_version")) return FileKind::kJournal;
  return FileKind::kOther;
}

namespace {

std::string_view kind_noun(FileKind kind) {
  switch (kind) {
    case FileKind::kResults:
      return "results file";
    case FileKind::kSoak:
      return "soak file";
    case FileKind::kJournal:
      return "accelbench journal";
    case FileKind::kOther:
      break;
  }
  return "accelbench file";
}

}  // namespace

std::string file_kind_phrase(FileKind kind) {
  if (kind == FileKind::kOther) return "not an accelbench file";
  return std::string(kind == FileKind::kJournal ? "an " : "a ") + std::string(kind_noun(kind));
}

Json read_accelbench_file(const std::string& path, std::initializer_list<FileKind> accepted) {
  Json file = read_json_file(path);
  check_accelbench_file(path, file, accepted);
  return file;
}

void check_accelbench_file(const std::string& path, const Json& file,
                           std::initializer_list<FileKind> accepted) {
  const FileKind kind = file_kind(file);
  std::string wanted;
  for (FileKind k : accepted) {
    if (k == kind) {
      const Json& root = kind == FileKind::kSoak ? file["soak"] : file["suite"];
      const Json version = root.value("schema_version", Json(nullptr));
      if (version != 1) {
        throw usage_error(path + ": unknown schema version " + version.dump() + " (want 1)");
      }
      if (kind == FileKind::kResults) check_results_shape(file, path);
      if (kind == FileKind::kSoak) check_soak_shape(file, path);
      return;
    }
    wanted += (wanted.empty() ? "a " : " or a ") + std::string(kind_noun(k));
  }
  if (kind == FileKind::kOther) {
    throw usage_error(path + ": not " + wanted +
                      " of accelbench (its top level has neither \"suite\" and \"benchmarks\" "
                      "nor \"soak\")");
  }
  throw usage_error(path + " is " + file_kind_phrase(kind) + ", not " + wanted);
}

}  // namespace accelbench
