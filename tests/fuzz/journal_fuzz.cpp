// The journal reader of run --resume: a header line, then one record per
// finished instance, the last one perhaps torn by a kill.
#include <accelbench/error.h>

#include "fuzz_input.h"
#include "journal.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path =
      accelbench::fuzz::input_file(accelbench::fuzz::as_text(data, size), "run.journal");
  try {
    const accelbench::JournalContents contents = accelbench::read_journal(path);
    for (const auto& [name, record] : contents.records) (void)record.dump();
  } catch (const accelbench::Error&) {
  }
  return 0;
}
