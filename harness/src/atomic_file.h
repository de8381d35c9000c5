// Results files are written to a temporary file in the target folder and
// renamed over the target, so a reader (or a crash) sees the old file or the
// whole new one, never a part.
#pragma once

#include <filesystem>
#include <string_view>

namespace accelbench {

// Throws a usage error when no file can be created next to `path` (checked
// before a run starts, so no measurement is spent on results that cannot be
// saved). Leaves nothing behind.
void check_writable(const std::filesystem::path& path);

// Throws Error(kFailure) when writing fails; the temporary file is removed.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace accelbench
