#include "atomic_file.h"

#include <accelbench/error.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace accelbench {
namespace {

std::filesystem::path temporary_path_for(const std::filesystem::path& path) {
  std::filesystem::path folder = path.parent_path();
  if (folder.empty()) folder = ".";
  return folder / ("." + path.filename().string() + ".tmp." + std::to_string(getpid()));
}

// Opens a new temporary file; returns -1 with errno set on failure.
int create_temporary(const std::filesystem::path& temporary) {
  return open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
}

}  // namespace

void check_writable(const std::filesystem::path& path) {
  if (path.empty()) throw usage_error("--out: empty path");
  if (std::filesystem::is_directory(path)) {
    throw usage_error("--out " + path.string() + ": is a directory");
  }
  const auto temporary = temporary_path_for(path);
  const int fd = create_temporary(temporary);
  if (fd < 0) {
    throw usage_error("--out " + path.string() + ": cannot write there (" + std::strerror(errno) +
                      ")");
  }
  close(fd);
  unlink(temporary.c_str());
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  const auto temporary = temporary_path_for(path);
  const int fd = create_temporary(temporary);
  if (fd < 0) {
    throw failure("cannot create " + temporary.string() + ": " + std::strerror(errno));
  }
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t written = write(fd, data, left);
    if (written < 0) {
      if (errno == EINTR) continue;
      const std::string reason = std::strerror(errno);
      close(fd);
      unlink(temporary.c_str());
      throw failure("cannot write " + temporary.string() + ": " + reason);
    }
    data += written;
    left -= static_cast<std::size_t>(written);
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    const std::string reason = std::strerror(errno);
    unlink(temporary.c_str());
    throw failure("cannot flush " + temporary.string() + ": " + reason);
  }
  if (rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    unlink(temporary.c_str());
    throw failure("cannot rename " + temporary.string() + " to " + path.string() + ": " + reason);
  }
}

}  // namespace accelbench
