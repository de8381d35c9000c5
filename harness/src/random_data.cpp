#include <accelbench/random_data.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
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

std::vector<std::uint32_t> page_crossing_cycle(std::size_t nodes, std::size_t nodes_per_page,
                                               std::uint64_t seed) {
  if (nodes_per_page == 0 || nodes % nodes_per_page != 0 || nodes / nodes_per_page < 2) {
    throw std::logic_error("page_crossing_cycle: " + std::to_string(nodes) +
                           " nodes are not whole pages of " + std::to_string(nodes_per_page) +
                           ", at least two");
  }
  const std::size_t pages = nodes / nodes_per_page;
  std::mt19937_64 generator(seed);
  std::vector<std::uint32_t> page_order(pages);
  std::iota(page_order.begin(), page_order.end(), 0u);
  std::shuffle(page_order.begin(), page_order.end(), generator);
  // slots[p * nodes_per_page + r]: the node page p gives on visit r.
  std::vector<std::uint32_t> slots(nodes);
  for (std::size_t p = 0; p < pages; ++p) {
    const auto first = slots.begin() + static_cast<std::ptrdiff_t>(p * nodes_per_page);
    const auto last = first + static_cast<std::ptrdiff_t>(nodes_per_page);
    std::iota(first, last, static_cast<std::uint32_t>(p * nodes_per_page));
    std::shuffle(first, last, generator);
  }
  // Successive nodes are on successive pages of page_order, and from the last
  // page back to the first: different pages, as there are at least two.
  std::vector<std::uint32_t> order;
  order.reserve(nodes);
  for (std::size_t visit = 0; visit < nodes_per_page; ++visit) {
    for (const std::uint32_t page : page_order)
      order.push_back(slots[page * nodes_per_page + visit]);
  }
  return order;
}

}  // namespace accelbench
