// One collective instance on one rank, shared by every collective library
// (MPI and NCCL today; RCCL or HCCL later), as nccl-tests splits a
// per-collective descriptor from the driver that owns buffers, timing and
// checking. A library supplies only a Library: two buffers in its memory and
// "run this operation on them". The run owns the rest: the layout and
// operation count per timed iteration of the parameters, every rank's input
// data and the result's sentinel, the in-place restore, the host mirror of
// the result (fetched once per result) and its exact verification, the
// iteration's work and the details. Timing across the ranks and the
// straggler statistics are mpi::CommCase's (collective_case.h).
#pragma once

#include <accelbench/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "collectives.h"

namespace accelbench::collectives {

// One operation as a library runs it: `elements` floats in the buffer S
// describes, `chunk` floats per rank where the collective splits it. In place
// (allreduce, allgather, reduce_scatter), the input is already in the result
// buffer where the library expects it (allgather: at rank x chunk; the others:
// at the start). Broadcast's root is rank 0, whose result buffer holds its input.
struct Operation {
  Collective collective = Collective::kAllreduce;
  bool in_place = false;
  std::size_t elements = 0;
  std::size_t chunk = 0;
  int rank = 0;
  int ranks = 1;
};

// How a library's operations complete, which decides an in-place iteration.
enum class Completion {
  // Blocking calls (MPI): an in-place iteration is one operation on the
  // restored input, and its result is the one verified.
  kBlocking,
  // Queued on a stream and waited for once per iteration (NCCL): in place
  // runs out-of-place's operation count so that the wait weighs the same,
  // and the result is verified on a separate pass before the first
  // iteration (restore, one operation, the result read back).
  kQueued,
};

// Where an in-place reduce_scatter leaves this rank's chunk in the result
// buffer: at the start (MPI_IN_PLACE) or at rank x chunk (NCCL: recvbuff =
// sendbuff + rank x recvcount).
enum class InPlaceChunk { kAtStart, kAtRankOffset };

struct LibraryTraits {
  Completion completion = Completion::kBlocking;
  InPlaceChunk in_place_chunk = InPlaceChunk::kAtStart;
  std::string name;  // details.library ("NCCL"); empty: not reported
};

// What a collective library provides. Every call returns when its work is
// done, except issue(), whose operations complete() waits for.
class Library {
 public:
  virtual ~Library() = default;
  virtual LibraryTraits traits() const = 0;
  // Allocates the input and result buffers with these contents.
  virtual void load(std::span<const float> input, std::span<const float> result) = 0;
  // Copies the input buffer into the result buffer from element `offset`.
  virtual void restore(std::size_t offset) = 0;
  // Starts one operation (runs it, for a blocking library).
  virtual void issue(const Operation& operation) = 0;
  // Returns when every issued operation is complete.
  virtual void complete() = 0;
  // The whole result buffer into `host` (sized as the result given to load).
  virtual void read(std::span<float> host) = 0;
};

class CollectiveRun {
 public:
  // Checks the parameters (message_bytes, in_place): a usage error for bad
  // values, unsupported when the size holds less than one fp32 per rank.
  CollectiveRun(Collective collective, const Params& params, int rank, int ranks,
                std::unique_ptr<Library> library);

  Collective collective() const { return collective_; }
  bool in_place() const { return in_place_; }
  const Layout& layout() const { return layout_; }
  // Operations per timed iteration (1000 barriers; see repeats()).
  int operations_per_iteration() const { return operations_; }

  Work work() const;
  // The details: collective, in place, bus factor, data type (and library).
  nlohmann::ordered_json describe() const;

  // Untimed: this rank's input and the result's sentinel, loaded.
  void setup();
  // Untimed, before each iteration on every rank: the in-place input
  // restored (and, for a queued library, the verification pass first).
  void prepare();
  // The timed body: the iteration's operations, complete when it returns.
  void measured();

  // This rank's result against the exact expected values (not the barrier).
  Verification verify_result();
  // The barrier: the barriers this rank passed against the most (and the
  // fewest) any rank passed.
  std::uint64_t barriers() const { return barriers_; }
  Verification verify_barriers(std::uint64_t fewest, std::uint64_t most) const;
  // The bytes verification reads: the result's host mirror (the barrier count).
  std::span<std::byte> result_bytes();

 private:
  Operation operation() const;
  std::size_t restore_offset() const;
  // The result into the mirror, this rank's chunk first for reduce_scatter.
  void read_result();
  void fetch();

  Collective collective_;
  int rank_;
  int ranks_;
  bool in_place_;
  Layout layout_;
  std::unique_ptr<Library> library_;
  LibraryTraits traits_;
  int operations_;
  std::vector<float> result_host_;
  std::uint64_t barriers_ = 0;
  bool fetched_ = false;
  bool verification_pass_done_ = false;
};

}  // namespace accelbench::collectives
