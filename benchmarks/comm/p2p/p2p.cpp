#include "p2p.h"

#include <accelbench/details.h>
#include <accelbench/random_data.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>

namespace accelbench::p2p {
namespace {

constexpr std::int64_t kBytesPerIteration = 4 << 20;
constexpr std::int64_t kLatencyDefault = 8;
constexpr std::int64_t kBandwidthDefault = 1 << 20;
constexpr std::int64_t kBandwidthSecond = 4 << 20;

std::string pair_text(int a, int b) { return std::to_string(a) + "-" + std::to_string(b); }

Params point(const std::string& pair, std::int64_t bytes) {
  Params p;
  if (!pair.empty()) p.set("pair", pair);
  p.set("message_bytes", bytes);
  return p;
}

Verification compare_bytes(std::span<const std::byte> actual, std::span<const std::byte> expected,
                           std::string method) {
  Verification v;
  v.method = std::move(method);
  v.elements_checked = actual.size();
  v.bytes_checked = actual.size();
  for (std::size_t i = 0; i < actual.size(); ++i) {
    if (actual[i] == expected[i]) continue;
    ++v.mismatches;
    if (v.first_mismatches.size() < Verification::kMaxReportedMismatches) {
      v.first_mismatches.push_back({i, static_cast<double>(std::to_integer<int>(expected[i])),
                                    static_cast<double>(std::to_integer<int>(actual[i]))});
    }
  }
  v.outcome = v.mismatches ? Verification::Outcome::kFailed : Verification::Outcome::kPassed;
  return v;
}

bool default_size(Pattern pattern, std::int64_t bytes) {
  return pattern == Pattern::kLatency ? bytes == kLatencyDefault : bytes == kBandwidthDefault;
}

}  // namespace

std::string_view pattern_name(Pattern pattern) {
  switch (pattern) {
    case Pattern::kLatency:
      return "p2p_latency";
    case Pattern::kBandwidth:
      return "p2p_bandwidth";
    case Pattern::kBibandwidth:
      return "p2p_bibandwidth";
    case Pattern::kMessageRate:
      return "message_rate";
  }
  return "unknown";
}

std::pair<int, int> pair(const Params& params, int ranks) {
  const std::string& text = params.text("pair");
  const auto dash = text.find('-');
  int a = -1, b = -1;
  const bool parsed =
      dash != std::string::npos &&
      std::from_chars(text.data(), text.data() + dash, a).ptr == text.data() + dash &&
      std::from_chars(text.data() + dash + 1, text.data() + text.size(), b).ptr ==
          text.data() + text.size();
  if (!parsed || a < 0 || b < 0 || a == b || a >= ranks || b >= ranks) {
    throw usage_error("pair must be A-B, two different ranks below " + std::to_string(ranks) +
                      ", not '" + text + "'");
  }
  return {a, b};
}

std::int64_t message_bytes(const Params& params) {
  const std::int64_t bytes = params.integer("message_bytes");
  if (bytes < 8)
    throw usage_error("message_bytes must be at least 8, not " + std::to_string(bytes));
  return bytes;
}

int repeats(Pattern pattern, std::int64_t bytes) {
  if (pattern == Pattern::kLatency) {
    return static_cast<int>(std::clamp<std::int64_t>(kBytesPerIteration / (2 * bytes), 10, 1000));
  }
  return static_cast<int>(std::clamp<std::int64_t>(kBytesPerIteration / (kWindow * bytes), 1, 100));
}

std::vector<Params> sweep(Pattern pattern, int ranks, Suite suite) {
  if (ranks < 2) return {};
  std::vector<Params> points;
  if (pattern == Pattern::kMessageRate) {
    points.push_back(point("", 8));
    return points;
  }
  const std::string first = pair_text(0, ranks - 1);
  const bool quick = suite == Suite::kQuick;
  std::vector<std::int64_t> sizes;
  if (pattern == Pattern::kLatency) {
    for (std::int64_t b = 8; b <= (1 << 20); b *= quick ? 8 : 2) sizes.push_back(b);
  } else {
    for (std::int64_t b = 1 << 10; b <= kBandwidthSecond; b *= quick ? 4 : 2) sizes.push_back(b);
  }
  for (std::int64_t bytes : sizes) points.push_back(point(first, bytes));
  if (pattern == Pattern::kBibandwidth) return points;
  // Every other pair at the default size (and bandwidth at 4 MiB too).
  for (int a = 0; a < ranks; ++a) {
    for (int b = a + 1; b < ranks; ++b) {
      if (pair_text(a, b) == first) continue;
      if (pattern == Pattern::kLatency) {
        points.push_back(point(pair_text(a, b), kLatencyDefault));
      } else {
        points.push_back(point(pair_text(a, b), kBandwidthDefault));
        points.push_back(point(pair_text(a, b), kBandwidthSecond));
      }
    }
  }
  return points;
}

Work work(Pattern pattern, std::int64_t bytes, int ranks) {
  const int n = repeats(pattern, bytes);
  Work w;
  switch (pattern) {
    case Pattern::kLatency:
      w.operations = 2.0 * n;
      w.convention = std::to_string(n) +
                     " round trips per iteration; one-way latency = round "
                     "trip / 2 (OSU osu_latency)";
      break;
    case Pattern::kBandwidth:
      w.bytes = static_cast<double>(bytes) * kWindow * n;
      w.convention = std::to_string(n) + " window(s) of " + std::to_string(kWindow) +
                     " non-blocking sends, each window acknowledged (OSU osu_bw)";
      break;
    case Pattern::kBibandwidth:
      w.bytes = 2.0 * static_cast<double>(bytes) * kWindow * n;
      w.convention = std::to_string(n) + " window(s) of " + std::to_string(kWindow) +
                     " sends each way at once; the bytes of both directions counted (OSU "
                     "osu_bibw)";
      break;
    case Pattern::kMessageRate: {
      const int pairs = ranks / 2;
      w.operations = static_cast<double>(pairs) * kWindow * n;
      w.convention = std::to_string(pairs) + " pair(s) (rank r with r + n/2), " +
                     std::to_string(n) + " window(s) of " + std::to_string(kWindow) +
                     " messages each; messages of all pairs counted (OSU osu_mbw_mr)";
      break;
    }
  }
  return w;
}

void fill_message(int sender, std::span<std::byte> message) {
  const std::uint64_t stream = splitmix64(static_cast<std::uint64_t>(sender) + 0x9292);
  for (std::size_t i = 0; i < message.size(); ++i) {
    message[i] = static_cast<std::byte>(splitmix64(stream ^ (i / 8)) >> (8 * (i % 8)));
  }
}

Verification verify_message(int sender, std::span<const std::byte> received) {
  std::vector<std::byte> expected(received.size());
  fill_message(sender, expected);
  return compare_bytes(received, expected,
                       "every byte received vs the sender's random bytes (exact)");
}

Verification verify_canary(std::span<const std::byte> canary) {
  const std::vector<std::byte> expected(canary.size(), kUnwritten);
  return compare_bytes(canary, expected,
                       "this rank receives no data; its canary bytes must stay unwritten");
}

nlohmann::ordered_json analyze(Pattern pattern, int ranks, const std::vector<SweepPoint>& points) {
  const bool latency = pattern == Pattern::kLatency;
  const char* unit = latency ? "ns" : "GB/s";
  // Per pair: the median of its iterations, and OSU's figure (its work over
  // the total time of its iterations: for latency, the mean).
  std::map<std::string, double> median_by_pair;
  std::map<std::string, double> mean_by_pair;
  for (const auto& p : points) {
    if (!default_size(pattern, p.params.integer("message_bytes"))) continue;
    median_by_pair[p.params.text("pair")] = p.median;
    mean_by_pair[p.params.text("pair")] = p.at_mean_time;
  }
  const auto matrix_of = [ranks](const std::map<std::string, double>& by_pair) {
    nlohmann::ordered_json matrix = nlohmann::ordered_json::array();
    for (int a = 0; a < ranks; ++a) {
      nlohmann::ordered_json row = nlohmann::ordered_json::array();
      for (int b = 0; b < ranks; ++b) {
        const auto found = by_pair.find(pair_text(std::min(a, b), std::max(a, b)));
        row.push_back(found == by_pair.end() ? nlohmann::ordered_json(nullptr)
                                             : nlohmann::ordered_json(found->second));
      }
      matrix.push_back(row);
    }
    return matrix;
  };
  const nlohmann::ordered_json matrix = matrix_of(median_by_pair);
  std::string summary = "no pair measured at the default size";
  if (!median_by_pair.empty()) {
    std::vector<std::pair<double, std::string>> sorted;
    for (const auto& [name, value] : median_by_pair) sorted.emplace_back(value, name);
    std::sort(sorted.begin(), sorted.end());
    const auto& median = sorted[sorted.size() / 2];
    const auto& worst = latency ? sorted.back() : sorted.front();
    char text[300];
    std::snprintf(text, sizeof text,
                  "%zu pair(s) at %s, each the median of its iterations: median pair %.4g %s "
                  "(%s %.4g %s, as OSU reports); slowest pair %s %.4g %s (%.2fx the median)",
                  sorted.size(), latency ? "8 B" : "1 MiB", median.first, unit,
                  latency ? "mean" : "over its total time", mean_by_pair.at(median.second), unit,
                  worst.second.c_str(), worst.first, unit,
                  latency ? worst.first / median.first : median.first / worst.first);
    summary = text;
  }
  return {{"summary", summary},
          {"message_bytes", latency ? kLatencyDefault : kBandwidthDefault},
          {"unit", unit},
          {"matrix_statistic", "median of each pair's iterations"},
          {"matrix", matrix},
          {"mean_matrix_statistic",
           "each pair's work over the total time of its iterations (OSU's figure): for latency the "
           "mean over all iterations"},
          {"mean_matrix", matrix_of(mean_by_pair)},
          {"heatmap",
           heatmap(std::string(latency ? "latency" : "bandwidth") + " between rank pairs (median)",
                   "rank", unit, matrix)}};
}

// Memory on each rank: a send and a receive buffer of message_bytes.
Footprint footprint(const Params& params) {
  return {2.0 * static_cast<double>(params.integer("message_bytes"))};
}

const Spec& spec(Pattern pattern) {
  static const std::array<Spec, std::size(kPatterns)> specs = [] {
    std::array<Spec, std::size(kPatterns)> out;
    for (Pattern p : kPatterns) {
      out[static_cast<std::size_t>(p)] = {
          .id = "comm/" + std::string(pattern_name(p)),
          .claim = Claim::kInterconnect,
          .link = Link::kNodeToNode,
          .metric = p == Pattern::kLatency       ? MetricKind::kLatency
                    : p == Pattern::kMessageRate ? MetricKind::kRate
                                                 : MetricKind::kBandwidth,
          .compare_class = CompareClass::kInterconnect,
          .convention = p == Pattern::kLatency ? "OSU osu_latency: one-way latency = round trip / 2"
                        : p == Pattern::kBandwidth
                            ? "OSU osu_bw: bytes x window x windows / time, one direction"
                        : p == Pattern::kBibandwidth
                            ? "OSU osu_bibw: the bytes of both directions counted"
                            : "OSU osu_mbw_mr: the messages of all pairs counted",
          .parameters = {"message_bytes", "pair"},
          .how = {},
          .sweep = p == Pattern::kLatency ? Sweep{"message_bytes", SweepHeadline::kSmallest}
                                          : Sweep{"message_bytes", SweepHeadline::kPeak},
          .footprint = footprint,
      };
    }
    return out;
  }();
  return specs[static_cast<std::size_t>(pattern)];
}

}  // namespace accelbench::p2p
