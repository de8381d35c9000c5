// Point to point between rank pairs, by the OSU micro-benchmarks' conventions:
//
//   comm/p2p_latency      ping-pong; one-way latency = round trip / 2 (ns)
//   comm/p2p_bandwidth    windows of 64 non-blocking sends, the receiver acks
//                         each window; bytes = size x 64 x windows (GB/s)
//   comm/p2p_bibandwidth  both ranks send a window to each other at once;
//                         the bytes of both directions are counted (GB/s)
//   comm/message_rate     every rank paired (r with r + n/2), 64-message
//                         windows of small messages; million messages per
//                         second over all pairs
//
// pair "A-B" chooses the ranks; latency and bandwidth run on every pair at
// their default sizes, so a slow node or link stands out in the matrix the
// analysis draws, and sweep sizes on the pair of rank 0 and the last rank
// (most likely on another node). Every message carries the sender's random
// bytes; the receiver's buffer is checked byte for byte.
#pragma once

#include <accelbench/benchmark.h>

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace accelbench::p2p {

enum class Pattern { kLatency, kBandwidth, kBibandwidth, kMessageRate };
inline constexpr Pattern kPatterns[] = {Pattern::kLatency, Pattern::kBandwidth,
                                        Pattern::kBibandwidth, Pattern::kMessageRate};
inline constexpr int kWindow = 64;

std::string_view pattern_name(Pattern pattern);  // "p2p_latency", ...

// "A-B" of two different ranks below `ranks`; throws a usage error otherwise.
std::pair<int, int> pair(const Params& params, int ranks);
// At least 8 B; throws a usage error otherwise.
std::int64_t message_bytes(const Params& params);

// Round trips (latency) or windows (the others) per iteration: enough to move
// about 4 MiB, within [10, 1000] round trips or [1, 100] windows.
int repeats(Pattern pattern, std::int64_t bytes);

// The instances for a job of `ranks` ranks (none below 2 ranks).
std::vector<Params> sweep(Pattern pattern, int ranks, Suite suite);

Work work(Pattern pattern, std::int64_t bytes, int ranks);

// The bytes rank `sender` sends: random, from a hash of (sender, index).
void fill_message(int sender, std::span<std::byte> message);
// `received` must hold exactly what `sender` sends.
Verification verify_message(int sender, std::span<const std::byte> received);

// A rank that receives no data keeps kCanaryBytes of kUnwritten, which must
// stay intact (nothing wrote to it).
inline constexpr std::byte kUnwritten{0xee};
inline constexpr std::size_t kCanaryBytes = 8;
Verification verify_canary(std::span<const std::byte> canary);

// The pair matrix at the default size (p2p_latency or p2p_bandwidth): every
// pair's median, and beside it OSU's figure (SweepPoint::at_mean_time: the
// mean latency); the slowest pair named against the median pair.
nlohmann::ordered_json analyze(Pattern pattern, int ranks, const std::vector<SweepPoint>& points);

// The spec of each pattern's benchmark id, shared by every backend.
const Spec& spec(Pattern pattern);

}  // namespace accelbench::p2p
