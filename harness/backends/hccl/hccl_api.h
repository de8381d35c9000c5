// HCCL (libhccl.so, CANN's collective communication library) as accelbench
// calls it, declared here: CANN is never a build dependency (the library is
// loaded at run time, hccl_library.h). Types, constants and signatures are
// written out as HCCL's public headers define them:
//   hccl_types.h: Ascend/pytorch third_party/hccl/inc/hccl/hccl_types.h
//     (HcclResult, HcclComm, HcclReduceOp, HcclDataType, HCCL_ROOT_INFO_BYTES,
//     HcclRootInfo);
//   hccl.h: Ascend/pytorch third_party/hccl/inc/hccl/hccl.h (HcclGetRootInfo,
//     HcclCommInitRootInfo, HcclCommDestroy, HcclGetErrorString and the
//     collectives) and hicann/hccl include/hccl.h (the collectives, unchanged:
//     HcclAllReduce, HcclBroadcast, HcclReduceScatter, HcclAllGather,
//     HcclAlltoAll).
// The function lists are X-macros, X(return type, name, (parameters)): the
// loader's table and the test stand-in (tests/stand_ins/hccl) are generated
// from the same lines, so they cannot disagree on a signature.
#pragma once

#include <cstdint>

#include "ascend/acl_api.h"  // aclrtStream

namespace accelbench::hccl {

using ascend::aclrtStream;

// hccl_types.h: every function's result.
enum HcclResult : int {
  HCCL_SUCCESS = 0,
  HCCL_E_PARA = 1,
  HCCL_E_PTR = 2,
  HCCL_E_MEMORY = 3,
  HCCL_E_INTERNAL = 4,
  HCCL_E_NOT_SUPPORT = 5,
  HCCL_E_NOT_FOUND = 6,
  HCCL_E_UNAVAIL = 7,
  HCCL_E_SYSCALL = 8,
  HCCL_E_TIMEOUT = 9,
};

// hccl_types.h: the communicator's handle.
using HcclComm = void*;

// hccl_types.h
enum HcclReduceOp : int {
  HCCL_REDUCE_SUM = 0,
  HCCL_REDUCE_PROD = 1,
  HCCL_REDUCE_MAX = 2,
  HCCL_REDUCE_MIN = 3,
};

// hccl_types.h (the types accelbench uses)
enum HcclDataType : int {
  HCCL_DATA_TYPE_INT8 = 0,
  HCCL_DATA_TYPE_INT16 = 1,
  HCCL_DATA_TYPE_INT32 = 2,
  HCCL_DATA_TYPE_FP16 = 3,
  HCCL_DATA_TYPE_FP32 = 4,
  HCCL_DATA_TYPE_INT64 = 5,
  HCCL_DATA_TYPE_UINT64 = 6,
  HCCL_DATA_TYPE_UINT8 = 7,
  HCCL_DATA_TYPE_UINT16 = 8,
  HCCL_DATA_TYPE_UINT32 = 9,
  HCCL_DATA_TYPE_FP64 = 10,
  HCCL_DATA_TYPE_BFP16 = 11,
};

// hccl_types.h: what rank 0 creates (HcclGetRootInfo) and every rank passes
// to HcclCommInitRootInfo; opaque, sent to the other ranks as bytes.
inline constexpr std::uint32_t HCCL_ROOT_INFO_BYTES = 4108;
struct HcclRootInfo {
  char internal[HCCL_ROOT_INFO_BYTES];
};

// libhccl.so: every function the backend needs. HcclAlltoAll's receive
// buffer is `const void*` in hccl.h as published (it is written to).
#define ACCELBENCH_HCCL_FUNCTIONS(X)                                                              \
  X(HcclResult, HcclGetRootInfo, (HcclRootInfo * rootInfo))                                       \
  X(HcclResult, HcclCommInitRootInfo,                                                             \
    (std::uint32_t nRanks, const HcclRootInfo* rootInfo, std::uint32_t rank, HcclComm* comm))     \
  X(HcclResult, HcclAllReduce,                                                                    \
    (void* sendBuf, void* recvBuf, std::uint64_t count, HcclDataType dataType, HcclReduceOp op,   \
     HcclComm comm, aclrtStream stream))                                                          \
  X(HcclResult, HcclAllGather,                                                                    \
    (void* sendBuf, void* recvBuf, std::uint64_t sendCount, HcclDataType dataType, HcclComm comm, \
     aclrtStream stream))                                                                         \
  X(HcclResult, HcclReduceScatter,                                                                \
    (void* sendBuf, void* recvBuf, std::uint64_t recvCount, HcclDataType dataType,                \
     HcclReduceOp op, HcclComm comm, aclrtStream stream))                                         \
  X(HcclResult, HcclAlltoAll,                                                                     \
    (const void* sendBuf, std::uint64_t sendCount, HcclDataType sendType, const void* recvBuf,    \
     std::uint64_t recvCount, HcclDataType recvType, HcclComm comm, aclrtStream stream))          \
  X(HcclResult, HcclBroadcast,                                                                    \
    (void* buf, std::uint64_t count, HcclDataType dataType, std::uint32_t root, HcclComm comm,    \
     aclrtStream stream))                                                                         \
  X(HcclResult, HcclCommDestroy, (HcclComm comm))

// libhccl.so: functions older releases may lack; null when absent (errors
// are then named by their code).
#define ACCELBENCH_HCCL_OPTIONAL_FUNCTIONS(X) X(const char*, HcclGetErrorString, (HcclResult code))

}  // namespace accelbench::hccl
