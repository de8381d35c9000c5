#include "isolation.h"

#include "child_process.h"
#include "instance_record.h"
#include "json_input.h"
#include "units.h"

namespace accelbench {

InstanceResult run_isolated(Instance instance, const Injection& injection, double timeout_s) {
  InstanceResult result;
  result.instance = instance;
  const ChildOutcome child = run_in_child(
      [&] { return to_record(run_instance(std::move(instance), injection)).dump(); }, timeout_s);

  if (!child.spawn_error.empty()) {
    result.status = Status::kFailed;
    result.reason = "cannot isolate: " + child.spawn_error;
  } else if (child.timed_out) {
    result.status = Status::kTimeout;
    result.reason = "no result within the watchdog's " +
                    format_quantity(timeout_s, "s", number_format::kFull) +
                    "; the child process was killed";
  } else if (child.signal) {
    result.status = Status::kCrashed;
    result.reason = "crashed(" + signal_text(*child.signal) + ")";
  } else if (child.exit_code != 0 || child.output.empty()) {
    result.status = Status::kFailed;
    result.reason =
        "the child process exited with code " + std::to_string(child.exit_code) + " and no result";
  } else {
    try {
      apply_record(parse_json(child.output, "the isolated child's answer"), result);
    } catch (const std::exception& e) {
      result.status = Status::kFailed;
      result.reason = std::string("unreadable result from the child process: ") + e.what();
    }
  }
  return result;
}

}  // namespace accelbench
