// AscendCL and aclnn as accelbench calls them, declared here: the CANN
// toolkit is never a build dependency (its libraries are loaded at run time,
// acl_library.h). Every type, constant and signature is written out as CANN's
// public headers define them (acl/acl_base_rt.h, acl/acl_rt.h,
// aclnn/acl_meta.h and the aclnn_*.h operator headers); the backend's README
// cites each source. The function lists are X-macros, X(return type, name,
// (parameters)): the loader's table and the test stand-ins
// (tests/stand_ins/ascend) are generated from the same lines, so they cannot
// disagree on a signature.
#pragma once

#include <cstddef>
#include <cstdint>

namespace accelbench::ascend {

// acl/acl_base_rt.h
using aclError = int;
inline constexpr aclError ACL_SUCCESS = 0;
inline constexpr aclError ACL_ERROR_INVALID_PARAM = 100000;
inline constexpr aclError ACL_ERROR_REPEAT_INITIALIZE = 100002;
inline constexpr aclError ACL_ERROR_RT_FEATURE_NOT_SUPPORT = 207000;

using aclrtStream = void*;
using aclrtEvent = void*;

enum aclDataType : int {
  ACL_DT_UNDEFINED = -1,
  ACL_FLOAT = 0,
  ACL_FLOAT16 = 1,
  ACL_INT8 = 2,
  ACL_INT32 = 3,
  ACL_UINT8 = 4,
  ACL_INT16 = 6,
  ACL_UINT16 = 7,
  ACL_UINT32 = 8,
  ACL_INT64 = 9,
  ACL_UINT64 = 10,
  ACL_DOUBLE = 11,
  ACL_BOOL = 12,
  ACL_BF16 = 27,
};

enum aclFormat : int {
  ACL_FORMAT_UNDEFINED = -1,
  ACL_FORMAT_NCHW = 0,
  ACL_FORMAT_NHWC = 1,
  ACL_FORMAT_ND = 2,
};

// acl/acl_rt.h
inline constexpr std::uint32_t ACL_EVENT_SYNC = 0x00000001U;
inline constexpr std::uint32_t ACL_EVENT_TIME_LINE = 0x00000008U;  // records timestamps

enum aclrtMemcpyKind : int {
  ACL_MEMCPY_HOST_TO_HOST = 0,
  ACL_MEMCPY_HOST_TO_DEVICE = 1,
  ACL_MEMCPY_DEVICE_TO_HOST = 2,
  ACL_MEMCPY_DEVICE_TO_DEVICE = 3,
};

enum aclrtMemMallocPolicy : int {
  ACL_MEM_MALLOC_HUGE_FIRST = 0,
  ACL_MEM_MALLOC_HUGE_ONLY = 1,
  ACL_MEM_MALLOC_NORMAL_ONLY = 2,
  ACL_MEM_MALLOC_HUGE_FIRST_P2P = 3,
};

enum aclrtMemAttr : int {
  ACL_DDR_MEM = 0,
  ACL_HBM_MEM = 1,
};

// acl/acl_base_rt.h: aclGetDeviceCapability's queries.
enum aclDeviceInfo : int {
  ACL_DEVICE_INFO_UNDEFINED = -1,
  ACL_DEVICE_INFO_AI_CORE_NUM = 0,
  ACL_DEVICE_INFO_VECTOR_CORE_NUM = 1,
  ACL_DEVICE_INFO_L2_SIZE = 2,
};

// acl/acl_rt.h: CANN package versions (aclsysGetCANNVersion; deprecated in
// CANN 8.x for aclsysGetVersionStr, still exported).
enum aclCANNPackageName : int {
  ACL_PKG_NAME_CANN = 0,
  ACL_PKG_NAME_RUNTIME = 1,
  ACL_PKG_NAME_COMPILER = 2,
  ACL_PKG_NAME_HCCL = 3,
  ACL_PKG_NAME_TOOLKIT = 4,
  ACL_PKG_NAME_OPP = 5,
  ACL_PKG_NAME_OPP_KERNEL = 6,
  ACL_PKG_NAME_DRIVER = 7,
};
inline constexpr std::size_t ACL_PKG_VERSION_MAX_SIZE = 128;
inline constexpr std::size_t ACL_PKG_VERSION_PARTS_MAX_SIZE = 64;
struct aclCANNPackageVersion {
  char version[ACL_PKG_VERSION_MAX_SIZE];
  char majorVersion[ACL_PKG_VERSION_PARTS_MAX_SIZE];
  char minorVersion[ACL_PKG_VERSION_PARTS_MAX_SIZE];
  char releaseVersion[ACL_PKG_VERSION_PARTS_MAX_SIZE];
  char patchVersion[ACL_PKG_VERSION_PARTS_MAX_SIZE];
  char reserved[ACL_PKG_VERSION_MAX_SIZE];
};

// aclnn/acl_meta.h (libnnopbase.so): opaque handles.
struct aclTensor;
struct aclScalar;
struct aclOpExecutor;
using aclnnStatus = std::int32_t;  // 0: success
// aclnn/aclnn_base.h: a parameter the operator does not take (a data type, a shape).
inline constexpr aclnnStatus ACLNN_ERR_PARAM_INVALID = 161002;

// aclnn's cubeMathType (aclnn_matmul.h): 0 keeps the data type.
inline constexpr std::int8_t kCubeMathKeepDtype = 0;

// libascendcl.so: every function the backend needs.
#define ACCELBENCH_ACL_FUNCTIONS(X)                                                             \
  X(aclError, aclInit, (const char* configPath))                                                \
  X(aclError, aclrtGetDeviceCount, (std::uint32_t * count))                                     \
  X(aclError, aclrtSetDevice, (std::int32_t deviceId))                                          \
  X(aclError, aclrtGetDevice, (std::int32_t * deviceId))                                        \
  X(aclError, aclrtGetMemInfo, (aclrtMemAttr attr, std::size_t * free, std::size_t * total))    \
  X(aclError, aclrtMalloc, (void** devPtr, std::size_t size, aclrtMemMallocPolicy policy))      \
  X(aclError, aclrtFree, (void* devPtr))                                                        \
  X(aclError, aclrtMallocHost, (void** hostPtr, std::size_t size))                              \
  X(aclError, aclrtFreeHost, (void* hostPtr))                                                   \
  X(aclError, aclrtMemcpy,                                                                      \
    (void* dst, std::size_t destMax, const void* src, std::size_t count, aclrtMemcpyKind kind)) \
  X(aclError, aclrtMemcpyAsync,                                                                 \
    (void* dst, std::size_t destMax, const void* src, std::size_t count, aclrtMemcpyKind kind,  \
     aclrtStream stream))                                                                       \
  X(aclError, aclrtCreateStream, (aclrtStream * stream))                                        \
  X(aclError, aclrtDestroyStream, (aclrtStream stream))                                         \
  X(aclError, aclrtSynchronizeStream, (aclrtStream stream))                                     \
  X(aclError, aclrtSynchronizeDevice, ())                                                       \
  X(aclError, aclrtCreateEventWithFlag, (aclrtEvent * event, std::uint32_t flag))               \
  X(aclError, aclrtDestroyEvent, (aclrtEvent event))                                            \
  X(aclError, aclrtRecordEvent, (aclrtEvent event, aclrtStream stream))                         \
  X(aclError, aclrtSynchronizeEvent, (aclrtEvent event))                                        \
  X(aclError, aclrtEventElapsedTime, (float* ms, aclrtEvent startEvent, aclrtEvent endEvent))

// libascendcl.so: functions older CANN releases lack; null when absent, and
// what they report is then left out.
#define ACCELBENCH_ACL_OPTIONAL_FUNCTIONS(X)                                                    \
  X(const char*, aclrtGetSocName, ())                                                           \
  X(const char*, aclGetRecentErrMsg, ())                                                        \
  X(aclError, aclrtGetVersion,                                                                  \
    (std::int32_t * majorVersion, std::int32_t * minorVersion, std::int32_t * patchVersion))    \
  X(aclError, aclGetDeviceCapability,                                                           \
    (std::uint32_t deviceId, aclDeviceInfo deviceInfo, std::int64_t * value))                   \
  X(aclError, aclsysGetCANNVersion, (aclCANNPackageName name, aclCANNPackageVersion * version)) \
  X(aclError, aclrtDeviceCanAccessPeer,                                                         \
    (std::int32_t * canAccessPeer, std::int32_t deviceId, std::int32_t peerDeviceId))           \
  X(aclError, aclrtDeviceEnablePeerAccess, (std::int32_t peerDeviceId, std::uint32_t flags))

// libnnopbase.so: tensors and scalars for aclnn.
#define ACCELBENCH_NNOPBASE_FUNCTIONS(X)                                               \
  X(aclTensor*, aclCreateTensor,                                                       \
    (const std::int64_t* viewDims, std::uint64_t viewDimsNum, aclDataType dataType,    \
     const std::int64_t* stride, std::int64_t offset, aclFormat format,                \
     const std::int64_t* storageDims, std::uint64_t storageDimsNum, void* tensorData)) \
  X(aclnnStatus, aclDestroyTensor, (const aclTensor* tensor))                          \
  X(aclScalar*, aclCreateScalar, (void* value, aclDataType dataType))                  \
  X(aclnnStatus, aclDestroyScalar, (const aclScalar* scalar))

// libopapi.so: the operators, each in two phases (workspace size and
// executor, then the launch on a stream).
#define ACCELBENCH_OPAPI_FUNCTIONS(X)                                                             \
  X(aclnnStatus, aclnnMulsGetWorkspaceSize,                                                       \
    (const aclTensor* self, const aclScalar* other, aclTensor* out, std::uint64_t* workspaceSize, \
     aclOpExecutor** executor))                                                                   \
  X(aclnnStatus, aclnnMuls,                                                                       \
    (void* workspace, std::uint64_t workspaceSize, aclOpExecutor* executor, aclrtStream stream))  \
  X(aclnnStatus, aclnnAddGetWorkspaceSize,                                                        \
    (const aclTensor* self, const aclTensor* other, const aclScalar* alpha, aclTensor* out,       \
     std::uint64_t* workspaceSize, aclOpExecutor** executor))                                     \
  X(aclnnStatus, aclnnAdd,                                                                        \
    (void* workspace, std::uint64_t workspaceSize, aclOpExecutor* executor, aclrtStream stream))  \
  X(aclnnStatus, aclnnMatmulGetWorkspaceSize,                                                     \
    (const aclTensor* self, const aclTensor* mat2, aclTensor* out, std::int8_t cubeMathType,      \
     std::uint64_t* workspaceSize, aclOpExecutor** executor))                                     \
  X(aclnnStatus, aclnnMatmul,                                                                     \
    (void* workspace, std::uint64_t workspaceSize, aclOpExecutor* executor, aclrtStream stream))

}  // namespace accelbench::ascend
