// The --inject spec: bitflip:RATE, delay:MS:EVERY, hang, crash, each with an
// optional @REGEX, and what a parsed spec is then asked.
#include <accelbench/error.h>

#include "fault_injection.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const accelbench::Injection injection =
        accelbench::parse_injection(std::string(accelbench::fuzz::as_text(data, size)));
    (void)injection.applies_to("memory/stream_triad/cpu:0/array_bytes:4194304");
    (void)injection.draws_flip(42);
    (void)injection.needs_isolation();
  } catch (const accelbench::Error&) {
  }
  return 0;
}
