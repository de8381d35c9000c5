// Results files are written to a temporary file in the target folder and
// renamed over the target, so a reader (or a crash) sees the old file or the
// whole new one, never a part. The file and then its folder are flushed to
// disk after the rename, so a power cut does not lose the rename either.
//
// Temporaries are named ".NAME.accelbench-tmp.HOST.PID". A run killed between
// creating one and renaming it leaves it behind; the next write into the same
// folder removes those whose process is gone (same host, PID not alive) or
// that are older than kStaleTemporaryHours (another host's, or a reused PID).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace accelbench {

inline constexpr double kStaleTemporaryHours = 6;

// Throws a usage error, before any work is spent on an output that cannot be
// saved, when `path`
//  - is empty or names an existing directory, FIFO, device, socket or
//    symbolic link (replacing it would destroy what it is or points to),
//  - is the same file as one of `inputs` (by device and inode, so a hard or
//    symbolic link to an input counts; inputs that do not exist are left to
//    their readers), or
//  - is in a folder where no file can be created.
// `option` names the output in the message ("--out"). Leaves nothing behind.
void check_writable(const std::filesystem::path& path, const std::vector<std::string>& inputs = {},
                    std::string_view option = "--out");

// Throws Error(kFailure) when writing fails; the temporary file is removed.
// Also refuses (kFailure) a target that became a non-regular file since
// check_writable.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

// The temporary name for `path` in this process: ".NAME.accelbench-tmp.HOST.PID".
std::filesystem::path temporary_path_for(const std::filesystem::path& path);

// Removes the stale temporaries (see above) of `folder`; returns how many.
// Never throws: what it cannot remove stays.
int remove_stale_temporaries(const std::filesystem::path& folder);

}  // namespace accelbench
