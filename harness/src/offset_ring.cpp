#include <accelbench/error.h>
#include <accelbench/offset_ring.h>

#include <limits>
#include <string>

namespace accelbench {

std::size_t chase_nodes(std::int64_t working_set_bytes) {
  const auto lines = static_cast<std::uint64_t>(working_set_bytes) / kChaseLineBytes;
  if (working_set_bytes < static_cast<std::int64_t>(2 * kChaseLineBytes) ||
      lines > std::numeric_limits<std::uint32_t>::max()) {
    throw usage_error("working_set_bytes must be between 128 B and 256 GiB, not " +
                      std::to_string(working_set_bytes));
  }
  return static_cast<std::size_t>(lines);
}

std::size_t offset_ring_nodes(std::int64_t working_set_bytes) {
  const std::size_t n = chase_nodes(working_set_bytes);
  if (n * kWordsPerLine > std::numeric_limits<std::uint32_t>::max()) {
    throw usage_error("working_set_bytes is limited to 16 GiB on accelerators (32-bit offsets)");
  }
  return n;
}

Work offset_chase_work() {
  Work w;
  w.operations = kDeviceLoads;
  w.convention = "one dependent 4-byte load per 64-byte line; ns per load = kernel time / " +
                 std::to_string(kDeviceLoads) + " loads";
  return w;
}

std::vector<std::uint32_t> offset_ring(const std::vector<std::uint32_t>& order) {
  std::vector<std::uint32_t> words(order.size() * kWordsPerLine, 0);
  for (std::size_t k = 0; k < order.size(); ++k) {
    words[order[k] * kWordsPerLine] =
        static_cast<std::uint32_t>(order[(k + 1) % order.size()] * kWordsPerLine);
  }
  return words;
}

std::uint64_t offset_after(const std::vector<std::uint32_t>& order, std::uint64_t loads) {
  return static_cast<std::uint64_t>(order[loads % order.size()]) * kWordsPerLine;
}

}  // namespace accelbench
