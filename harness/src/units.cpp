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

std::string_view link_name(Link link) {
  switch (link) {
    case Link::kNone:
      return "";
    case Link::kMemory:
      return "memory";
    case Link::kNuma:
      return "numa";
    case Link::kHostDevice:
      return "host-device";
    case Link::kPeer:
      return "device-device";
    case Link::kCoreToCore:
      return "core-core";
    case Link::kNodeToNode:
      return "node-node";
    case Link::kCollective:
      return "collective";
  }
  return "unknown";
}

std::string_view compare_class_name(CompareClass compare_class) {
  switch (compare_class) {
    case CompareClass::kCompute:
      return "compute";
    case CompareClass::kMemory:
      return "memory";
    case CompareClass::kInterconnect:
      return "interconnect";
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

namespace {

// The shortest text that reads back as `value`: "0.1", "3600", "1e-06".
std::string shortest_text(double value) {
  char text[32];
  const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
  return ec == std::errc() ? std::string(text, end) : std::to_string(value);
}

}  // namespace

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
  constexpr double kShortest = 1e-3;
  constexpr double kLongest = 365.0 * 24 * 3600;
  std::string_view number = text;
  double factor = 1;
  if (!number.empty() && (number.back() == 's' || number.back() == 'm' || number.back() == 'h')) {
    factor = number.back() == 'h' ? 3600 : number.back() == 'm' ? 60 : 1;
    number.remove_suffix(1);
  }
  double seconds = 0;
  try {
    seconds = parse_finite_number(number, what) * factor;
  } catch (const Error&) {
    throw usage_error(what + ": '" + std::string(text) +
                      "' is not a positive duration (e.g. 90, 90s, 30m, 2h)");
  }
  if (!(seconds >= kShortest && seconds <= kLongest)) {
    throw usage_error(what + ": '" + std::string(text) +
                      "' is not a duration between 1 ms and 1 year (e.g. 90, 90s, 30m, 2h)");
  }
  return seconds;
}

double parse_finite_number(std::string_view text, const std::string& what) {
  std::string_view digits = text;
  if (digits.size() > 1 && digits.front() == '+' && digits[1] != '-') digits.remove_prefix(1);
  double value = 0;
  const char* end = digits.data() + digits.size();
  // from_chars takes decimal only (no "0x" floats, no locale) and reports
  // overflow; "nan" and "inf" parse, and are refused just below.
  const auto [ptr, ec] = std::from_chars(digits.data(), end, value, std::chars_format::general);
  if (digits.empty() || ec != std::errc() || ptr != end || !std::isfinite(value)) {
    throw usage_error(what + (what.empty() ? "" : ": ") + "'" + std::string(text) +
                      "' is not a finite decimal number");
  }
  return value;
}

double check_in_range(double value, double min, double max, const std::string& what) {
  if (!std::isfinite(value)) {
    throw usage_error(what + " must be a finite number, not " + shortest_text(value));
  }
  if (value < min || value > max) {
    throw usage_error(what + " must be between " + shortest_text(min) + " and " +
                      shortest_text(max) + ", not " + shortest_text(value));
  }
  return value;
}

std::string format_bytes(double bytes) {
  static constexpr std::array<const char*, 7> kUnits{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  std::size_t unit = 0;
  while (bytes >= 1024 && unit + 1 < kUnits.size()) {
    bytes /= 1024;
    ++unit;
  }
  constexpr NumberFormat kWhole{NumberFormat::Kind::kFixed, 0};
  return format_quantity(bytes, kUnits[unit],
                         bytes == std::floor(bytes) ? kWhole : number_format::kOneDecimal);
}

std::string format_number(double value, NumberFormat format) {
  char spec[16];
  std::snprintf(spec, sizeof spec, "%%%s.%d%c", format.sign ? "+" : "", format.digits,
                format.kind == NumberFormat::Kind::kFixed ? 'f' : 'g');
  char text[64];
  std::snprintf(text, sizeof text, spec, value);
  return text;
}

std::string format_quantity(double value, std::string_view unit, NumberFormat format) {
  std::string text = format_number(value, format);
  if (unit != "%") text += ' ';
  return text.append(unit);
}

}  // namespace accelbench
