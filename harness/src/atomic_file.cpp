#include "atomic_file.h"

#include <accelbench/error.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <ctime>
#include <string>

namespace accelbench {
namespace {

constexpr std::string_view kTemporaryMarker = ".accelbench-tmp.";

// This host's name as it may appear in a file name: letters, digits, '-'.
std::string host_for_file_names() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "unknown";
  std::string out = name;
  for (char& c : out) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!plain) c = '-';
  }
  return out;
}

std::filesystem::path folder_of(const std::filesystem::path& path) {
  std::filesystem::path folder = path.parent_path();
  return folder.empty() ? "." : folder;
}

// Opens a new temporary file; returns -1 with errno set on failure.
int create_temporary(const std::filesystem::path& temporary) {
  return open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
}

// What an existing non-regular file is, for a message; empty for a regular
// file.
std::string kind_of_non_regular(mode_t mode) {
  if (S_ISREG(mode)) return "";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISLNK(mode)) return "a symbolic link (give the path of the file itself)";
  if (S_ISFIFO(mode)) return "a named pipe (FIFO)";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

bool process_alive(pid_t pid) { return kill(pid, 0) == 0 || errno == EPERM; }

// For ".NAME.accelbench-tmp.HOST.PID": whether it is stale (see the header).
bool is_stale_temporary(const std::string& name, const struct stat& info, const std::string& host,
                        std::time_t now) {
  if (name.empty() || name.front() != '.' || !S_ISREG(info.st_mode)) return false;
  const auto marker = name.rfind(kTemporaryMarker);
  if (marker == std::string::npos) return false;
  const std::string rest = name.substr(marker + kTemporaryMarker.size());
  const auto dot = rest.rfind('.');
  if (dot == std::string::npos || dot + 1 == rest.size()) return false;
  const std::string pid_text = rest.substr(dot + 1);
  if (pid_text.find_first_not_of("0123456789") != std::string::npos || pid_text.size() > 9) {
    return false;
  }
  if (now - info.st_mtime > static_cast<std::time_t>(kStaleTemporaryHours * 3600)) return true;
  const pid_t pid = static_cast<pid_t>(std::stol(pid_text));
  return rest.substr(0, dot) == host && pid > 0 && pid != getpid() && !process_alive(pid);
}

// Flushes the folder's entry for a file just renamed into it. Some file
// systems cannot sync a folder (EINVAL): nothing more can be done there.
void sync_folder(const std::filesystem::path& folder) {
  const int fd = open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    throw failure("cannot open " + folder.string() + " to flush it: " + std::strerror(errno));
  if (fsync(fd) != 0 && errno != EINVAL) {
    const std::string reason = std::strerror(errno);
    close(fd);
    throw failure("cannot flush the folder " + folder.string() + ": " + reason);
  }
  close(fd);
}

}  // namespace

std::filesystem::path temporary_path_for(const std::filesystem::path& path) {
  return folder_of(path) / ("." + path.filename().string() + std::string(kTemporaryMarker) +
                            host_for_file_names() + "." + std::to_string(getpid()));
}

int remove_stale_temporaries(const std::filesystem::path& folder) {
  const std::string host = host_for_file_names();
  const std::time_t now = std::time(nullptr);
  int removed = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    const std::string name = entry.path().filename().string();
    if (name.find(kTemporaryMarker) == std::string::npos) continue;
    struct stat info {};
    if (lstat(entry.path().c_str(), &info) != 0) continue;
    if (is_stale_temporary(name, info, host, now) && unlink(entry.path().c_str()) == 0) ++removed;
  }
  return removed;
}

void check_writable(const std::filesystem::path& path, const std::vector<std::string>& inputs,
                    std::string_view option) {
  const std::string label = std::string(option) + " " + path.string();
  if (path.empty()) throw usage_error(std::string(option) + ": empty path");
  struct stat target {};
  if (stat(path.c_str(), &target) == 0) {
    for (const auto& input : inputs) {
      struct stat in {};
      if (stat(input.c_str(), &in) == 0 && in.st_dev == target.st_dev &&
          in.st_ino == target.st_ino) {
        throw usage_error(label + " is the same file as the input " + input +
                          " (writing it would destroy the input); write elsewhere");
      }
    }
  }
  struct stat own {};
  if (lstat(path.c_str(), &own) == 0 && !S_ISREG(own.st_mode)) {
    throw usage_error(label + ": is " + kind_of_non_regular(own.st_mode) +
                      ", not a regular file; accelbench writes only regular files");
  }
  const auto temporary = temporary_path_for(path);
  const int fd = create_temporary(temporary);
  if (fd < 0) {
    throw usage_error(label + ": cannot write there (" + std::strerror(errno) + ")");
  }
  close(fd);
  unlink(temporary.c_str());
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  remove_stale_temporaries(folder_of(path));
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
  // The target may have been replaced since check_writable (a FIFO, a link):
  // renaming over it would destroy it.
  struct stat own {};
  if (lstat(path.c_str(), &own) == 0 && !S_ISREG(own.st_mode)) {
    unlink(temporary.c_str());
    throw failure(path.string() + " is now " + kind_of_non_regular(own.st_mode) +
                  ", not a regular file; not replaced (the output was not written)");
  }
  if (rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    unlink(temporary.c_str());
    throw failure("cannot rename " + temporary.string() + " to " + path.string() + ": " + reason);
  }
  sync_folder(folder_of(path));
}

}  // namespace accelbench
