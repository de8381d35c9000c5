// Regular expressions on benchmark names (--filter, and --inject's @REGEX),
// matched with RE2: time linear in the name whatever the pattern (an automaton,
// no backtracking), so no pattern can hang a run. The syntax is RE2's, Perl's
// without backreferences and lookaround (https://github.com/google/re2/wiki/Syntax).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace accelbench {

class NamePattern {
 public:
  // Throws a usage error "ERROR_PREFIX: REASON" with RE2's reason (a missing
  // parenthesis, a backreference, a pattern too large).
  NamePattern(const std::string& pattern, const std::string& error_prefix);

  // "--filter 'PATTERN' is not a valid regex", the usual error prefix.
  static NamePattern filter(const std::string& pattern, const std::string& option);

  // Whether the pattern matches somewhere in `name` (a search, as grep does;
  // anchor with ^ and $ for the whole name).
  bool found_in(std::string_view name) const;
  const std::string& pattern() const { return pattern_; }

 private:
  std::string pattern_;
  std::shared_ptr<const re2::RE2> compiled_;  // RE2 is thread-safe for matching
};

}  // namespace accelbench
