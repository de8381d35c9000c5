// compute/fma_peak on an OpenCL device: every work-item runs kChains
// independent chains of fused multiply-adds (fma()) in the device's preferred
// vector width (1 on SIMT GPUs, the SIMD width on CPU devices), the same
// +step/−step construction as the CPU version, so every lane of every chain of
// every work-item is verified bit-exactly. Timed by event profiling.
#include <accelbench/device_case.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "fma_peak.h"
#include "opencl/opencl_runtime.h"

namespace accelbench::fma_peak {
namespace {

constexpr int kPairsPerKernel = 1 << 12;
constexpr std::size_t kGroupSize = 256;
constexpr std::size_t kGroupsPerComputeUnit = 4;

// The kernel for one type and width, written out chain by chain.
std::string kernel_source(std::string_view scalar, int width) {
  const std::string vector =
      width == 1 ? std::string(scalar) : std::string(scalar) + std::to_string(width);
  std::string s;
  if (scalar == "double") s += "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n";
  if (scalar == "half") s += "#pragma OPENCL EXTENSION cl_khr_fp16 : enable\n";
  s += "__kernel void fma_chains(__global " + std::string(scalar) +
       "* restrict out, float one_in, float step_in, int pairs) {\n";
  s += "  const " + vector + " one = (" + vector + ")((" + std::string(scalar) + ")one_in);\n";
  s += "  const " + vector + " step = (" + vector + ")((" + std::string(scalar) + ")step_in);\n";
  for (int k = 0; k < kChains; ++k) {
    char start[64];
    std::snprintf(start, sizeof start, "%a", start_value(k));
    s += "  " + vector + " acc" + std::to_string(k) + " = (" + vector + ")(" + start + ");\n";
  }
  s += "  for (int i = 0; i < pairs; ++i) {\n";
  for (const char* sign : {"", "-"}) {
    for (int k = 0; k < kChains; ++k) {
      const std::string acc = "acc" + std::to_string(k);
      s += "    " + acc + " = fma(" + acc + ", one, " + sign + "step);\n";
    }
  }
  s += "  }\n  const size_t base = get_global_id(0) * " + std::to_string(kChains) + ";\n";
  for (int k = 0; k < kChains; ++k) {
    const std::string acc = "acc" + std::to_string(k);
    const std::string index = "base + " + std::to_string(k);
    s += width == 1 ? "  out[" + index + "] = " + acc + ";\n"
                    : "  vstore" + std::to_string(width) + "(" + acc + ", " + index + ", out);\n";
  }
  s += "}\n";
  return s;
}

struct TypeInfo {
  std::string_view scalar;
  std::size_t bytes;
};

TypeInfo type_info(DataType type) {
  switch (type) {
    case DataType::kFp64:
      return {"double", 8};
    case DataType::kFp16:
      return {"half", 2};
    default:
      return {"float", 4};
  }
}

DataType opencl_data_type(const Params& params) {
  const DataType type = data_type(params);
  if (type == DataType::kBf16) throw usage_error("OpenCL C has no bf16: dtype fp64, fp32 or fp16");
  return type;
}

int vector_width(const Params& params) {
  const auto width = params.integer("vector_width");
  if (width != 1 && width != 2 && width != 4 && width != 8 && width != 16) {
    throw usage_error("vector_width must be 1, 2, 4, 8 or 16, not " + std::to_string(width));
  }
  return static_cast<int>(width);
}

class OpenclFmaPeak final : public DeviceResidentCase {
 public:
  // The launch size comes from the catalog's device facts, so work() is known
  // before setup() opens the device; a device that does not report its
  // compute units or largest work-group is skipped, naming the fact.
  OpenclFmaPeak(const Device& device, const Params& params)
      : device_(device),
        type_(opencl_data_type(params)),
        width_(vector_width(params)),
        group_size_(std::min<std::size_t>(
            kGroupSize,
            required(device, device.facts.max_work_group_size, "largest work-group size"))),
        work_items_(static_cast<std::size_t>(std::max(
                        1, required(device, device.facts.compute_units, "compute units"))) *
                    kGroupsPerComputeUnit * group_size_) {}

  Work work() const override {
    Work w;
    w.flops = 2.0 * 2.0 * kPairsPerKernel * kChains * width_ * static_cast<double>(work_items());
    w.convention = "2 FLOP per FMA lane; " + std::to_string(kChains) + " chains x " +
                   std::to_string(2 * kPairsPerKernel) + " dependent fma() per work-item in " +
                   std::string(type_info(type_).scalar) + std::to_string(width_) + ", " +
                   std::to_string(work_items()) + " work-items";
    return w;
  }

  void setup() override {
    session_ = opencl::open_session(device_);
    if (type_ == DataType::kFp64 && !session_.fp64) {
      throw unsupported(session_.name + " has no fp64 (cl_khr_fp64)");
    }
    if (type_ == DataType::kFp16) opencl::require_extension(session_, "cl_khr_fp16", "fp16");
    const std::size_t lanes = work_items() * kChains * static_cast<std::size_t>(width_);
    // Starts at zero on the device, so a kernel that writes nothing fails.
    out_ =
        Output(session_, lanes * type_info(type_).bytes, [](std::size_t) { return std::byte{0}; });
    const auto source = kernel_source(type_info(type_).scalar, width_);
    kernel_ = opencl::make_kernel(opencl::build_program(session_, source), "fma_chains");
    ACCELBENCH_CL_CHECK(kernel_.setArg(0, out_.device()));
    ACCELBENCH_CL_CHECK(kernel_.setArg(1, 1.0f));
    ACCELBENCH_CL_CHECK(kernel_.setArg(2, static_cast<float>(kStep)));
    ACCELBENCH_CL_CHECK(kernel_.setArg(3, kPairsPerKernel));
  }

  nlohmann::ordered_json placement() const override {
    return {{"device", session_.name},
            {"work_items", work_items()},
            {"work_group_size", group_size_},
            {"vector_width", width_}};
  }

 private:
  // Every lane's final value, in the kernel's type.
  using Output = MirroredArray<opencl::Memory, std::byte>;

  double timed_iteration() override {
    cl::Event event;
    ACCELBENCH_CL_CHECK(
        session_.queue.enqueueNDRangeKernel(kernel_, cl::NullRange, cl::NDRange(work_items()),
                                            cl::NDRange(group_size_), nullptr, &event));
    return opencl::elapsed_seconds(event, event);
  }

  void fetch_result() override { out_.fetch(session_); }

  Verification check_mirror() override {
    const std::span<const std::byte> bytes = out_.host();
    std::vector<double> values(bytes.size() / type_info(type_).bytes);
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (type_ == DataType::kFp64) {
        std::memcpy(&values[i], &bytes[i * 8], 8);
      } else if (type_ == DataType::kFp32) {
        float f;
        std::memcpy(&f, &bytes[i * 4], 4);
        values[i] = f;
      } else {
        std::uint16_t h;
        std::memcpy(&h, &bytes[i * 2], 2);
        values[i] = half_to_double(h);
      }
    }
    return fma_peak::verify(values, width_);
  }

  std::span<std::byte> mirror_bytes() override { return out_.host_bytes(); }

  std::size_t work_items() const { return work_items_; }

  Device device_;
  DataType type_;
  int width_;
  std::size_t group_size_;
  std::size_t work_items_;
  opencl::Session session_;
  Output out_;
  cl::Kernel kernel_;
};

// fp32, fp64 and fp16 in the device's preferred vector width for each (the
// preferred_vector_widths fact). A width the device does not report, or
// reports as 0 (a type it does not support, which the case skips), is
// measured scalar (vector_width 1), as the instance name says.
std::vector<Params> opencl_sweep(const Device& device) {
  std::vector<Params> points;
  for (const char* dtype : {"fp32", "fp64", "fp16"}) {
    int width = 1;
    if (device.facts.preferred_vector_widths) {
      const auto found = device.facts.preferred_vector_widths->find(dtype);
      if (found != device.facts.preferred_vector_widths->end()) width = std::max(1, found->second);
    }
    Params p;
    p.set("dtype", std::string(dtype)).set("vector_width", width);
    points.push_back(p);
  }
  return points;
}

ACCELBENCH_REGISTER(
    kOpenclFmaPeak,
    std::vector<Definition>{{
        .id = "compute/fma_peak",
        .backend = "opencl",
        .claim = Claim::kCompute,
        .metric = MetricKind::kFlops,
        .spec = &spec(),
        .timer = Timer::kDevice,
        .summary = "peak fma() throughput per data type, every lane verified",
        .instances = [](const Device& device, Suite) { return opencl_sweep(device); },
        .make_case = [](const Device& device, const Params& params) -> std::unique_ptr<Case> {
          return std::make_unique<OpenclFmaPeak>(device, params);
        },
        .analyze = {},
    }});

}  // namespace
}  // namespace accelbench::fma_peak
