#include <accelbench/error.h>
#include <accelbench/params.h>

#include <algorithm>
#include <charconv>

#include "display_text.h"
#include "units.h"

namespace accelbench {

Params& Params::set(std::string_view key, Value value) {
  auto it =
      std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.key == key; });
  if (it != entries_.end()) {
    it->value = std::move(value);
  } else {
    entries_.push_back({std::string(key), std::move(value)});
  }
  return *this;
}

bool Params::has(std::string_view key) const {
  return std::any_of(entries_.begin(), entries_.end(),
                     [&](const Entry& e) { return e.key == key; });
}

const Params::Value& Params::find(std::string_view key) const {
  for (const auto& e : entries_) {
    if (e.key == key) return e.value;
  }
  throw std::logic_error("benchmark parameter '" + std::string(key) + "' is not set");
}

std::int64_t Params::integer(std::string_view key) const {
  const auto* value = std::get_if<std::int64_t>(&find(key));
  if (!value) {
    throw std::logic_error("parameter '" + std::string(key) + "' is not an integer");
  }
  return *value;
}

std::int64_t Params::integer_in(std::string_view key, std::int64_t min, std::int64_t max) const {
  const std::int64_t value = integer(key);
  if (value < min || value > max) {
    throw usage_error(std::string(key) + " must be between " + std::to_string(min) + " and " +
                      std::to_string(max) + ", not " + std::to_string(value));
  }
  return value;
}

const std::string& Params::text(std::string_view key) const {
  const auto* value = std::get_if<std::string>(&find(key));
  if (!value) {
    throw std::logic_error("parameter '" + std::string(key) + "' is not text");
  }
  return *value;
}

void Params::override_from_text(std::string_view key, std::string_view text) {
  if (std::holds_alternative<std::int64_t>(find(key))) {
    set(key, parse_quantity(text, "parameter " + std::string(key)));
  } else if (terminal_text(text) != text) {  // it goes into names, JSON and the terminal
    throw usage_error("parameter " + std::string(key) + " '" + terminal_text(text) +
                      "': control characters or bytes that are not UTF-8");
  } else {
    set(key, std::string(text));
  }
}

std::string Params::name() const {
  std::string out;
  for (const auto& e : entries_) {
    if (!out.empty()) out += '/';
    out += e.key + ':';
    if (const auto* i = std::get_if<std::int64_t>(&e.value)) {
      out += std::to_string(*i);
    } else {
      out += std::get<std::string>(e.value);
    }
  }
  return out;
}

nlohmann::ordered_json Params::to_json() const {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& e : entries_) {
    std::visit([&](const auto& v) { out[e.key] = v; }, e.value);
  }
  return out;
}

}  // namespace accelbench
