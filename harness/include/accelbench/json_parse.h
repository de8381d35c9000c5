// Bounded JSON parsing, for text accelbench did not just write itself (the
// answers of ranks and child processes; files go through json_input.h's
// readers, which use it). Nesting deeper than kMaxJsonDepth, objects of more
// than kMaxObjectMembers members, duplicate keys and numbers out of the range
// of a double are refused while parsing, so no deeper or larger value is ever
// built; every error is a usage error (exit 2) of one line that names the
// input and where in it: "PATH: not JSON at line 3, column 7 (byte 41): ...".
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace accelbench {

// accelbench's files nest about 7 levels deep (suite, results, one result,
// details, a matrix, a row); 64 leaves room for benchmark details.
inline constexpr std::size_t kMaxJsonDepth = 64;
// A member lookup in nlohmann's ordered_json is linear: a bound on members
// keeps every reader's lookups cheap. No accelbench object comes near it.
inline constexpr std::size_t kMaxObjectMembers = 10000;

struct JsonLimits {
  std::size_t max_depth = kMaxJsonDepth;
  std::size_t max_object_members = kMaxObjectMembers;
  // Members of the top-level object that are parsed and checked (syntax and
  // every limit above) but not built: each is kept as an empty array or
  // object (a scalar as it is). For a reader that does not use them, e.g.
  // `fleet`, which reads suite.results, not the Google Benchmark runs.
  std::vector<std::string> unbuilt_members;
};

// Parses one JSON document. `source` names the text in errors (a path, "PATH
// line 3", "the isolated child's answer"). Throws a usage error.
nlohmann::ordered_json parse_json(std::string_view text, const std::string& source,
                                  const JsonLimits& limits = {});

// Parses text[begin, end) (one line of a JSON-lines file), with positions in
// errors counted in the whole of `text`.
nlohmann::ordered_json parse_json(std::string_view text, std::size_t begin, std::size_t end,
                                  const std::string& source, const JsonLimits& limits = {});

}  // namespace accelbench
