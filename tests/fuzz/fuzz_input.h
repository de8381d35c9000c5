// Shared by the fuzz targets: the input as text, and as a file for readers
// that take a path. Usage errors (accelbench::Error) are the expected answer
// to bad input; any other exception escapes and libFuzzer reports it, since
// the command line would print "internal error" for it.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace accelbench::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// One file per process, rewritten for every input.
inline const std::string& input_file(std::string_view text, const char* name) {
  static const std::string path = [name] {
    const char* tmp = std::getenv("TMPDIR");
    return std::string(tmp && *tmp ? tmp : "/tmp") + "/accelbench-fuzz-" +
           std::to_string(getpid()) + "-" + name;
  }();
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (!file) std::abort();
  if (!text.empty() && std::fwrite(text.data(), 1, text.size(), file) != text.size()) std::abort();
  std::fclose(file);
  return path;
}

}  // namespace accelbench::fuzz
