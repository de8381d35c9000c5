#include <accelbench/random_data.h>

#include <numeric>
#include <random>
#include <utility>

namespace accelbench {

std::vector<std::uint32_t> random_cycle(std::size_t nodes, std::uint64_t seed) {
  std::vector<std::uint32_t> order(nodes);
  std::iota(order.begin(), order.end(), 0u);
  std::mt19937_64 generator(seed);
  // Sattolo: like Fisher-Yates but j < i, which yields exactly the
  // permutations that are one cycle, each with equal probability.
  for (std::size_t i = nodes > 0 ? nodes - 1 : 0; i > 0; --i) {
    std::uniform_int_distribution<std::size_t> pick(0, i - 1);
    std::swap(order[i], order[pick(generator)]);
  }
  return order;
}

}  // namespace accelbench
