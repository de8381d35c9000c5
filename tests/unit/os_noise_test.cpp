#include "stability/os_noise/os_noise.h"

#include <gtest/gtest.h>

namespace accelbench::os_noise {
namespace {

TEST(LcgJump, EqualsSteppingOneByOne) {
  std::uint64_t x = seed(3);
  for (std::uint64_t steps = 0; steps < 300; ++steps) {
    ASSERT_EQ(lcg_jump(seed(3), steps), x) << steps;
    x = lcg(x);
  }
  // Composition: jumping a then b is jumping a + b.
  EXPECT_EQ(lcg_jump(lcg_jump(7, 123456789), 987654321), lcg_jump(7, 123456789 + 987654321));
}

TEST(SummarizeCore, NoiseFractionAndDetourOnAKnownVector) {
  // Nine quanta of 100 ns and one of 200 ns: 1 - 10*100/1100 = 1/11 lost.
  std::vector<double> t(9, 100.0);
  t.push_back(200.0);
  const CoreNoise n = summarize_core(t);
  EXPECT_EQ(n.quanta, 10u);
  EXPECT_DOUBLE_EQ(n.min_ns, 100);
  EXPECT_DOUBLE_EQ(n.max_detour_ns, 100);
  EXPECT_DOUBLE_EQ(n.noise_fraction, 1.0 / 11.0);
  EXPECT_EQ(n.slow_quanta, 1u);
  EXPECT_DOUBLE_EQ(summarize_core(std::vector<double>(5, 50.0)).noise_fraction, 0.0);
  EXPECT_THROW(summarize_core({}), std::invalid_argument);
}

}  // namespace
}  // namespace accelbench::os_noise
