#include "display_text.h"

#include <cstdio>

namespace accelbench {
namespace {

std::string hex_escape(const char* format, unsigned value) {
  char out[16];
  std::snprintf(out, sizeof out, format, value);
  return out;
}

// The length of the UTF-8 sequence at text[at], or 0 when it is not one
// (overlong forms, surrogates and code points above U+10FFFF included).
std::size_t utf8_length(std::string_view text, std::size_t at, unsigned& code_point) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned first = byte(at);
  std::size_t length = 0;
  unsigned minimum = 0;
  if (first >= 0xc2 && first <= 0xdf) {
    length = 2, minimum = 0x80, code_point = first & 0x1f;
  } else if (first >= 0xe0 && first <= 0xef) {
    length = 3, minimum = 0x800, code_point = first & 0x0f;
  } else if (first >= 0xf0 && first <= 0xf4) {
    length = 4, minimum = 0x10000, code_point = first & 0x07;
  } else {
    return 0;
  }
  if (at + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xc0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte(at + i) & 0x3f);
  }
  if (code_point < minimum || code_point > 0x10ffff ||
      (code_point >= 0xd800 && code_point <= 0xdfff)) {
    return 0;
  }
  return length;
}

}  // namespace

std::string terminal_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const auto c = static_cast<unsigned char>(text[at]);
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) {
        out += hex_escape("\\x%02x", c);
      } else {
        out += static_cast<char>(c);
      }
      ++at;
      continue;
    }
    unsigned code_point = 0;
    const std::size_t length = utf8_length(text, at, code_point);
    if (length == 0) {
      out += hex_escape("\\x%02x", c);
      ++at;
    } else if (code_point >= 0x80 && code_point <= 0x9f) {
      out += hex_escape("\\u%04x", code_point);
      at += length;
    } else {
      out.append(text.substr(at, length));
      at += length;
    }
  }
  return out;
}

std::string markdown_text(std::string_view text) {
  std::string out;
  for (char c : terminal_text(text)) {
    switch (c) {
      case '|':
        out += "\\|";
        break;
      case '`':
        out += "\\`";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace accelbench
