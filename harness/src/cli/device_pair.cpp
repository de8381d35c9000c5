#include "device_pair.h"

#include <accelbench/error.h>

namespace accelbench::cli {

std::array<std::string, 2> split_device_pair(const std::string& text) {
  const auto comma = text.find(',');
  if (comma == std::string::npos || comma == 0 || comma + 1 == text.size() ||
      text.find(',', comma + 1) != std::string::npos) {
    throw usage_error("--devices takes two devices, A,B (e.g. cpu:0,opencl:0), not '" + text + "'");
  }
  return {text.substr(0, comma), text.substr(comma + 1)};
}

}  // namespace accelbench::cli
