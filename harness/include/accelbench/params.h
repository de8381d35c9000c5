// Benchmark parameters: an ordered list of key/value pairs, named in Google
// Benchmark's style ("bytes:1048576/threads:2").
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace accelbench {

class Params {
 public:
  using Value = std::variant<std::int64_t, std::string>;
  struct Entry {
    std::string key;
    Value value;
  };

  Params& set(std::string_view key, Value value);
  bool has(std::string_view key) const;
  std::int64_t integer(std::string_view key) const;
  // The integer, checked: a usage error ("threads must be between 1 and
  // 4096, not 0") when it lies outside [min, max].
  std::int64_t integer_in(std::string_view key, std::int64_t min, std::int64_t max) const;
  const std::string& text(std::string_view key) const;

  // Replaces an existing value from command-line text. Integer parameters
  // accept size suffixes (KiB, MiB, GiB, k, M, G); throws a usage error when
  // the text does not parse.
  void override_from_text(std::string_view key, std::string_view text);

  const std::vector<Entry>& entries() const { return entries_; }
  std::string name() const;
  nlohmann::ordered_json to_json() const;

 private:
  const Value& find(std::string_view key) const;
  std::vector<Entry> entries_;
};

}  // namespace accelbench
