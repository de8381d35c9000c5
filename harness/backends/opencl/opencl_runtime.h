// The OpenCL backend: device enumeration and description, one session
// (context + in-order profiling queue) per benchmark case, kernel builds with
// the build log in the error, and event timing. Khronos' C++ bindings are used
// without exceptions; every status goes through ACCELBENCH_CL_CHECK.
//
// Device ids: "opencl:N" is the Nth device over all platforms in the order the
// ICD loader lists them (platform by platform).
#pragma once

#include <accelbench/device.h>
#include <accelbench/error.h>

#include <CL/opencl.hpp>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace accelbench::opencl {

// "CL_OUT_OF_RESOURCES (-5)".
std::string status_name(cl_int status);

// Throws a failure naming the call, its status, file and line unless the
// status is CL_SUCCESS.
void check(cl_int status, const char* call, const char* file, int line);

#define ACCELBENCH_CL_CHECK(call) ::accelbench::opencl::check((call), #call, __FILE__, __LINE__)

// What a benchmark case holds on its device.
struct Session {
  cl::Device device;
  cl::Context context;
  cl::CommandQueue queue;  // in order, profiling enabled
  std::string name;
  // The device works on host memory (CL_DEVICE_HOST_UNIFIED_MEMORY, e.g. a
  // CPU device): "transfers" are host memory copies and a mapped buffer is
  // the buffer itself.
  bool host_unified_memory = false;
  std::uint64_t max_allocation_bytes = 0;
  std::uint64_t global_memory_bytes = 0;
  std::uint64_t global_cache_bytes = 0;
  std::uint32_t compute_units = 1;
  std::size_t max_work_group_size = 1;
  bool fp64 = false;
  bool fp16 = false;
  // CL_DEVICE_PREFERRED_VECTOR_WIDTH_{FLOAT,DOUBLE,HALF}: 1 on SIMT GPUs,
  // the SIMD width on CPU devices.
  std::uint32_t vector_width_float = 1;
  std::uint32_t vector_width_double = 1;
  std::uint32_t vector_width_half = 1;
};

// Opens "opencl:N" as enumerated in this process. Throws unsupported when the
// device is gone or is not the one the catalog named.
Session open_session(const Device& device);

// Builds `source` for the session's device outside any timed region. A
// compile error is a failure that carries the compiler's build log.
cl::Program build_program(const Session& session, const std::string& source,
                          const std::string& options = "");
cl::Kernel make_kernel(const cl::Program& program, const char* name);

// A buffer of `bytes` bytes; throws unsupported when it exceeds the device's
// largest allocation.
cl::Buffer make_buffer(const Session& session, cl_mem_flags flags, std::size_t bytes);

// Event profiling (device clock): START of `first` to END of `last`, and
// QUEUED to END of one command. Both wait for the events to complete.
double elapsed_seconds(const cl::Event& first, const cl::Event& last);
double queued_to_end_seconds(const cl::Event& event);

// Throws unsupported("<what> needs <extension>") when the device lacks it.
void require_extension(const Session& session, std::string_view extension, std::string_view what);

// The memory policy of the backend kit's MirroredArray (accelbench/device_case.h):
// read-write buffers of the session's context, copies on its in-order queue.
struct Memory {
  using Queue = Session;
  template <class T>
  using Buffer = cl::Buffer;
  template <class T>
  static Buffer<T> allocate(Queue& session, std::size_t count) {
    return make_buffer(session, CL_MEM_READ_WRITE, count * sizeof(T));
  }
  template <class T>
  static void upload(Queue& session, Buffer<T>& buffer, std::span<const T> host) {
    ACCELBENCH_CL_CHECK(
        session.queue.enqueueWriteBuffer(buffer, CL_TRUE, 0, host.size_bytes(), host.data()));
  }
  template <class T>
  static void download(Queue& session, const Buffer<T>& buffer, std::span<T> host) {
    ACCELBENCH_CL_CHECK(
        session.queue.enqueueReadBuffer(buffer, CL_TRUE, 0, host.size_bytes(), host.data()));
  }
};

}  // namespace accelbench::opencl
