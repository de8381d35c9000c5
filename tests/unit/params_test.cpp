#include <accelbench/error.h>
#include <accelbench/params.h>
#include <gtest/gtest.h>

#include "units.h"

namespace accelbench {
namespace {

TEST(Params, NameInGoogleBenchmarkStyleKeepsOrder) {
  Params p;
  p.set("array_bytes", 1024).set("threads", 2).set("dtype", std::string("fp64"));
  EXPECT_EQ(p.name(), "array_bytes:1024/threads:2/dtype:fp64");
  p.set("threads", 4);  // replaces in place
  EXPECT_EQ(p.name(), "array_bytes:1024/threads:4/dtype:fp64");
  EXPECT_EQ(p.to_json().dump(), R"({"array_bytes":1024,"threads":4,"dtype":"fp64"})");
}

TEST(Params, OverrideParsesSizesForIntegers) {
  Params p;
  p.set("array_bytes", 1024).set("dtype", std::string("fp64"));
  p.override_from_text("array_bytes", "64MiB");
  EXPECT_EQ(p.integer("array_bytes"), 64 << 20);
  p.override_from_text("dtype", "fp32");
  EXPECT_EQ(p.text("dtype"), "fp32");
  EXPECT_THROW(p.override_from_text("array_bytes", "lots"), Error);
  EXPECT_THROW(p.integer("missing"), std::logic_error);
}

TEST(ParseQuantity, SuffixesAndErrors) {
  EXPECT_EQ(parse_quantity("4096", "x"), 4096);
  EXPECT_EQ(parse_quantity("4KiB", "x"), 4096);
  EXPECT_EQ(parse_quantity("2GiB", "x"), 2LL << 30);
  EXPECT_EQ(parse_quantity("3k", "x"), 3000);
  EXPECT_EQ(parse_quantity("1G", "x"), 1000000000);
  for (const char* bad : {"", "-1", "1.5MiB", "12XB", "MiB", "99999999999GiB"}) {
    try {
      parse_quantity(bad, "x");
      ADD_FAILURE() << bad << " parsed";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUsage) << bad;
    }
  }
}

TEST(FormatBytes, PowersOfTwo) {
  EXPECT_EQ(format_bytes(512), "512 B");
  EXPECT_EQ(format_bytes(32 << 20), "32 MiB");
  EXPECT_EQ(format_bytes(1536), "1.5 KiB");
}

}  // namespace
}  // namespace accelbench
