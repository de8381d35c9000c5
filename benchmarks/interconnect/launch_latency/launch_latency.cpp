#include "launch_latency.h"

namespace accelbench::launch_latency {

Work work() {
  Work w;
  w.operations = kLaunchesPerIteration;
  w.convention = std::to_string(kLaunchesPerIteration) +
                 " launches of a one-work-item kernel per iteration, each waited for; ns per "
                 "launch from queued to end";
  return w;
}

Verification verify(std::uint64_t word, std::uint64_t launches) {
  Verification v =
      check_scalar(static_cast<double>(word), static_cast<double>(launches), 0,
                   "the counter every launch increments vs the number of launches (exact)");
  v.bytes_checked = sizeof word;
  return v;
}

Definition definition(const std::string& backend, Timer timer, const std::string& summary,
                      std::function<std::unique_ptr<Case>(const Device&)> make_case) {
  Definition d;
  d.id = "interconnect/launch_latency";
  d.backend = backend;
  d.claim = Claim::kInterconnect;
  d.metric = MetricKind::kLatency;
  d.spec = &spec();
  d.timer = timer;
  d.summary = summary;
  d.instances = [](const Device&, Suite) { return std::vector<Params>{Params{}}; };
  d.make_case = [make_case](const Device& device, const Params&) { return make_case(device); };
  return d;
}

const Spec& spec() {
  static const Spec kSpec{
      .id = "interconnect/launch_latency",
      .claim = Claim::kInterconnect,
      .link = Link::kHostDevice,
      .metric = MetricKind::kLatency,
      .compare_class = CompareClass::kInterconnect,
      .convention = "ns per launch of a one-work-item kernel, each waited for, from queued to end",
      .parameters = {},
      .how = {},
      .sweep = {},
      .footprint = {},
  };
  return kSpec;
}

}  // namespace accelbench::launch_latency
