// --devices A,B, as compare and verdict take it: two device ids.
#pragma once

#include <array>
#include <string>

namespace accelbench::cli {

// {"cpu:0", "opencl:0"} from "cpu:0,opencl:0"; a usage error naming the
// expected form otherwise.
std::array<std::string, 2> split_device_pair(const std::string& text);

}  // namespace accelbench::cli
