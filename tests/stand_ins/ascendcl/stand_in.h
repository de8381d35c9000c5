// What the three Ascend stand-ins (libascendcl.so, libnnopbase.so,
// libopapi.so) share: the fault list of ACCELBENCH_STANDIN_ASCEND_FAULT, the
// error codes acl_api.h does not need, and the stand-in-only functions
// libascendcl.so exports for the other two (the recent error message, which
// memory is device memory, which streams exist). Test devices, never
// measurements: see tests/stand_ins/README.md.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <thread>

#include "ascend/acl_api.h"

namespace accelbench::standin {

// acl/error_codes/rt_error_codes.h and acl/acl_base.h (CANN).
inline constexpr int kAclErrorUninitialize = 100001;
inline constexpr int kAclErrorRepeatInitialize = 100002;
inline constexpr int kAclErrorContextNull = 107002;       // ACL_ERROR_RT_CONTEXT_NULL
inline constexpr int kAclErrorMemoryAllocation = 207001;  // ACL_ERROR_RT_MEMORY_ALLOCATION
inline constexpr int kAclErrorInternal = 507000;          // ACL_ERROR_RT_INTERNAL_ERROR
// aclnn/aclnn_base.h (CANN): aclnnStatus values.
inline constexpr int kAclnnErrorNullptr = 161001;  // ACLNN_ERR_PARAM_NULLPTR
inline constexpr int kAclnnErrorInvalid = 161002;  // ACLNN_ERR_PARAM_INVALID
inline constexpr int kAclnnErrorInner = 561000;    // ACLNN_ERR_INNER

// ACCELBENCH_STANDIN_ASCEND_FAULT, a comma-separated list:
//   corrupt_copy      every device-to-host copy has one byte flipped
//   error:<function>  that function returns an error
//   hang:<function>   that function never returns
// Every stand-in reads the same list and acts on its own functions, so a
// function name another stand-in exports is accepted here. `problem` names
// the first entry that is none of the three forms.
struct Faults {
  bool corrupt_copy = false;
  std::set<std::string, std::less<>> errors;
  std::set<std::string, std::less<>> hangs;
  std::string problem;
};

inline Faults parse_faults(std::string_view text) {
  Faults faults;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view entry = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (entry.empty()) continue;
    if (entry == "corrupt_copy") {
      faults.corrupt_copy = true;
    } else if (entry.starts_with("error:") && entry.size() > 6) {
      faults.errors.emplace(entry.substr(6));
    } else if (entry.starts_with("hang:") && entry.size() > 5) {
      faults.hangs.emplace(entry.substr(5));
    } else if (faults.problem.empty()) {
      faults.problem = "unknown fault '" + std::string(entry) +
                       "' in ACCELBENCH_STANDIN_ASCEND_FAULT (corrupt_copy, error:<function>, "
                       "hang:<function>)";
    }
  }
  return faults;
}

// The process's fault list, read once.
inline const Faults& faults() {
  static const Faults parsed = [] {
    const char* text = std::getenv("ACCELBENCH_STANDIN_ASCEND_FAULT");
    return parse_faults(text ? text : "");
  }();
  return parsed;
}

// Called first by every exported function: never returns when `function` is
// to hang; true when it is to fail.
inline bool fault_injected(std::string_view function) {
  const Faults& list = faults();
  if (list.hangs.contains(function)) {
    for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
  }
  return list.errors.contains(function);
}

}  // namespace accelbench::standin

// Exported by the libascendcl.so stand-in for libnnopbase.so and libopapi.so
// (which link it, as CANN's link the real one).
extern "C" {
// Sets this thread's message for aclGetRecentErrMsg ("accelbench stand-in: "
// is put in front).
void accelbench_standin_acl_set_error(const char* message);
// The device whose memory holds all of [pointer, pointer + bytes), or -1.
int accelbench_standin_acl_device_of(const void* pointer, std::size_t bytes);
// 1 for a stream aclrtCreateStream made and nobody destroyed, or null (the
// default stream); 0 otherwise.
int accelbench_standin_acl_stream_exists(void* stream);
}
