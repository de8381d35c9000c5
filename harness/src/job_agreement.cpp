#include "job_agreement.h"

#include <accelbench/error.h>

#include <string>

namespace accelbench {
namespace {

// What a rank passes to the others: "" when its step passed, else the
// error's kind (one character) and message.
char kind_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage:
      return 'U';
    case ErrorKind::kUnsupported:
      return 'S';
    case ErrorKind::kFailure:
      return 'F';
  }
  return 'F';
}

ErrorKind kind_of_code(char code) {
  return code == 'U'   ? ErrorKind::kUsage
         : code == 'S' ? ErrorKind::kUnsupported
                       : ErrorKind::kFailure;
}

}  // namespace

void on_every_rank_or_none(Job& job, const std::function<void()>& step) {
  std::string outcome;
  try {
    step();
  } catch (const Error& e) {
    outcome = std::string(1, kind_code(e.kind())) + e.what();
  } catch (const std::exception& e) {
    outcome = std::string(1, kind_code(ErrorKind::kFailure)) + e.what();
  }
  const auto outcomes = job.all_gather(outcome);
  for (std::size_t r = 0; r < outcomes.size(); ++r) {
    if (outcomes[r].empty()) continue;
    const std::string message = outcomes[r].substr(1);
    throw Error(kind_of_code(outcomes[r][0]),
                outcomes.size() > 1 ? "rank " + std::to_string(r) + ": " + message : message);
  }
}

}  // namespace accelbench
