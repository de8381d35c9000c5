#include "stream.h"

#include <accelbench/random_data.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>

namespace accelbench::stream {
namespace {

constexpr double kUnitRoundoff = std::numeric_limits<double>::epsilon() / 2;

// The gold value of the kernel's output element i.
double gold(Kernel kernel, std::uint64_t i) {
  switch (kernel) {
    case Kernel::kCopy:
      return initial_value(Array::kA, i);
    case Kernel::kScale:
      return kScalar * initial_value(Array::kC, i);
    case Kernel::kAdd:
      return initial_value(Array::kA, i) + initial_value(Array::kB, i);
    case Kernel::kTriad:
      return initial_value(Array::kB, i) + kScalar * initial_value(Array::kC, i);
    case Kernel::kDot:
      break;
  }
  return 0;
}

}  // namespace

std::string_view kernel_name(Kernel kernel) {
  switch (kernel) {
    case Kernel::kCopy:
      return "copy";
    case Kernel::kScale:
      return "scale";
    case Kernel::kAdd:
      return "add";
    case Kernel::kTriad:
      return "triad";
    case Kernel::kDot:
      return "dot";
  }
  return "unknown";
}

namespace {

// The array a kernel writes; none for dot, whose result is a scalar.
std::optional<Array> output_array(Kernel kernel) {
  switch (kernel) {
    case Kernel::kCopy:
    case Kernel::kAdd:
      return Array::kC;
    case Kernel::kScale:
      return Array::kB;
    case Kernel::kTriad:
      return Array::kA;
    case Kernel::kDot:
      break;
  }
  return std::nullopt;
}

}  // namespace

double initial_value(Array array, std::uint64_t index) {
  return random_value(static_cast<std::uint64_t>(array), index, 1.0, 2.0);
}

std::int64_t elements(const Params& params) {
  const std::int64_t bytes = params.integer("array_bytes");
  if (bytes < 4096) {
    throw usage_error("array_bytes must be at least 4096 (one page), not " + std::to_string(bytes));
  }
  return bytes / static_cast<std::int64_t>(sizeof(double));
}

int threads(const Params& params) {
  return static_cast<int>(params.integer_in("threads", 1, 4096));
}

Params default_params(std::uint64_t last_level_cache_bytes, int threads) {
  constexpr std::int64_t kMiB = 1 << 20;
  constexpr std::int64_t kUnknownCacheDefault = 256 * kMiB;
  std::int64_t bytes = kUnknownCacheDefault;
  if (last_level_cache_bytes > 0) {
    bytes = static_cast<std::int64_t>(4 * last_level_cache_bytes);
    bytes = (bytes + kMiB - 1) / kMiB * kMiB;
  }
  Params params;
  params.set("array_bytes", bytes);
  if (threads > 0) params.set("threads", threads);
  return params;
}

DeviceTraits device_kernel_traits(const Device& device, const std::string& cache_name) {
  DeviceTraits traits;
  traits.last_level_cache_bytes = device.facts.last_level_cache_bytes.value_or(0);
  traits.cores = 0;
  if (traits.last_level_cache_bytes > 0) {
    traits.caches.push_back({cache_name, traits.last_level_cache_bytes});
  }
  return traits;
}

std::vector<Params> sweep(Kernel kernel, const DeviceTraits& traits, Suite suite) {
  const Params standard = default_params(traits.last_level_cache_bytes, traits.cores);
  std::vector<Params> points{standard};
  if (kernel != Kernel::kTriad) return points;
  const std::int64_t largest = standard.integer("array_bytes");
  const std::int64_t factor = suite == Suite::kQuick ? 4 : 2;
  for (std::int64_t bytes = 4 << 10; bytes < largest; bytes *= factor) {
    Params p = standard;
    p.set("array_bytes", bytes);
    points.push_back(p);
  }
  const int fewest = 1;
  const int most = suite == Suite::kQuick ? std::min(1, traits.cores - 1) : traits.cores - 1;
  for (int t = fewest; t <= most; ++t) {
    Params p;
    p.set("array_bytes", largest).set("threads", t);
    points.push_back(p);
  }
  return points;
}

std::int64_t passes(std::int64_t elements, std::int64_t bytes_per_iteration) {
  const std::int64_t bytes_per_pass = 3 * elements * static_cast<std::int64_t>(sizeof(double));
  return std::max<std::int64_t>(1, (bytes_per_iteration + bytes_per_pass - 1) / bytes_per_pass);
}

Work work(Kernel kernel, std::int64_t elements, std::int64_t bytes_per_iteration) {
  const std::int64_t pass_count = passes(elements, bytes_per_iteration);
  const double n = static_cast<double>(elements) * static_cast<double>(pass_count);
  constexpr double kWord = sizeof(double);
  Work w;
  w.convention =
      "STREAM: each array read or written counted once per element (copy, scale, dot 2 x 8 B; "
      "add, triad 3 x 8 B); write-allocate traffic not counted; ordinary (temporal) stores; " +
      std::to_string(pass_count) + " pass(es) over the arrays per iteration";
  switch (kernel) {
    case Kernel::kCopy:
      w.bytes = 2 * kWord * n;
      break;
    case Kernel::kScale:
      w.bytes = 2 * kWord * n;
      w.flops = n;
      break;
    case Kernel::kAdd:
      w.bytes = 3 * kWord * n;
      w.flops = n;
      break;
    case Kernel::kTriad:
      w.bytes = 3 * kWord * n;
      w.flops = 2 * n;
      break;
    case Kernel::kDot:
      w.bytes = 2 * kWord * n;
      w.flops = 2 * n;
      break;
  }
  return w;
}

nlohmann::ordered_json analyze(const DeviceTraits& traits, const std::vector<SweepPoint>& points) {
  std::int64_t largest = 0;
  for (const auto& p : points) largest = std::max(largest, p.params.integer("array_bytes"));
  std::vector<SizedValue> sized;
  nlohmann::ordered_json scaling = nlohmann::ordered_json::array();
  std::string threads_summary;
  for (const auto& p : points) {
    const std::int64_t bytes = p.params.integer("array_bytes");
    const std::int64_t t = p.params.has("threads") ? p.params.integer("threads") : 0;
    if (t == traits.cores) sized.push_back({static_cast<std::uint64_t>(3 * bytes), p.median});
    if (bytes == largest && t > 0) {
      scaling.push_back({{"threads", t}, {"gbytes_per_s", p.median}});
      char text[48];
      std::snprintf(text, sizeof text, "%s%lld: %.4g", threads_summary.empty() ? "" : ", ",
                    static_cast<long long>(t), p.median);
      threads_summary += text;
    }
  }
  std::sort(sized.begin(), sized.end(), [](const SizedValue& a, const SizedValue& b) {
    return a.working_set_bytes < b.working_set_bytes;
  });
  auto levels = match_cache_levels(sized, traits.caches, "GB/s");
  std::string summary = levels["summary"].get<std::string>();
  if (!threads_summary.empty()) {
    summary +=
        "; threads " + threads_summary + " GB/s at " + std::to_string(largest) + " B per array";
  }
  return {{"summary", summary},
          {"working_set", "3 arrays x array_bytes"},
          {"cache_levels", levels},
          {"thread_scaling", scaling}};
}

std::span<std::byte> output_bytes(Kernel kernel, std::span<double> a, std::span<double> b,
                                  std::span<double> c, double& dot) {
  const auto array = output_array(kernel);
  if (!array) return std::as_writable_bytes(std::span(&dot, 1));
  return std::as_writable_bytes(*array == Array::kA ? a : *array == Array::kB ? b : c);
}

Verification verify(Kernel kernel, std::span<const double> a, std::span<const double> b,
                    std::span<const double> c, double dot) {
  const auto expected = [kernel](std::uint64_t i) { return gold(kernel, i); };
  switch (kernel) {
    case Kernel::kCopy:
      return check_elements(c, expected, 0, "every element of c vs the initial a (exact)");
    case Kernel::kScale:
      return check_elements(b, expected, 0, "every element of b vs q * initial c (exact)");
    case Kernel::kAdd:
      return check_elements(c, expected, 0, "every element of c vs initial a + b (exact)");
    case Kernel::kTriad:
      // The compiler may fuse the multiply-add or not: the results differ
      // by at most a few units of roundoff, all values being positive.
      return check_elements(a, expected, 4 * kUnitRoundoff,
                            "every element of a vs initial b + q * c (4 units of roundoff: "
                            "fused or unfused multiply-add)");
    case Kernel::kDot: {
      // Reference: compensated summation in long double. Any summation order
      // of n positive terms is within gamma_n = n u / (1 - n u) of the exact
      // sum (Higham, Accuracy and Stability, 4.2), which is the tolerance.
      long double sum = 0;
      long double compensation = 0;
      for (std::size_t i = 0; i < a.size(); ++i) {
        const long double term = static_cast<long double>(initial_value(Array::kA, i)) *
                                 static_cast<long double>(initial_value(Array::kB, i));
        const long double y = term - compensation;
        const long double t = sum + y;
        compensation = (t - sum) - y;
        sum = t;
      }
      const double nu = static_cast<double>(a.size()) * kUnitRoundoff;
      auto v = check_scalar(dot, static_cast<double>(sum), nu / (1 - nu) + 2 * kUnitRoundoff,
                            "sum of a*b vs compensated long double sum of the initial data "
                            "(tolerance gamma_n for n positive terms)");
      v.elements_checked = a.size();
      v.bytes_checked = a.size_bytes() + b.size_bytes();
      return v;
    }
  }
  return {};
}

namespace {

// Memory: the three arrays, on the device.
Footprint footprint(const Params& params) {
  return {3.0 * static_cast<double>(params.integer("array_bytes"))};
}

}  // namespace

const Spec& spec(Kernel kernel) {
  static const std::array<Spec, kKernels.size()> specs = [] {
    std::array<Spec, kKernels.size()> out;
    for (Kernel k : kKernels) {
      out[static_cast<std::size_t>(k)] = {
          .id = "memory/stream_" + std::string(kernel_name(k)),
          .claim = Claim::kInterconnect,
          .link = Link::kMemory,
          .metric = MetricKind::kBandwidth,
          .compare_class = CompareClass::kMemory,
          .convention =
              "STREAM: each array read or written counted once per element, "
              "write-allocate traffic not counted",
          .parameters = {"array_bytes", "threads"},
          .how = {"threads"},
          .sweep = {"array_bytes", SweepHeadline::kLargest},
          .footprint = footprint,
      };
    }
    return out;
  }();
  return specs[static_cast<std::size_t>(kernel)];
}

std::vector<Definition> definitions(const std::string& backend, Timer timer, TraitsFactory traits,
                                    CaseFactory make_case) {
  std::vector<Definition> out;
  for (Kernel kernel : kKernels) {
    const Spec& s = spec(kernel);
    Definition d;
    d.id = s.id;
    d.backend = backend;
    d.claim = s.claim;
    d.metric = s.metric;
    d.spec = &s;
    d.timer = timer;
    d.summary = "STREAM " + std::string(kernel_name(kernel)) +
                ": sustainable memory bandwidth, every element verified";
    d.instances = [kernel, traits](const Device& device, Suite suite) {
      return sweep(kernel, traits(device), suite);
    };
    d.make_case = [kernel, make_case](const Device& device, const Params& params) {
      return make_case(kernel, device, params);
    };
    if (kernel == Kernel::kTriad) {
      d.analyze = [traits](const Device& device, const std::vector<SweepPoint>& points) {
        return analyze(traits(device), points);
      };
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace accelbench::stream
