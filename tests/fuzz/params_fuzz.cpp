// --param NAME=VALUE and the units it goes through: sizes ("64KiB", "1G"),
// durations ("90s", "1.5h"), a parameter's override from text, its name and
// JSON, and the byte formatter.
#include <accelbench/error.h>
#include <accelbench/params.h>

#include "fuzz_input.h"
#include "units.h"

using namespace accelbench;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  try {
    const std::int64_t bytes = parse_quantity(text, "--param array_bytes");
    (void)format_bytes(static_cast<double>(bytes));
  } catch (const Error&) {
  }
  try {
    (void)parse_duration(text, "--duration");
  } catch (const Error&) {
  }
  for (const char* key : {"array_bytes", "dtype"}) {
    Params params;
    params.set("array_bytes", std::int64_t{1} << 20).set("dtype", std::string("fp64"));
    try {
      params.override_from_text(key, text);
      (void)params.name();
      (void)params.to_json().dump();
    } catch (const Error&) {
    }
  }
  return 0;
}
