// Anonymous memory whose page size is asked of the kernel before the first
// touch, and read back afterwards: madvise(MADV_HUGEPAGE) for transparent huge
// pages, madvise(MADV_NOHUGEPAGE) for 4 KiB pages (whatever the system's THP
// mode). Each buffer is a fresh mmap, never memory malloc recycles: a heap
// range madvised for an earlier buffer would keep its flag and its pages.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <optional>
#include <string>

namespace accelbench::cpu {

enum class PageRequest { kSmall, kHuge };

// The first line of /sys/kernel/mm/transparent_hugepage/enabled
// ("always [madvise] never"), or "not exposed".
std::string transparent_huge_pages();
// Bytes of one transparent huge page (hpage_pmd_size; 2 MiB when not exposed).
std::uint64_t huge_page_bytes();

// The AnonHugePages of the mappings in `smaps` (the text of /proc/PID/smaps)
// that overlap [begin, end), in bytes, and whether those mappings lie within
// the range (else huge pages outside it may be counted).
struct HugePagesInRange {
  std::uint64_t bytes = 0;
  bool exact = true;
};
HugePagesInRange anon_huge_pages_in(std::istream& smaps, std::uintptr_t begin, std::uintptr_t end);

class PageMemory {
 public:
  // `bytes` rounded up to whole huge pages, aligned to one. A huge request
  // throws Error(kUnsupported) where transparent huge pages are off or the
  // kernel refuses the madvise.
  PageMemory(std::size_t bytes, PageRequest request);
  ~PageMemory();
  PageMemory(const PageMemory&) = delete;
  PageMemory& operator=(const PageMemory&) = delete;

  void* get() const { return memory_; }
  std::size_t bytes() const { return bytes_; }
  // After the first touch: the bytes of this buffer on huge pages
  // (/proc/self/smaps AnonHugePages), nullopt when smaps cannot be read.
  std::optional<HugePagesInRange> huge_pages() const;

 private:
  void* mapping_ = nullptr;
  std::size_t mapping_bytes_ = 0;
  void* memory_ = nullptr;
  std::size_t bytes_ = 0;
};

}  // namespace accelbench::cpu
