#include "fault_injection.h"

#include <accelbench/error.h>
#include <accelbench/job.h>
#include <accelbench/random_data.h>

#include <charconv>
#include <chrono>
#include <csignal>
#include <stdexcept>
#include <thread>
#include <vector>

#include "units.h"

namespace accelbench {
namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == separator) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

template <class T>
T number(const std::string& text, const std::string& whole) {
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw usage_error("--inject '" + whole + "': '" + text + "' is not a number");
  }
  return value;
}

}  // namespace

bool Injection::draws_flip(std::uint64_t seed) const {
  if (kind != Kind::kBitflip) return false;
  return static_cast<double>(splitmix64(seed) >> 11) * 0x1.0p-53 < rate;
}

void disturb_iteration(const Injection& injection, std::int64_t iteration) {
  switch (injection.kind) {
    case Injection::Kind::kDelay:
      if (iteration % injection.every == injection.every - 1) {
        std::this_thread::sleep_for(std::chrono::milliseconds(injection.delay_ms));
      }
      break;
    case Injection::Kind::kHang:
      for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
    case Injection::Kind::kCrash:
      std::raise(SIGSEGV);
      break;
    default:
      break;
  }
}

bool Injection::applies_to(const std::string& name) const {
  return kind != Kind::kNone && (!target || target->found_in(name)) &&
         (!rank || *rank == current_job().rank());
}

Injection parse_injection(const std::string& text) {
  Injection injection;
  injection.text = text;
  std::string spec = text;
  if (const auto at = text.find('@'); at != std::string::npos) {
    spec = text.substr(0, at);
    injection.target.emplace(text.substr(at + 1), "--inject '" + text + "': invalid regex after @");
  }
  const auto parts = split(spec, ':');
  const std::string& kind = parts[0];
  const std::string forms =
      " (forms: bitflip:RATE, delay:MS:EVERY, hang, crash, each optionally @REGEX)";
  if (kind == "bitflip" && parts.size() == 2) {
    injection.kind = Injection::Kind::kBitflip;
    injection.rate = parse_finite_number(parts[1], "--inject '" + text + "': RATE");
    if (!(injection.rate > 0 && injection.rate <= 1)) {
      throw usage_error("--inject '" + text + "': RATE must be in (0, 1]");
    }
  } else if (kind == "delay" && parts.size() == 3) {
    injection.kind = Injection::Kind::kDelay;
    injection.delay_ms = number<int>(parts[1], text);
    injection.every = number<int>(parts[2], text);
    if (injection.delay_ms < 1 || injection.every < 1) {
      throw usage_error("--inject '" + text + "': MS and EVERY must be at least 1");
    }
  } else if (kind == "hang" && parts.size() == 1) {
    injection.kind = Injection::Kind::kHang;
  } else if (kind == "crash" && parts.size() == 1) {
    injection.kind = Injection::Kind::kCrash;
  } else {
    throw usage_error("--inject '" + text + "' is malformed" + forms);
  }
  return injection;
}

std::size_t flip_significant_bit(std::span<std::byte> bytes, std::uint64_t seed) {
  const std::size_t words = bytes.size() / 8;
  if (words == 0) throw std::invalid_argument("result buffer smaller than one 8-byte word");
  const std::size_t offset = (splitmix64(seed) % words) * 8;
  bytes[offset + 7] ^= std::byte{0x40};
  return offset;
}

}  // namespace accelbench
