// The one way accelbench reads JSON it did not just write itself: results,
// soak and journal files given on the command line, and the answers of
// --isolate children, list children and MPI/NCCL ranks. parse_json and its
// limits are public (<accelbench/json_parse.h>): the backends parse their
// ranks' answers with it.
//
// Every input is bounded before anything is built from it:
//   - files must be regular files (a folder, FIFO or device is refused
//     before it is opened, so nothing blocks) of at most kMaxInputBytes;
//   - nesting deeper than kMaxJsonDepth, objects of more than
//     kMaxObjectMembers members, duplicate keys and numbers out of the range
//     of a double are refused while parsing, so no deeper or larger value is
//     ever built and no later walk over the value (dump, flatten, render)
//     recurses further than kMaxJsonDepth;
//   - every error is a usage error (exit 2) of one line that names the input
//     and where in it: "PATH: not JSON at line 3, column 7 (byte 41): ...".
#pragma once

#include <accelbench/json_parse.h>

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace accelbench {

// A long soak's file is tens of MiB; 1 GiB of JSON needs several GiB of memory.
inline constexpr std::uintmax_t kMaxInputBytes = std::uintmax_t{1} << 30;

// The whole of a regular file of at most `max_bytes`. Throws a usage error
// naming the path for a missing, unreadable, non-regular or too large file.
std::string read_input_file(const std::string& path, std::uintmax_t max_bytes = kMaxInputBytes);

// read_input_file and parse_json. An accelbench journal (JSON lines) is named
// as such rather than reported as a syntax error on its second line.
nlohmann::ordered_json read_json_file(const std::string& path, const JsonLimits& limits = {});

enum class FileKind { kResults, kSoak, kJournal, kOther };

// What an accelbench file is, from its top level (schema version aside).
FileKind file_kind(const nlohmann::ordered_json& file);

// "a results file", "a soak file", "an accelbench journal", "not an accelbench file".
std::string file_kind_phrase(FileKind kind);

// Reads a file that must be one of `accepted` (schema version 1). Throws a
// usage error such as "b.json is a soak file, not a results file".
nlohmann::ordered_json read_accelbench_file(const std::string& path,
                                            std::initializer_list<FileKind> accepted);

// The checks of read_accelbench_file on a file already parsed: its kind,
// schema version and the shape its readers rely on (input_shape.h).
void check_accelbench_file(const std::string& path, const nlohmann::ordered_json& file,
                           std::initializer_list<FileKind> accepted);

}  // namespace accelbench
