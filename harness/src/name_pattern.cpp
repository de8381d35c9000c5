#include "name_pattern.h"

#include <accelbench/error.h>
#include <re2/re2.h>

namespace accelbench {

NamePattern::NamePattern(const std::string& pattern, const std::string& error_prefix)
    : pattern_(pattern) {
  RE2::Options options;
  options.set_log_errors(false);  // the error goes into the usage error instead
  auto compiled = std::make_shared<const re2::RE2>(pattern, options);
  if (!compiled->ok()) {
    throw usage_error(error_prefix + ": " + compiled->error());
  }
  compiled_ = std::move(compiled);
}

NamePattern NamePattern::filter(const std::string& pattern, const std::string& option) {
  return NamePattern(pattern, option + " '" + pattern + "' is not a valid regex");
}

bool NamePattern::found_in(std::string_view name) const {
  return re2::RE2::PartialMatch(re2::StringPiece(name.data(), name.size()), *compiled_);
}

}  // namespace accelbench
