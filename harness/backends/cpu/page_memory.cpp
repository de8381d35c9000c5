#include "page_memory.h"

#include <accelbench/error.h>
#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace accelbench::cpu {
namespace {

constexpr const char* kThpFolder = "/sys/kernel/mm/transparent_hugepage/";

std::string first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

}  // namespace

std::string transparent_huge_pages() {
  const std::string mode = first_line(std::string(kThpFolder) + "enabled");
  return mode.empty() ? "not exposed" : mode;
}

std::uint64_t huge_page_bytes() {
  const std::string text = first_line(std::string(kThpFolder) + "hpage_pmd_size");
  std::uint64_t bytes = 0;
  std::istringstream(text) >> bytes;
  return bytes > 0 && (bytes & (bytes - 1)) == 0 ? bytes : std::uint64_t{2} << 20;
}

HugePagesInRange anon_huge_pages_in(std::istream& smaps, std::uintptr_t begin, std::uintptr_t end) {
  HugePagesInRange out;
  bool inside = false;
  std::string line;
  while (std::getline(smaps, line)) {
    // A mapping starts with "start-end perms ...": hexadecimal, then '-'.
    std::uintptr_t low = 0;
    std::uintptr_t high = 0;
    char dash = 0;
    std::istringstream fields(line);
    if (fields >> std::hex >> low >> dash >> high && dash == '-' &&
        line.find(':') > line.find(' ')) {
      inside = low < end && begin < high;
      if (inside && (low < begin || high > end)) out.exact = false;
      continue;
    }
    if (!inside || line.rfind("AnonHugePages:", 0) != 0) continue;
    std::uint64_t kib = 0;
    std::istringstream(line.substr(std::strlen("AnonHugePages:"))) >> kib;
    out.bytes += kib * 1024;
  }
  return out;
}

PageMemory::PageMemory(std::size_t bytes, PageRequest request) {
  const std::string mode = transparent_huge_pages();
  if (request == PageRequest::kHuge &&
      (mode == "not exposed" || mode.find("[never]") != std::string::npos)) {
    throw unsupported("pages=huge: transparent huge pages are unavailable here (" + mode + " in " +
                      kThpFolder + "enabled)");
  }
  const std::uint64_t huge = huge_page_bytes();
  bytes_ = (bytes + huge - 1) / huge * huge;
  mapping_bytes_ = bytes_ + huge;
  mapping_ =
      mmap(nullptr, mapping_bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapping_ == MAP_FAILED) {
    mapping_ = nullptr;
    throw failure("mmap of " + std::to_string(mapping_bytes_) +
                  " B failed: " + std::strerror(errno));
  }
  const auto start = reinterpret_cast<std::uintptr_t>(mapping_);
  memory_ = reinterpret_cast<void*>((start + huge - 1) / huge * huge);
  // A kernel without transparent huge pages has only 4 KiB pages, and refuses
  // MADV_NOHUGEPAGE (EINVAL): nothing to ask for.
  if (request == PageRequest::kSmall && mode == "not exposed") return;
  const int advice = request == PageRequest::kHuge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE;
  if (madvise(memory_, bytes_, advice) != 0) {
    const int error = errno;
    munmap(mapping_, mapping_bytes_);
    mapping_ = nullptr;
    const std::string what = std::string("madvise(") +
                             (request == PageRequest::kHuge ? "MADV_HUGEPAGE" : "MADV_NOHUGEPAGE") +
                             ") failed: " + std::strerror(error);
    if (request == PageRequest::kHuge) throw unsupported("pages=huge: " + what);
    throw failure(what);
  }
}

PageMemory::~PageMemory() {
  if (mapping_) munmap(mapping_, mapping_bytes_);
}

std::optional<HugePagesInRange> PageMemory::huge_pages() const {
  std::ifstream smaps("/proc/self/smaps");
  if (!smaps) return std::nullopt;
  const auto begin = reinterpret_cast<std::uintptr_t>(memory_);
  return anon_huge_pages_in(smaps, begin, begin + bytes_);
}

}  // namespace accelbench::cpu
