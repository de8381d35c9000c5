#include "isolation.h"

#include <cstdio>

#include "child_process.h"
#include "instance_record.h"
#include "json_input.h"

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
    char text[128];
    std::snprintf(text, sizeof text,
                  "no result within the watchdog's %g s; the child process was killed", timeout_s);
    result.reason = text;
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
