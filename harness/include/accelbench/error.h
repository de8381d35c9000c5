// The one error type of accelbench. Backend calls go through a check macro
// that keeps the call text, file and line and throws; the runner turns the
// error into a status (skipped, failed) and the CLI into an exit code. Nothing
// below main() exits the process.
#pragma once

#include <stdexcept>
#include <string>

namespace accelbench {

enum class ErrorKind {
  kUsage,        // bad command line or input: exit code 2
  kUnsupported,  // this benchmark cannot run here: status skipped(reason)
  kFailure,      // a backend call or benchmark failed: status failed(error)
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

inline Error usage_error(const std::string& message) { return Error(ErrorKind::kUsage, message); }
inline Error unsupported(const std::string& reason) {
  return Error(ErrorKind::kUnsupported, reason);
}
inline Error failure(const std::string& message) { return Error(ErrorKind::kFailure, message); }

}  // namespace accelbench

#define ACCELBENCH_STRINGIFY_DETAIL(x) #x
#define ACCELBENCH_STRINGIFY(x) ACCELBENCH_STRINGIFY_DETAIL(x)

// Throws a failure naming the condition, file and line when `condition` is
// false. Backends define their own macros on top of this for API status codes.
#define ACCELBENCH_CHECK(condition, message)                                                      \
  do {                                                                                            \
    if (!(condition)) {                                                                           \
      throw ::accelbench::failure(std::string(message) + " (" #condition " failed at " __FILE__   \
                                                         ":" ACCELBENCH_STRINGIFY(__LINE__) ")"); \
    }                                                                                             \
  } while (false)
