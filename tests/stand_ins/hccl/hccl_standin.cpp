// A test stand-in for HCCL's libhccl.so, never a measurement: the functions
// of hccl_api.h implemented over MPI on the host. The stand-in AscendCL's
// device memory is host memory and its streams run work at enqueue, so every
// collective here runs at once, synchronously, with MPI on a duplicate of
// MPI_COMM_WORLD made by HcclCommInitRootInfo (the caller has initialised MPI,
// as accelbench does under mpirun). Error strings say "stand-in".
//
// ACCELBENCH_STANDIN_ASCEND_FAULT (comma list, shared by every stand-in):
//   error:<function>     that function returns HCCL_E_INTERNAL
//   hang:<function>      that function sleeps forever
//   corrupt_collective   rank 1 flips a byte in the middle of every
//                        collective's receive buffer
// Other entries belong to the other stand-ins and are ignored here.
#include <mpi.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "hccl/hccl_api.h"

using namespace accelbench::hccl;

// Every exported function with hccl_api.h's signature: a definition below
// that differs is a compile error (two C functions of one name).
extern "C" {
#define ACCELBENCH_STANDIN_DECLARE(result, name, parameters) \
  __attribute__((visibility("default"))) result name parameters;
ACCELBENCH_HCCL_FUNCTIONS(ACCELBENCH_STANDIN_DECLARE)
ACCELBENCH_HCCL_OPTIONAL_FUNCTIONS(ACCELBENCH_STANDIN_DECLARE)
#undef ACCELBENCH_STANDIN_DECLARE
}

namespace {

constexpr std::string_view kRootInfoToken = "accelbench test stand-in HCCL root info";

// Whether ACCELBENCH_STANDIN_ASCEND_FAULT holds `entry`.
bool hccl_fault(std::string_view entry) {
  const char* faults = std::getenv("ACCELBENCH_STANDIN_ASCEND_FAULT");
  if (!faults) return false;
  std::string_view rest(faults);
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    if (rest.substr(0, comma) == entry) return true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return false;
}

// The injected outcome of `function`: hangs, or HCCL_E_INTERNAL, or success.
HcclResult injected(const char* function) {
  if (hccl_fault(std::string("hang:") + function)) {
    for (;;) pause();
  }
  return hccl_fault(std::string("error:") + function) ? HCCL_E_INTERNAL : HCCL_SUCCESS;
}

struct StandInComm {
  MPI_Comm comm = MPI_COMM_NULL;
  int rank = 0;
  int size = 1;
};

StandInComm* comm_of(HcclComm comm) { return static_cast<StandInComm*>(comm); }

// The MPI type of an element (0 size: not one the stand-in moves).
MPI_Datatype mpi_type(HcclDataType type) {
  switch (type) {
    case HCCL_DATA_TYPE_INT8:
      return MPI_INT8_T;
    case HCCL_DATA_TYPE_INT16:
      return MPI_INT16_T;
    case HCCL_DATA_TYPE_INT32:
      return MPI_INT32_T;
    case HCCL_DATA_TYPE_INT64:
      return MPI_INT64_T;
    case HCCL_DATA_TYPE_UINT8:
      return MPI_UINT8_T;
    case HCCL_DATA_TYPE_UINT16:
      return MPI_UINT16_T;
    case HCCL_DATA_TYPE_UINT32:
      return MPI_UINT32_T;
    case HCCL_DATA_TYPE_UINT64:
      return MPI_UINT64_T;
    case HCCL_DATA_TYPE_FP32:
      return MPI_FLOAT;
    case HCCL_DATA_TYPE_FP64:
      return MPI_DOUBLE;
    default:
      return MPI_DATATYPE_NULL;  // fp16 and bf16: MPI cannot add them
  }
}

MPI_Op mpi_op(HcclReduceOp op) {
  switch (op) {
    case HCCL_REDUCE_SUM:
      return MPI_SUM;
    case HCCL_REDUCE_PROD:
      return MPI_PROD;
    case HCCL_REDUCE_MAX:
      return MPI_MAX;
    case HCCL_REDUCE_MIN:
      return MPI_MIN;
  }
  return MPI_OP_NULL;
}

std::size_t type_bytes(MPI_Datatype type) {
  int bytes = 0;
  MPI_Type_size(type, &bytes);
  return static_cast<std::size_t>(bytes);
}

// The arguments every collective checks: a communicator, a type MPI moves, a
// count MPI can address.
HcclResult check_arguments(HcclComm comm, HcclDataType type, std::uint64_t count) {
  if (!comm) return HCCL_E_PTR;
  if (mpi_type(type) == MPI_DATATYPE_NULL) return HCCL_E_NOT_SUPPORT;
  if (count > static_cast<std::uint64_t>(INT_MAX)) return HCCL_E_NOT_SUPPORT;
  return HCCL_SUCCESS;
}

bool overlap(const void* a, std::size_t a_bytes, const void* b, std::size_t b_bytes) {
  const auto* x = static_cast<const char*>(a);
  const auto* y = static_cast<const char*>(b);
  return x < y + b_bytes && y < x + a_bytes;
}

// The receive buffer's middle byte flipped on rank 1 (corrupt_collective).
void corrupt_on_rank_one(const StandInComm& comm, void* buffer, std::size_t bytes) {
  if (comm.rank != 1 || bytes == 0 || !hccl_fault("corrupt_collective")) return;
  static_cast<unsigned char*>(buffer)[bytes / 2] ^= 0xFF;
}

HcclResult mpi_result(int status) { return status == MPI_SUCCESS ? HCCL_SUCCESS : HCCL_E_INTERNAL; }

}  // namespace

extern "C" {

HcclResult HcclGetRootInfo(HcclRootInfo* rootInfo) {
  if (const HcclResult fault = injected("HcclGetRootInfo")) return fault;
  if (!rootInfo) return HCCL_E_PTR;
  std::memset(rootInfo->internal, 0, sizeof rootInfo->internal);
  std::memcpy(rootInfo->internal, kRootInfoToken.data(), kRootInfoToken.size());
  return HCCL_SUCCESS;
}

HcclResult HcclCommInitRootInfo(std::uint32_t nRanks, const HcclRootInfo* rootInfo,
                                std::uint32_t rank, HcclComm* comm) {
  if (const HcclResult fault = injected("HcclCommInitRootInfo")) return fault;
  if (!rootInfo || !comm) return HCCL_E_PTR;
  if (std::string_view(rootInfo->internal, kRootInfoToken.size()) != kRootInfoToken) {
    return HCCL_E_PARA;  // not made by HcclGetRootInfo
  }
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) return HCCL_E_INTERNAL;  // the stand-in runs on the caller's MPI
  int world_rank = 0, world_size = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &world_size);
  // Checked before any communication, the same on every rank: no rank is
  // left waiting in the duplication below.
  if (nRanks != static_cast<std::uint32_t>(world_size) ||
      rank != static_cast<std::uint32_t>(world_rank)) {
    return HCCL_E_PARA;
  }
  auto* created = new StandInComm;
  if (MPI_Comm_dup(MPI_COMM_WORLD, &created->comm) != MPI_SUCCESS) {
    delete created;
    return HCCL_E_INTERNAL;
  }
  MPI_Comm_set_errhandler(created->comm, MPI_ERRORS_RETURN);
  created->rank = world_rank;
  created->size = world_size;
  *comm = created;
  return HCCL_SUCCESS;
}

HcclResult HcclAllReduce(void* sendBuf, void* recvBuf, std::uint64_t count, HcclDataType dataType,
                         HcclReduceOp op, HcclComm comm, aclrtStream) {
  if (const HcclResult fault = injected("HcclAllReduce")) return fault;
  if (const HcclResult bad = check_arguments(comm, dataType, count)) return bad;
  if (mpi_op(op) == MPI_OP_NULL) return HCCL_E_PARA;
  const StandInComm& c = *comm_of(comm);
  const MPI_Datatype type = mpi_type(dataType);
  const std::size_t bytes = count * type_bytes(type);
  std::vector<char> copy;
  const void* send = sendBuf;
  if (sendBuf == recvBuf) {
    send = MPI_IN_PLACE;
  } else if (overlap(sendBuf, bytes, recvBuf, bytes)) {
    copy.assign(static_cast<char*>(sendBuf), static_cast<char*>(sendBuf) + bytes);
    send = copy.data();
  }
  const int status =
      MPI_Allreduce(send, recvBuf, static_cast<int>(count), type, mpi_op(op), c.comm);
  corrupt_on_rank_one(c, recvBuf, bytes);
  return mpi_result(status);
}

HcclResult HcclAllGather(void* sendBuf, void* recvBuf, std::uint64_t sendCount,
                         HcclDataType dataType, HcclComm comm, aclrtStream) {
  if (const HcclResult fault = injected("HcclAllGather")) return fault;
  if (const HcclResult bad = check_arguments(comm, dataType, sendCount)) return bad;
  const StandInComm& c = *comm_of(comm);
  const MPI_Datatype type = mpi_type(dataType);
  const std::size_t bytes = sendCount * type_bytes(type);
  std::vector<char> copy;
  const void* send = sendBuf;
  if (overlap(sendBuf, bytes, recvBuf, bytes * static_cast<std::size_t>(c.size))) {
    copy.assign(static_cast<char*>(sendBuf), static_cast<char*>(sendBuf) + bytes);
    send = copy.data();
  }
  const int count = static_cast<int>(sendCount);
  const int status = MPI_Allgather(send, count, type, recvBuf, count, type, c.comm);
  corrupt_on_rank_one(c, recvBuf, bytes * static_cast<std::size_t>(c.size));
  return mpi_result(status);
}

HcclResult HcclReduceScatter(void* sendBuf, void* recvBuf, std::uint64_t recvCount,
                             HcclDataType dataType, HcclReduceOp op, HcclComm comm, aclrtStream) {
  if (const HcclResult fault = injected("HcclReduceScatter")) return fault;
  if (const HcclResult bad = check_arguments(comm, dataType, recvCount)) return bad;
  if (mpi_op(op) == MPI_OP_NULL) return HCCL_E_PARA;
  const StandInComm& c = *comm_of(comm);
  const MPI_Datatype type = mpi_type(dataType);
  const std::size_t bytes = recvCount * type_bytes(type);
  const std::size_t send_bytes = bytes * static_cast<std::size_t>(c.size);
  std::vector<char> copy;
  const void* send = sendBuf;
  if (overlap(sendBuf, send_bytes, recvBuf, bytes)) {
    copy.assign(static_cast<char*>(sendBuf), static_cast<char*>(sendBuf) + send_bytes);
    send = copy.data();
  }
  const int status = MPI_Reduce_scatter_block(send, recvBuf, static_cast<int>(recvCount), type,
                                              mpi_op(op), c.comm);
  corrupt_on_rank_one(c, recvBuf, bytes);
  return mpi_result(status);
}

HcclResult HcclAlltoAll(const void* sendBuf, std::uint64_t sendCount, HcclDataType sendType,
                        const void* recvBuf, std::uint64_t recvCount, HcclDataType recvType,
                        HcclComm comm, aclrtStream) {
  if (const HcclResult fault = injected("HcclAlltoAll")) return fault;
  if (const HcclResult bad = check_arguments(comm, sendType, sendCount)) return bad;
  if (sendType != recvType || sendCount != recvCount) return HCCL_E_PARA;
  const StandInComm& c = *comm_of(comm);
  const MPI_Datatype type = mpi_type(sendType);
  const std::size_t bytes = sendCount * type_bytes(type) * static_cast<std::size_t>(c.size);
  void* receive = const_cast<void*>(recvBuf);  // hccl.h declares it const; it is written
  std::vector<char> copy;
  const void* send = sendBuf;
  if (overlap(sendBuf, bytes, receive, bytes)) {
    copy.assign(static_cast<const char*>(sendBuf), static_cast<const char*>(sendBuf) + bytes);
    send = copy.data();
  }
  const int count = static_cast<int>(sendCount);
  const int status = MPI_Alltoall(send, count, type, receive, count, type, c.comm);
  corrupt_on_rank_one(c, receive, bytes);
  return mpi_result(status);
}

HcclResult HcclBroadcast(void* buf, std::uint64_t count, HcclDataType dataType, std::uint32_t root,
                         HcclComm comm, aclrtStream) {
  if (const HcclResult fault = injected("HcclBroadcast")) return fault;
  if (const HcclResult bad = check_arguments(comm, dataType, count)) return bad;
  const StandInComm& c = *comm_of(comm);
  if (root >= static_cast<std::uint32_t>(c.size)) return HCCL_E_PARA;
  const MPI_Datatype type = mpi_type(dataType);
  const int status = MPI_Bcast(buf, static_cast<int>(count), type, static_cast<int>(root), c.comm);
  corrupt_on_rank_one(c, buf, count * type_bytes(type));
  return mpi_result(status);
}

HcclResult HcclCommDestroy(HcclComm comm) {
  if (const HcclResult fault = injected("HcclCommDestroy")) return fault;
  if (!comm) return HCCL_E_PTR;
  StandInComm* c = comm_of(comm);
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Comm_free(&c->comm);
  delete c;
  return HCCL_SUCCESS;
}

const char* HcclGetErrorString(HcclResult code) {
  switch (code) {
    case HCCL_SUCCESS:
      return "success (HCCL test stand-in)";
    case HCCL_E_PARA:
      return "parameter error (HCCL test stand-in)";
    case HCCL_E_PTR:
      return "empty pointer (HCCL test stand-in)";
    case HCCL_E_INTERNAL:
      return "internal error (HCCL test stand-in)";
    case HCCL_E_NOT_SUPPORT:
      return "not supported by the HCCL test stand-in";
    default:
      return "error (HCCL test stand-in)";
  }
}

}  // extern "C"
