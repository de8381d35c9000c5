#include "units.h"

#include <accelbench/error.h>
#include <accelbench/work.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <utility>

namespace accelbench {

std::string_view claim_name(Claim claim) {
  switch (claim) {
    case Claim::kCompute:
      return "compute";
    case Claim::kInterconnect:
      return "interconnect";
    case Claim::kStability:
      return "stability";
  }
  return "unknown";
}

std::string_view metric_name(MetricKind kind) {
  switch (kind) {
    case MetricKind::kBandwidth:
      return "bandwidth";
    case MetricKind::kFlops:
      return "throughput";
    case MetricKind::kLatency:
      return "latency";
    case MetricKind::kRate:
      return "rate";
  }
  return "unknown";
}

std::string_view metric_unit(MetricKind kind) {
  switch (kind) {
    case MetricKind::kBandwidth:
      return "GB/s";
    case MetricKind::kFlops:
      return "GFLOP/s";
    case MetricKind::kLatency:
      return "ns";
    case MetricKind::kRate:
      return "Mop/s";
  }
  return "";
}

Direction metric_direction(MetricKind kind) {
  return kind == MetricKind::kLatency ? Direction::kLowerIsBetter : Direction::kHigherIsBetter;
}

std::string_view direction_name(Direction direction) {
  return direction == Direction::kHigherIsBetter ? "higher_is_better" : "lower_is_better";
}

double metric_value(MetricKind kind, const Work& work, double seconds) {
  switch (kind) {
    case MetricKind::kBandwidth:
      return work.bytes / seconds / 1e9;
    case MetricKind::kFlops:
      return work.flops / seconds / 1e9;
    case MetricKind::kLatency:
      return seconds * 1e9 / work.operations;
    case MetricKind::kRate:
      return work.operations / seconds / 1e6;
  }
  return 0;
}

std::int64_t parse_quantity(std::string_view text, const std::string& what) {
  static constexpr std::array<std::pair<std::string_view, std::int64_t>, 6> kSuffixes{
      {{"KiB", 1LL << 10},
       {"MiB", 1LL << 20},
       {"GiB", 1LL << 30},
       {"k", 1000},
       {"M", 1000000},
       {"G", 1000000000}}};
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr == text.data() || value < 0) {
    throw usage_error(what + ": '" + std::string(text) +
                      "' is not a non-negative integer (suffixes KiB, MiB, GiB, k, M, G)");
  }
  const std::string_view suffix(ptr, static_cast<std::size_t>(end - ptr));
  if (suffix.empty()) return value;
  for (const auto& [name, factor] : kSuffixes) {
    if (suffix == name) {
      if (value > std::numeric_limits<std::int64_t>::max() / factor) {
        throw usage_error(what + ": '" + std::string(text) + "' is too large");
      }
      return value * factor;
    }
  }
  throw usage_error(what + ": unknown suffix '" + std::string(suffix) + "' in '" +
                    std::string(text) + "' (use KiB, MiB, GiB, k, M or G)");
}

double parse_duration(std::string_view text, const std::string& what) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  const std::string_view unit(ptr, static_cast<std::size_t>(end - ptr));
  double factor = 0;
  if (unit.empty() || unit == "s") factor = 1;
  if (unit == "m") factor = 60;
  if (unit == "h") factor = 3600;
  if (ec != std::errc() || ptr == text.data() || factor == 0 || !(value > 0) ||
      !std::isfinite(value)) {
    throw usage_error(what + ": '" + std::string(text) +
                      "' is not a positive duration (e.g. 90, 90s, 30m, 2h)");
  }
  return value * factor;
}

std::string format_bytes(double bytes) {
  static constexpr std::array<const char*, 5> kUnits{"B", "KiB", "MiB", "GiB", "TiB"};
  std::size_t unit = 0;
  while (bytes >= 1024 && unit + 1 < kUnits.size()) {
    bytes /= 1024;
    ++unit;
  }
  char buffer[32];
  if (bytes == std::floor(bytes)) {
    std::snprintf(buffer, sizeof buffer, "%.0f %s", bytes, kUnits[unit]);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.1f %s", bytes, kUnits[unit]);
  }
  return buffer;
}

}  // namespace accelbench
