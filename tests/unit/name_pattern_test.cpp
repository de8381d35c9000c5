// --filter and --inject's @REGEX: RE2, linear in the name whatever the pattern.
#include "name_pattern.h"

#include <accelbench/error.h>
#include <gtest/gtest.h>

#include <chrono>

namespace accelbench {
namespace {

TEST(NamePattern, SearchesLikeGrep) {
  const auto copy = NamePattern::filter("stream_(copy|triad)", "--filter");
  EXPECT_TRUE(copy.found_in("memory/stream_copy/cpu:0/array_bytes:4096"));
  EXPECT_TRUE(copy.found_in("memory/stream_triad/cpu:0"));
  EXPECT_FALSE(copy.found_in("memory/stream_dot/cpu:0"));
  const auto anchored = NamePattern::filter("^memory/stream_dot/cpu:0$", "--filter");
  EXPECT_TRUE(anchored.found_in("memory/stream_dot/cpu:0"));
  EXPECT_FALSE(anchored.found_in("memory/stream_dot/cpu:0/threads:1"));
  EXPECT_EQ(copy.pattern(), "stream_(copy|triad)");
}

TEST(NamePattern, ABacktrackingPatternMatchesInLinearTime) {
  // Exponential for a backtracking engine (std::regex never returned on
  // such a name); RE2 answers at once.
  const auto pattern = NamePattern::filter("^(([a-z/_:0-9])+)+Q", "--filter");
  const std::string name =
      "memory/stream_copy/cpu:0/array_bytes:1048576/threads:2/" + std::string(4000, 'a');
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(pattern.found_in(name));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST(NamePattern, RefusesWhatRe2DoesNotTakeWithItsReason) {
  const auto message = [](const std::string& pattern) {
    try {
      NamePattern::filter(pattern, "--filter");
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUsage);
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(message("("), "--filter '(' is not a valid regex: missing ): (");
  EXPECT_NE(message("(a)\\1").find("invalid escape sequence"), std::string::npos);
  EXPECT_NE(message("a(?=b)").find("invalid perl operator"), std::string::npos);
  EXPECT_NE(message("x{2,1}").find("invalid repetition size"), std::string::npos);
  EXPECT_NE(message("x**").find("bad repetition operator"), std::string::npos);
  EXPECT_NE(message("((a{100}){100}){100}").find("is not a valid regex"), std::string::npos);
  EXPECT_EQ(message("copy"), "accepted");
}

TEST(NamePattern, CopiesShareTheCompiledPattern) {
  const auto original = NamePattern::filter("triad", "--filter");
  const NamePattern copy = original;  // Injection is copied into every child
  EXPECT_TRUE(copy.found_in("memory/stream_triad/cpu:0"));
}

}  // namespace
}  // namespace accelbench
