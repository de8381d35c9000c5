// comm/{allreduce,allgather,reduce_scatter,alltoall,broadcast,barrier}:
// collective operations across the ranks of a job, over a message-size sweep.
//
// message_bytes is S as nccl-tests defines it: allreduce and broadcast, the
// buffer each rank holds; allgather, the gathered result; reduce_scatter, the
// input each rank reduces; alltoall, what each rank sends in all. The data type
// is fp32. Metrics: algbw = S / t in GB/s (t: the slowest rank's time), and in
// the analysis busbw = algbw x F(n), with F = 2(n-1)/n for allreduce,
// (n-1)/n for allgather, reduce_scatter and alltoall, 1 for broadcast;
// barrier: ns per barrier.
//
// Verification is exact: element i of rank r's input is an integer in
// [1, 255] from a hash of (r, i), so sums over up to 65 793 ranks are exact in
// fp32 (n x 255 < 2^24). Beyond that a sum cannot be guaranteed exact and the
// run is reported unverified, never checked with a tolerance.
#pragma once

#include <accelbench/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

namespace accelbench::collectives {

enum class Collective { kAllreduce, kAllgather, kReduceScatter, kAlltoall, kBroadcast, kBarrier };
inline constexpr Collective kCollectives[] = {Collective::kAllreduce,     Collective::kAllgather,
                                              Collective::kReduceScatter, Collective::kAlltoall,
                                              Collective::kBroadcast,     Collective::kBarrier};

std::string_view collective_name(Collective collective);

// Whether MPI_IN_PLACE changes the operation (allreduce, allgather,
// reduce_scatter).
bool has_in_place(Collective collective);

// nccl-tests' bus bandwidth factor F(n), and its formula as text.
double bus_factor(Collective collective, int ranks);
std::string bus_factor_formula(Collective collective);

// Element counts for S = message_bytes on `ranks` ranks: `elements`, the
// buffer S describes, and `chunk`, one rank's share where the collective splits
// it (allgather, reduce_scatter, alltoall: S / n rounded down to whole
// elements). Throws unsupported when S holds less than one element per rank.
struct Layout {
  std::int64_t elements = 0;
  std::int64_t chunk = 0;
  std::int64_t bytes() const { return elements * 4; }
};
Layout layout(Collective collective, std::int64_t message_bytes, int ranks);

// 8 B to 64 MiB (x 4 steps in quick, x 2 in full), out of place; in place at
// the smallest and largest size (every size in full). Barrier: one instance.
std::vector<Params> sweep(Collective collective, Suite suite);

// Operations per timed iteration: enough to move about 4 MiB, between 1 and
// 1000 (so the barrier and the time reduction around an iteration stay small
// against it); barrier: 1000; in place: 1 (the input is restored before each).
int repeats(Collective collective, const Layout& layout, bool in_place);

Work work(Collective collective, const Layout& layout, int ranks, bool in_place);

// Element i of rank r's input: an integer in [1, 255], exact in fp32.
float input_value(int rank, std::uint64_t i);

// Whether sums over `ranks` ranks of inputs are exact in fp32.
bool sums_exact(int ranks);

// What rank `rank` must hold in element i of its result.
float expected_value(Collective collective, const Layout& layout, int rank, int ranks,
                     std::uint64_t i);

// This rank's result against expected_value, exactly; unverified (with the
// reason) when a sum cannot be exact.
Verification verify(Collective collective, const Layout& layout, int rank, int ranks,
                    std::span<const float> result);

// busbw per size and the time per operation (from the median iteration and
// from the mean iteration time, as OSU and nccl-tests report it), the latency
// at the smallest size in the summary, from the sweep.
nlohmann::ordered_json analyze(Collective collective, int ranks,
                               const std::vector<SweepPoint>& points);

// The spec of each collective's benchmark id, shared by every backend.
const Spec& spec(Collective collective);

}  // namespace accelbench::collectives
