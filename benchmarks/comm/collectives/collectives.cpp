#include "collectives.h"

#include <accelbench/random_data.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "collective_run.h"

namespace accelbench::collectives {
namespace {

constexpr std::int64_t kSmallest = 8;
constexpr std::int64_t kLargest = 64 << 20;
constexpr int kLargestInput = 255;
constexpr double kExactLimit = 16777216.0;  // 2^24: integers exact in fp32
constexpr float kSentinel = -1;             // what an operation that never ran leaves

}  // namespace

std::string_view collective_name(Collective collective) {
  switch (collective) {
    case Collective::kAllreduce:
      return "allreduce";
    case Collective::kAllgather:
      return "allgather";
    case Collective::kReduceScatter:
      return "reduce_scatter";
    case Collective::kAlltoall:
      return "alltoall";
    case Collective::kBroadcast:
      return "broadcast";
    case Collective::kBarrier:
      return "barrier";
  }
  return "unknown";
}

bool has_in_place(Collective collective) {
  return collective == Collective::kAllreduce || collective == Collective::kAllgather ||
         collective == Collective::kReduceScatter;
}

double bus_factor(Collective collective, int ranks) {
  const double n = ranks;
  switch (collective) {
    case Collective::kAllreduce:
      return 2 * (n - 1) / n;
    case Collective::kAllgather:
    case Collective::kReduceScatter:
    case Collective::kAlltoall:
      return (n - 1) / n;
    case Collective::kBroadcast:
      return 1;
    case Collective::kBarrier:
      return 0;
  }
  return 0;
}

std::string bus_factor_formula(Collective collective) {
  switch (collective) {
    case Collective::kAllreduce:
      return "2(n-1)/n";
    case Collective::kAllgather:
    case Collective::kReduceScatter:
    case Collective::kAlltoall:
      return "(n-1)/n";
    case Collective::kBroadcast:
      return "1";
    case Collective::kBarrier:
      return "none";
  }
  return "";
}

Layout layout(Collective collective, std::int64_t message_bytes, int ranks) {
  Layout l;
  if (collective == Collective::kBarrier) return l;
  const std::int64_t elements = message_bytes / 4;
  switch (collective) {
    case Collective::kAllgather:
    case Collective::kReduceScatter:
    case Collective::kAlltoall:
      l.chunk = elements / ranks;
      l.elements = l.chunk * ranks;
      break;
    default:
      l.elements = elements;
      l.chunk = elements;
  }
  if (l.chunk < 1) {
    throw unsupported(std::to_string(message_bytes) +
                      " B hold less than one fp32 element per rank (" + std::to_string(ranks) +
                      " ranks)");
  }
  return l;
}

std::vector<Params> sweep(Collective collective, Suite suite) {
  if (collective == Collective::kBarrier) return {Params{}};
  const std::int64_t factor = suite == Suite::kQuick ? 4 : 2;
  std::vector<std::int64_t> sizes;
  for (std::int64_t bytes = kSmallest; bytes < kLargest; bytes *= factor) sizes.push_back(bytes);
  sizes.push_back(kLargest);
  std::vector<Params> points;
  const auto add = [&](std::int64_t bytes, int in_place) {
    Params p;
    p.set("message_bytes", bytes);
    if (has_in_place(collective)) p.set("in_place", in_place);
    points.push_back(p);
  };
  for (std::int64_t bytes : sizes) add(bytes, 0);
  if (has_in_place(collective)) {
    if (suite == Suite::kQuick) {
      add(sizes.front(), 1);
      add(sizes.back(), 1);
    } else {
      for (std::int64_t bytes : sizes) add(bytes, 1);
    }
  }
  return points;
}

int repeats(Collective collective, const Layout& layout, bool in_place) {
  constexpr std::int64_t kBytesPerIteration = 4 << 20;
  constexpr std::int64_t kMost = 1000;
  if (collective == Collective::kBarrier) return kMost;
  if (in_place) return 1;
  return static_cast<int>(std::clamp<std::int64_t>(kBytesPerIteration / layout.bytes(), 1, kMost));
}

Work work(Collective collective, const Layout& layout, int ranks, bool in_place) {
  Work w;
  const int n = repeats(collective, layout, in_place);
  if (collective == Collective::kBarrier) {
    w.operations = n;
    w.convention = std::to_string(n) + " MPI_Barrier per iteration; the slowest rank's time";
    return w;
  }
  w.bytes = static_cast<double>(layout.bytes()) * n;
  char factor[32];
  std::snprintf(factor, sizeof factor, "%.4g", bus_factor(collective, ranks));
  w.convention =
      std::to_string(n) + (in_place ? " in-place" : "") +
      " operation(s) per iteration; algbw = S / t, S = " + std::to_string(layout.bytes()) +
      " B (nccl-tests' S for " + std::string(collective_name(collective)) +
      "), t = the slowest rank's time; busbw = algbw x " + bus_factor_formula(collective) +
      " = algbw x " + factor + " for n = " + std::to_string(ranks);
  return w;
}

float input_value(int rank, std::uint64_t i) {
  const std::uint64_t h = splitmix64(splitmix64(static_cast<std::uint64_t>(rank) + 0xc011) ^ i);
  return static_cast<float>(1 + h % kLargestInput);
}

bool sums_exact(int ranks) { return static_cast<double>(ranks) * kLargestInput < kExactLimit; }

float expected_value(Collective collective, const Layout& l, int rank, int ranks, std::uint64_t i) {
  const auto chunk = static_cast<std::uint64_t>(l.chunk);
  switch (collective) {
    case Collective::kAllreduce: {
      float sum = 0;
      for (int q = 0; q < ranks; ++q) sum += input_value(q, i);
      return sum;
    }
    case Collective::kAllgather:
      return input_value(static_cast<int>(i / chunk), i % chunk);
    case Collective::kReduceScatter: {
      float sum = 0;
      for (int q = 0; q < ranks; ++q) {
        sum += input_value(q, static_cast<std::uint64_t>(rank) * chunk + i);
      }
      return sum;
    }
    case Collective::kAlltoall:
      return input_value(static_cast<int>(i / chunk),
                         static_cast<std::uint64_t>(rank) * chunk + i % chunk);
    case Collective::kBroadcast:
      return input_value(0, i);
    case Collective::kBarrier:
      break;
  }
  return 0;
}

Verification verify(Collective collective, const Layout& l, int rank, int ranks,
                    std::span<const float> result) {
  const bool sums =
      collective == Collective::kAllreduce || collective == Collective::kReduceScatter;
  if (sums && !sums_exact(ranks)) {
    Verification v;
    v.outcome = Verification::Outcome::kUnverified;
    v.method = "exact sums of integer inputs";
    v.note = std::to_string(ranks) +
             " ranks x inputs up to 255 exceed 2^24: an fp32 sum is "
             "no longer exact, and a tolerance would hide real errors";
    return v;
  }
  std::vector<double> as_double(result.begin(), result.end());
  return check_elements(
      as_double,
      [&](std::uint64_t i) {
        return static_cast<double>(expected_value(collective, l, rank, ranks, i));
      },
      0, "every element of this rank's result vs the exact expected value");
}

nlohmann::ordered_json analyze(Collective collective, int ranks,
                               const std::vector<SweepPoint>& points) {
  const double factor = bus_factor(collective, ranks);
  nlohmann::ordered_json sizes = nlohmann::ordered_json::array();
  std::map<std::int64_t, const SweepPoint*> out_of_place;
  for (const auto& p : points) {
    if (!p.params.has("message_bytes")) continue;
    if (p.params.has("in_place") && p.params.integer("in_place") == 1) continue;
    out_of_place[p.params.integer("message_bytes")] = &p;
  }
  // Time per operation: S / algbw, from the median iteration and (as OSU and
  // nccl-tests report it) from the mean iteration time.
  const auto time_us = [](std::int64_t bytes, double algbw) {
    return static_cast<double>(bytes) / (algbw * 1e9) * 1e6;
  };
  std::string summary;
  for (const auto& [bytes, point] : out_of_place) {
    sizes.push_back({{"message_bytes", bytes},
                     {"algbw_gbytes_per_s", point->median},
                     {"busbw_gbytes_per_s", point->median * factor},
                     {"time_us", time_us(bytes, point->median)},
                     {"mean_time_us", time_us(bytes, point->at_mean_time)}});
  }
  if (!out_of_place.empty()) {
    const std::int64_t small_bytes = out_of_place.begin()->first;
    const SweepPoint& small = *out_of_place.begin()->second;
    const std::int64_t large_bytes = out_of_place.rbegin()->first;
    const double large_algbw = out_of_place.rbegin()->second->median;
    char text[300];
    std::snprintf(text, sizeof text,
                  "busbw factor %s = %.4g (n = %d); latency at %lld B: median %.3g us, mean %.3g "
                  "us; busbw %.4g GB/s at %lld B (median)",
                  bus_factor_formula(collective).c_str(), factor, ranks,
                  static_cast<long long>(small_bytes), time_us(small_bytes, small.median),
                  time_us(small_bytes, small.at_mean_time), large_algbw * factor,
                  static_cast<long long>(large_bytes));
    summary = text;
  }
  return {{"summary", summary.empty() ? "no out-of-place size measured" : summary},
          {"bus_factor", factor},
          {"bus_factor_formula", bus_factor_formula(collective)},
          {"ranks", ranks},
          {"time_statistics",
           "time_us from the median iteration; mean_time_us from the mean iteration time (OSU, "
           "nccl-tests)"},
          {"sizes", sizes}};
}

CollectiveRun::CollectiveRun(Collective collective, const Params& params, int rank, int ranks,
                             std::unique_ptr<Library> library)
    : collective_(collective),
      rank_(rank),
      ranks_(ranks),
      in_place_(has_in_place(collective) && params.integer_in("in_place", 0, 1) == 1),
      layout_(collective == Collective::kBarrier
                  ? Layout{}
                  : collectives::layout(collective, params.integer("message_bytes"), ranks)),
      library_(std::move(library)),
      traits_(library_->traits()),
      operations_(
          repeats(collective, layout_, in_place_ && traits_.completion == Completion::kBlocking)) {}

Work CollectiveRun::work() const {
  if (traits_.completion == Completion::kBlocking || !in_place_) {
    return collectives::work(collective_, layout_, ranks_, in_place_);
  }
  Work w = collectives::work(collective_, layout_, ranks_, false);
  w.convention =
      "in place (input restored before each iteration, untimed; verified on a separate pass): " +
      w.convention;
  return w;
}

nlohmann::ordered_json CollectiveRun::describe() const {
  nlohmann::ordered_json out = {{"collective", std::string(collective_name(collective_))},
                                {"in_place", in_place_},
                                {"bus_factor", bus_factor(collective_, ranks_)},
                                {"bus_factor_formula", bus_factor_formula(collective_)},
                                {"data_type", "fp32"}};
  if (!traits_.name.empty()) out["library"] = traits_.name;
  return out;
}

Operation CollectiveRun::operation() const {
  return {collective_,
          in_place_,
          static_cast<std::size_t>(layout_.elements),
          static_cast<std::size_t>(layout_.chunk),
          rank_,
          ranks_};
}

void CollectiveRun::setup() {
  if (collective_ == Collective::kBarrier) return;
  const auto n = static_cast<std::size_t>(layout_.elements);
  const auto chunk = static_cast<std::size_t>(layout_.chunk);
  const std::size_t input_count = collective_ == Collective::kAllgather ? chunk : n;
  // In place, the result buffer holds the input too: reduce_scatter's is
  // full-size.
  const std::size_t result_count =
      collective_ == Collective::kReduceScatter && !in_place_ ? chunk : n;
  std::vector<float> input(input_count);
  for (std::size_t i = 0; i < input_count; ++i) input[i] = input_value(rank_, i);
  std::vector<float> result(result_count, kSentinel);
  if (collective_ == Collective::kBroadcast && rank_ == 0) result = input;
  library_->load(input, result);
  result_host_.resize(result_count);
}

std::size_t CollectiveRun::restore_offset() const {
  return collective_ == Collective::kAllgather
             ? static_cast<std::size_t>(rank_) * static_cast<std::size_t>(layout_.chunk)
             : 0;
}

void CollectiveRun::prepare() {
  if (!in_place_) return;
  library_->restore(restore_offset());
  if (traits_.completion == Completion::kBlocking || verification_pass_done_) return;
  library_->issue(operation());
  library_->complete();
  read_result();
  verification_pass_done_ = true;
  library_->restore(restore_offset());
}

void CollectiveRun::measured() {
  const Operation op = operation();
  for (int i = 0; i < operations_; ++i) {
    library_->issue(op);
    if (collective_ == Collective::kBarrier) ++barriers_;
  }
  library_->complete();
  if (!in_place_ || traits_.completion == Completion::kBlocking) fetched_ = false;
}

void CollectiveRun::read_result() {
  library_->read(result_host_);
  if (collective_ == Collective::kReduceScatter && in_place_ &&
      traits_.in_place_chunk == InPlaceChunk::kAtRankOffset) {
    const auto chunk = static_cast<std::size_t>(layout_.chunk);
    std::copy_n(result_host_.begin() + static_cast<std::ptrdiff_t>(rank_ * chunk), chunk,
                result_host_.begin());
  }
  fetched_ = true;
}

// Out of place (and in place on a blocking library): the last timed
// operation's result, read once. In place on a queued library: the
// verification pass's.
void CollectiveRun::fetch() {
  if (in_place_ && traits_.completion == Completion::kQueued) {
    if (!verification_pass_done_) {
      throw failure("in-place result read before its verification pass");
    }
    return;
  }
  if (!fetched_) read_result();
}

Verification CollectiveRun::verify_result() {
  fetch();
  std::span<const float> result(result_host_);
  if (collective_ == Collective::kReduceScatter) {
    result = result.first(static_cast<std::size_t>(layout_.chunk));
  }
  return verify(collective_, layout_, rank_, ranks_, result);
}

Verification CollectiveRun::verify_barriers(std::uint64_t fewest, std::uint64_t most) const {
  Verification v = check_scalar(static_cast<double>(barriers_), static_cast<double>(most), 0,
                                "barriers passed by this rank vs the most any rank passed");
  if (fewest != most) v.note = "ranks passed different numbers of barriers";
  return v;
}

std::span<std::byte> CollectiveRun::result_bytes() {
  if (collective_ == Collective::kBarrier) return std::as_writable_bytes(std::span(&barriers_, 1));
  fetch();
  return std::as_writable_bytes(std::span(result_host_));
}

// Memory on each rank: input and output of message_bytes (one buffer in place).
Footprint footprint(const Params& params) {
  if (!params.has("message_bytes")) return {};  // barrier
  const bool in_place = params.has("in_place") && params.integer("in_place") == 1;
  return {(in_place ? 1.0 : 2.0) * static_cast<double>(params.integer("message_bytes"))};
}

const Spec& spec(Collective collective) {
  static const std::array<Spec, std::size(kCollectives)> specs = [] {
    std::array<Spec, std::size(kCollectives)> out;
    for (Collective c : kCollectives) {
      const bool barrier = c == Collective::kBarrier;
      out[static_cast<std::size_t>(c)] = {
          .id = "comm/" + std::string(collective_name(c)),
          .claim = Claim::kInterconnect,
          .link = Link::kCollective,
          .metric = barrier ? MetricKind::kLatency : MetricKind::kBandwidth,
          .compare_class = CompareClass::kInterconnect,
          .convention = barrier ? "ns per MPI_Barrier; the slowest rank's time"
                                : "nccl-tests: algbw = S / t (S: the message, or the whole "
                                  "array for allgather, reduce_scatter, alltoall; t: the "
                                  "slowest rank's time); busbw = algbw x the collective's factor",
          .parameters = {"message_bytes", "in_place"},
          .how = {"in_place"},
          .sweep = barrier ? Sweep{} : Sweep{"message_bytes", SweepHeadline::kPeak},
          .footprint = barrier ? FootprintFunction{} : FootprintFunction{footprint},
      };
    }
    return out;
  }();
  return specs[static_cast<std::size_t>(collective)];
}

}  // namespace accelbench::collectives
