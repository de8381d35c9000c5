#include "opencl/opencl_runtime.h"

#include <CL/cl_ext.h>

#include <cstdio>
#include <vector>

namespace accelbench::opencl {
namespace {

// One device of the flat list, with the platform it belongs to.
struct Found {
  cl::Platform platform;
  cl::Device device;
  int platform_index = 0;
  int device_index = 0;
};

template <cl_platform_info Name>
auto platform_info(const cl::Platform& platform) {
  cl_int status = CL_SUCCESS;
  auto value = platform.getInfo<Name>(&status);
  check(status, "clGetPlatformInfo", __FILE__, __LINE__);
  return value;
}

template <cl_device_info Name>
auto device_info(const cl::Device& device) {
  cl_int status = CL_SUCCESS;
  auto value = device.getInfo<Name>(&status);
  check(status, "clGetDeviceInfo", __FILE__, __LINE__);
  return value;
}

// Strings from OpenCL may carry trailing NULs and spaces.
std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\0' || text.back() == ' ')) text.pop_back();
  return text;
}

std::vector<Found> find_devices() {
  std::vector<cl::Platform> platforms;
  const cl_int status = cl::Platform::get(&platforms);
  if (status == CL_PLATFORM_NOT_FOUND_KHR || (status == CL_SUCCESS && platforms.empty())) {
    throw unsupported(
        "no OpenCL platform: the ICD loader found no vendor driver (see /etc/OpenCL/vendors, "
        "or OCL_ICD_VENDORS)");
  }
  check(status, "clGetPlatformIDs", __FILE__, __LINE__);
  std::vector<Found> found;
  for (std::size_t p = 0; p < platforms.size(); ++p) {
    std::vector<cl::Device> devices;
    const cl_int got = platforms[p].getDevices(CL_DEVICE_TYPE_ALL, &devices);
    if (got == CL_DEVICE_NOT_FOUND) continue;
    check(got, "clGetDeviceIDs", __FILE__, __LINE__);
    for (std::size_t d = 0; d < devices.size(); ++d) {
      found.push_back({platforms[p], devices[d], static_cast<int>(p), static_cast<int>(d)});
    }
  }
  return found;
}

bool has_extension(const cl::Device& device, std::string_view extension) {
  const std::string list = " " + device_info<CL_DEVICE_EXTENSIONS>(device) + " ";
  return list.find(" " + std::string(extension) + " ") != std::string::npos;
}

std::string type_name(cl_device_type type) {
  if (type & CL_DEVICE_TYPE_GPU) return "gpu";
  if (type & CL_DEVICE_TYPE_ACCELERATOR) return "accelerator";
  if (type & CL_DEVICE_TYPE_CPU) return "cpu";
  return "other";
}

nlohmann::ordered_json describe(const Found& f) {
  const cl::Device& d = f.device;
  nlohmann::ordered_json out;
  out["platform"] = {{"index", f.platform_index},
                     {"name", trimmed(platform_info<CL_PLATFORM_NAME>(f.platform))},
                     {"vendor", trimmed(platform_info<CL_PLATFORM_VENDOR>(f.platform))},
                     {"version", trimmed(platform_info<CL_PLATFORM_VERSION>(f.platform))}};
  out["index_in_platform"] = f.device_index;
  out["name"] = trimmed(device_info<CL_DEVICE_NAME>(d));
  out["vendor"] = trimmed(device_info<CL_DEVICE_VENDOR>(d));
  out["type"] = type_name(device_info<CL_DEVICE_TYPE>(d));
  out["version"] = trimmed(device_info<CL_DEVICE_VERSION>(d));
  out["driver_version"] = trimmed(device_info<CL_DRIVER_VERSION>(d));
  out["opencl_c_version"] = trimmed(device_info<CL_DEVICE_OPENCL_C_VERSION>(d));
  out["compute_units"] = device_info<CL_DEVICE_MAX_COMPUTE_UNITS>(d);
  out["max_clock_mhz"] = device_info<CL_DEVICE_MAX_CLOCK_FREQUENCY>(d);
  out["global_memory_bytes"] = device_info<CL_DEVICE_GLOBAL_MEM_SIZE>(d);
  out["global_cache_bytes"] = device_info<CL_DEVICE_GLOBAL_MEM_CACHE_SIZE>(d);
  out["cache_line_bytes"] = device_info<CL_DEVICE_GLOBAL_MEM_CACHELINE_SIZE>(d);
  out["local_memory_bytes"] = device_info<CL_DEVICE_LOCAL_MEM_SIZE>(d);
  out["max_allocation_bytes"] = device_info<CL_DEVICE_MAX_MEM_ALLOC_SIZE>(d);
  out["max_work_group_size"] = device_info<CL_DEVICE_MAX_WORK_GROUP_SIZE>(d);
  out["preferred_vector_width"] = {
      {"float", device_info<CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT>(d)},
      {"double", device_info<CL_DEVICE_PREFERRED_VECTOR_WIDTH_DOUBLE>(d)},
      {"half", device_info<CL_DEVICE_PREFERRED_VECTOR_WIDTH_HALF>(d)}};
  out["fp64"] = device_info<CL_DEVICE_DOUBLE_FP_CONFIG>(d) != 0;
  out["fp16"] = has_extension(d, "cl_khr_fp16");
  out["host_unified_memory"] = device_info<CL_DEVICE_HOST_UNIFIED_MEMORY>(d) == CL_TRUE;
  out["error_correction"] = device_info<CL_DEVICE_ERROR_CORRECTION_SUPPORT>(d) == CL_TRUE;
  out["profiling_timer_resolution_ns"] = device_info<CL_DEVICE_PROFILING_TIMER_RESOLUTION>(d);
  if (has_extension(d, "cl_khr_pci_bus_info")) {
    cl_device_pci_bus_info_khr pci{};
    check(clGetDeviceInfo(d(), CL_DEVICE_PCI_BUS_INFO_KHR, sizeof pci, &pci, nullptr),
          "clGetDeviceInfo(CL_DEVICE_PCI_BUS_INFO_KHR)", __FILE__, __LINE__);
    char bus_id[32];
    std::snprintf(bus_id, sizeof bus_id, "%04x:%02x:%02x.%x", pci.pci_domain, pci.pci_bus,
                  pci.pci_device, pci.pci_function);
    out["pci_bus_id"] = bus_id;
  } else {
    out["pci_bus_id"] = nullptr;  // the driver lacks cl_khr_pci_bus_info
  }
  return out;
}

DeviceFacts facts_of(const cl::Device& d) {
  DeviceFacts facts;
  facts.compute_units = static_cast<int>(device_info<CL_DEVICE_MAX_COMPUTE_UNITS>(d));
  facts.clock_mhz = device_info<CL_DEVICE_MAX_CLOCK_FREQUENCY>(d);
  facts.memory_bytes = device_info<CL_DEVICE_GLOBAL_MEM_SIZE>(d);
  facts.max_allocation_bytes = device_info<CL_DEVICE_MAX_MEM_ALLOC_SIZE>(d);
  const std::uint64_t cache = device_info<CL_DEVICE_GLOBAL_MEM_CACHE_SIZE>(d);
  if (cache > 0) facts.last_level_cache_bytes = cache;
  facts.max_work_group_size = device_info<CL_DEVICE_MAX_WORK_GROUP_SIZE>(d);
  facts.unified_memory = device_info<CL_DEVICE_HOST_UNIFIED_MEMORY>(d) == CL_TRUE;
  facts.gpu = (device_info<CL_DEVICE_TYPE>(d) & CL_DEVICE_TYPE_GPU) != 0;
  facts.preferred_vector_widths = std::map<std::string, int>{
      {"fp32", static_cast<int>(device_info<CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT>(d))},
      {"fp64", static_cast<int>(device_info<CL_DEVICE_PREFERRED_VECTOR_WIDTH_DOUBLE>(d))},
      {"fp16", static_cast<int>(device_info<CL_DEVICE_PREFERRED_VECTOR_WIDTH_HALF>(d))}};
  return facts;
}

std::vector<Device> enumerate() {
  std::vector<Device> devices;
  int index = 0;
  for (const auto& f : find_devices()) {
    auto description = describe(f);
    const std::string name = description["name"].get<std::string>();
    devices.push_back({"opencl:" + std::to_string(index), "opencl", index, name,
                       std::move(description), facts_of(f.device)});
    ++index;
  }
  return devices;
}

// PoCL (and CUDA-based ICDs) cannot be used in a process forked after they
// were initialised: enumerate in a child.
ACCELBENCH_REGISTER_BACKEND(kOpenclBackend, {"opencl", enumerate, true});

}  // namespace

std::string status_name(cl_int status) {
  switch (status) {
#define ACCELBENCH_CL_STATUS(name) \
  case name:                       \
    return #name " (" + std::to_string(name) + ")";
    ACCELBENCH_CL_STATUS(CL_SUCCESS)
    ACCELBENCH_CL_STATUS(CL_DEVICE_NOT_FOUND)
    ACCELBENCH_CL_STATUS(CL_DEVICE_NOT_AVAILABLE)
    ACCELBENCH_CL_STATUS(CL_COMPILER_NOT_AVAILABLE)
    ACCELBENCH_CL_STATUS(CL_MEM_OBJECT_ALLOCATION_FAILURE)
    ACCELBENCH_CL_STATUS(CL_OUT_OF_RESOURCES)
    ACCELBENCH_CL_STATUS(CL_OUT_OF_HOST_MEMORY)
    ACCELBENCH_CL_STATUS(CL_PROFILING_INFO_NOT_AVAILABLE)
    ACCELBENCH_CL_STATUS(CL_MEM_COPY_OVERLAP)
    ACCELBENCH_CL_STATUS(CL_BUILD_PROGRAM_FAILURE)
    ACCELBENCH_CL_STATUS(CL_MAP_FAILURE)
    ACCELBENCH_CL_STATUS(CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST)
    ACCELBENCH_CL_STATUS(CL_INVALID_VALUE)
    ACCELBENCH_CL_STATUS(CL_INVALID_DEVICE)
    ACCELBENCH_CL_STATUS(CL_INVALID_CONTEXT)
    ACCELBENCH_CL_STATUS(CL_INVALID_COMMAND_QUEUE)
    ACCELBENCH_CL_STATUS(CL_INVALID_MEM_OBJECT)
    ACCELBENCH_CL_STATUS(CL_INVALID_BUILD_OPTIONS)
    ACCELBENCH_CL_STATUS(CL_INVALID_PROGRAM_EXECUTABLE)
    ACCELBENCH_CL_STATUS(CL_INVALID_KERNEL_NAME)
    ACCELBENCH_CL_STATUS(CL_INVALID_KERNEL_ARGS)
    ACCELBENCH_CL_STATUS(CL_INVALID_ARG_INDEX)
    ACCELBENCH_CL_STATUS(CL_INVALID_ARG_VALUE)
    ACCELBENCH_CL_STATUS(CL_INVALID_ARG_SIZE)
    ACCELBENCH_CL_STATUS(CL_INVALID_WORK_GROUP_SIZE)
    ACCELBENCH_CL_STATUS(CL_INVALID_WORK_ITEM_SIZE)
    ACCELBENCH_CL_STATUS(CL_INVALID_GLOBAL_WORK_SIZE)
    ACCELBENCH_CL_STATUS(CL_INVALID_EVENT)
    ACCELBENCH_CL_STATUS(CL_INVALID_OPERATION)
    ACCELBENCH_CL_STATUS(CL_INVALID_BUFFER_SIZE)
    ACCELBENCH_CL_STATUS(CL_PLATFORM_NOT_FOUND_KHR)
#undef ACCELBENCH_CL_STATUS
  }
  return "OpenCL status " + std::to_string(status);
}

void check(cl_int status, const char* call, const char* file, int line) {
  if (status == CL_SUCCESS) return;
  throw failure(std::string(call) + " failed: " + status_name(status) + " at " + file + ":" +
                std::to_string(line));
}

Session open_session(const Device& device) {
  const auto found = find_devices();
  if (device.index < 0 || static_cast<std::size_t>(device.index) >= found.size()) {
    throw unsupported(device.id + " is gone: this process finds " + std::to_string(found.size()) +
                      " OpenCL device(s)");
  }
  Session s;
  s.device = found[static_cast<std::size_t>(device.index)].device;
  s.name = trimmed(device_info<CL_DEVICE_NAME>(s.device));
  if (s.name != device.name) {
    throw unsupported(device.id + " is now '" + s.name + "', not '" + device.name + "'");
  }
  cl_int status = CL_SUCCESS;
  s.context = cl::Context(s.device, nullptr, nullptr, nullptr, &status);
  check(status, "clCreateContext", __FILE__, __LINE__);
  s.queue = cl::CommandQueue(s.context, s.device, CL_QUEUE_PROFILING_ENABLE, &status);
  check(status, "clCreateCommandQueue", __FILE__, __LINE__);
  s.host_unified_memory = device_info<CL_DEVICE_HOST_UNIFIED_MEMORY>(s.device) == CL_TRUE;
  s.max_allocation_bytes = device_info<CL_DEVICE_MAX_MEM_ALLOC_SIZE>(s.device);
  s.global_memory_bytes = device_info<CL_DEVICE_GLOBAL_MEM_SIZE>(s.device);
  s.global_cache_bytes = device_info<CL_DEVICE_GLOBAL_MEM_CACHE_SIZE>(s.device);
  s.compute_units = device_info<CL_DEVICE_MAX_COMPUTE_UNITS>(s.device);
  s.max_work_group_size = device_info<CL_DEVICE_MAX_WORK_GROUP_SIZE>(s.device);
  s.fp64 = device_info<CL_DEVICE_DOUBLE_FP_CONFIG>(s.device) != 0;
  s.fp16 = has_extension(s.device, "cl_khr_fp16");
  s.vector_width_float = device_info<CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT>(s.device);
  s.vector_width_double = device_info<CL_DEVICE_PREFERRED_VECTOR_WIDTH_DOUBLE>(s.device);
  s.vector_width_half = device_info<CL_DEVICE_PREFERRED_VECTOR_WIDTH_HALF>(s.device);
  return s;
}

cl::Program build_program(const Session& session, const std::string& source,
                          const std::string& options) {
  cl_int status = CL_SUCCESS;
  cl::Program program(session.context, source, false, &status);
  check(status, "clCreateProgramWithSource", __FILE__, __LINE__);
  status = program.build(session.device, options.c_str());
  if (status == CL_BUILD_PROGRAM_FAILURE || status == CL_INVALID_BUILD_OPTIONS) {
    cl_int log_status = CL_SUCCESS;
    const std::string log = program.getBuildInfo<CL_PROGRAM_BUILD_LOG>(session.device, &log_status);
    throw failure("the OpenCL kernel does not compile on " + session.name + " (" +
                  status_name(status) + ", options '" + options + "'); build log:\n" +
                  (log_status == CL_SUCCESS ? trimmed(log) : "(unavailable)"));
  }
  check(status, "clBuildProgram", __FILE__, __LINE__);
  return program;
}

cl::Kernel make_kernel(const cl::Program& program, const char* name) {
  cl_int status = CL_SUCCESS;
  cl::Kernel kernel(program, name, &status);
  check(status, "clCreateKernel", __FILE__, __LINE__);
  return kernel;
}

cl::Buffer make_buffer(const Session& session, cl_mem_flags flags, std::size_t bytes) {
  if (bytes > session.max_allocation_bytes) {
    throw unsupported(std::to_string(bytes) + " B exceed the largest allocation of " +
                      session.name + " (" + std::to_string(session.max_allocation_bytes) + " B)");
  }
  cl_int status = CL_SUCCESS;
  cl::Buffer buffer(session.context, flags, bytes, nullptr, &status);
  check(status, "clCreateBuffer", __FILE__, __LINE__);
  return buffer;
}

namespace {

cl_ulong profile(const cl::Event& event, cl_profiling_info what) {
  cl_ulong value = 0;
  check(clGetEventProfilingInfo(event(), what, sizeof value, &value, nullptr),
        "clGetEventProfilingInfo", __FILE__, __LINE__);
  return value;
}

}  // namespace

double elapsed_seconds(const cl::Event& first, const cl::Event& last) {
  ACCELBENCH_CL_CHECK(last.wait());
  const cl_ulong start = profile(first, CL_PROFILING_COMMAND_START);
  const cl_ulong end = profile(last, CL_PROFILING_COMMAND_END);
  return end > start ? static_cast<double>(end - start) * 1e-9 : 0.0;
}

double queued_to_end_seconds(const cl::Event& event) {
  ACCELBENCH_CL_CHECK(event.wait());
  const cl_ulong queued = profile(event, CL_PROFILING_COMMAND_QUEUED);
  const cl_ulong end = profile(event, CL_PROFILING_COMMAND_END);
  return end > queued ? static_cast<double>(end - queued) * 1e-9 : 0.0;
}

void require_extension(const Session& session, std::string_view extension, std::string_view what) {
  if (!has_extension(session.device, extension)) {
    throw unsupported(std::string(what) + " needs " + std::string(extension) + ", which " +
                      session.name + " lacks");
  }
}

}  // namespace accelbench::opencl
