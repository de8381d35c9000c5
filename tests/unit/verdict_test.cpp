// accelbench verdict across platforms: figures pair by what they measure
// (suite.headlines), whatever the how-parameters; GEMM at the largest common
// matrix size, memory latency per level, each link class on its own; a figure
// one side lacks is listed with its reason; the same backends also compare
// instance by instance; text, markdown and JSON carry the same content.
// The files are synthetic (a CUDA device against an OpenCL one): known
// medians, so the ratios are known.
#include "verdict.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "display_text.h"
#include "headlines.h"
#include "results_file.h"
#include "units.h"

namespace accelbench {
namespace {

using Json = nlohmann::ordered_json;

// One instance: its metric's median is `value` (every sample the same but
// one 1% off, so the bootstrap has something to resample).
struct Instance {
  Instance(std::string benchmark_, std::string device_, Json params_, double value_,
           std::string status_ = "ok", std::string reason_ = "")
      : benchmark(std::move(benchmark_)),
        device(std::move(device_)),
        params(std::move(params_)),
        value(value_),
        status(std::move(status_)),
        reason(std::move(reason_)) {}
  std::string benchmark, device;
  Json params;
  double value;
  std::string status, reason;
};

struct MetricOf {
  const char *name, *unit, *direction, *claim;
};

MetricOf metric_of(const std::string& benchmark) {
  if (benchmark.starts_with("compute/")) {
    return {"throughput", "GFLOP/s", "higher_is_better", "compute"};
  }
  if (benchmark == "stability/os_noise" || benchmark.ends_with("latency")) {
    return {"latency", "ns", "lower_is_better",
            benchmark == "stability/os_noise" ? "stability" : "interconnect"};
  }
  return {"bandwidth", "GB/s", "higher_is_better", "interconnect"};
}

std::string name_of(const Instance& i) {
  std::string name = i.benchmark + "/" + i.device;
  for (const auto& [key, value] : i.params.items()) {
    name += "/" + key + ":" + (value.is_string() ? value.get<std::string>() : value.dump());
  }
  return name;
}

// A results file as `accelbench run` writes it, as far as the verdict reads
// it; with the headlines the run would write (or none, as an older file).
Json results_file(const std::vector<Instance>& instances, const Json& analyses = Json::array(),
                  bool with_headlines = true) {
  Json results = Json::array();
  Json runs = Json::array();
  for (const auto& i : instances) {
    const MetricOf m = metric_of(i.benchmark);
    Json r = {{"name", name_of(i)}, {"benchmark", i.benchmark}, {"claim", m.claim},
              {"device", i.device}, {"status", i.status},       {"params", i.params}};
    if (i.status != "ok") {
      r["reason"] = i.reason;
      results.push_back(r);
      continue;
    }
    r["metric"] = {
        {"name", m.name}, {"unit", m.unit}, {"direction", m.direction}, {"value", i.value}};
    r["statistics"] = {{"median", i.value}, {"cv", 0.01}, {"unstable", false}};
    results.push_back(r);
    // Work of 1e9 bytes, FLOP or operations: seconds = 1 / value (GB/s,
    // GFLOP/s) or value * 1e-9 * 1e9 (ns per operation over 1e9 of them).
    const bool latency = std::string(m.name) == "latency";
    const double seconds = latency ? i.value : 1 / i.value;
    runs.push_back(
        {{"name", name_of(i) + "/real_time"},
         {"run_type", "iteration"},
         {"suite",
          {{"name", name_of(i)},
           {"metric", {{"name", m.name}, {"unit", m.unit}, {"direction", m.direction}}},
           {"work",
            {{"bytes_per_iteration", 1e9},
             {"flops_per_iteration", 1e9},
             {"operations_per_iteration", 1e9}}},
           {"samples",
            {{"seconds_per_iteration", {seconds, seconds, seconds * 1.01, seconds, seconds}}}}}}});
  }
  Json file = {{"benchmarks", runs}, {"suite", {{"results", results}, {"analyses", analyses}}}};
  if (with_headlines) {
    file["suite"]["headlines"] = headlines(results, analyses, Registry::instance());
  }
  return file;
}

const ClaimSection& claim(const Verdict& v, const std::string& name) {
  for (const auto& c : v.claims) {
    if (c.figures.name == name) return c;
  }
  throw std::runtime_error("no claim " + name);
}

const FigureGroup& link(const Verdict& v, const std::string& name) {
  for (const auto& l : claim(v, "interconnect").links) {
    if (l.name == name) return l;
  }
  throw std::runtime_error("no link " + name);
}

const VerdictRow* row(const FigureGroup& g, const std::string& benchmark,
                      const std::string& figure) {
  for (const auto& r : g.rows) {
    if (r.benchmark == benchmark && r.figure == figure) return &r;
  }
  return nullptr;
}

const MissingFigure* missing(const FigureGroup& g, const std::string& benchmark) {
  for (const auto& m : g.missing) {
    if (m.benchmark == benchmark) return &m;
  }
  return nullptr;
}

// A GPU (CUDA) and a second platform (an OpenCL device), each with its own
// how-parameters.
Json cuda_file() {
  return results_file({
      {"compute/fma_peak", "cuda:0", {{"dtype", "fp32"}, {"vector_width", 1}}, 60000},
      {"compute/fma_peak", "cuda:0", {{"dtype", "fp64"}, {"vector_width", 1}}, 30000},
      {"compute/gemm", "cuda:0", {{"dtype", "fp32"}, {"matrix_size", 1024}}, 20000},
      {"compute/gemm", "cuda:0", {{"dtype", "fp32"}, {"matrix_size", 4096}}, 40000},
      {"compute/gemm", "cuda:0", {{"dtype", "fp32"}, {"matrix_size", 8192}}, 50000},
      {"memory/stream_triad", "cuda:0", {{"array_bytes", 1 << 30}}, 4000},
      {"interconnect/host_device",
       "cuda:0",
       {{"direction", "h2d"},
        {"host_memory", "pinned"},
        {"method", "copy"},
        {"transfer_bytes", 1 << 20}},
       40},
      {"interconnect/host_device",
       "cuda:0",
       {{"direction", "h2d"},
        {"host_memory", "pinned"},
        {"method", "copy"},
        {"transfer_bytes", 1 << 26}},
       50},
      {"interconnect/host_device_latency",
       "cuda:0",
       {{"direction", "h2d"}, {"host_memory", "pinned"}, {"transfer_bytes", 8}},
       2000},
  });
}

Json second_platform_file() {
  return results_file({
      {"compute/fma_peak", "opencl:0", {{"dtype", "fp32"}, {"vector_width", 8}}, 15000},
      {"compute/fma_peak", "opencl:0", {{"dtype", "fp32"}, {"vector_width", 16}}, 20000},
      {"compute/fma_peak",
       "opencl:0",
       {{"dtype", "fp64"}, {"vector_width", 8}},
       0,
       "skipped",
       "the device lacks fp64 (cl_khr_fp64)"},
      {"memory/stream_triad", "opencl:0", {{"array_bytes", 1 << 28}}, 1000},
      {"interconnect/host_device",
       "opencl:0",
       {{"direction", "h2d"},
        {"host_memory", "pinned"},
        {"method", "map"},
        {"transfer_bytes", 1 << 26}},
       25},
      {"interconnect/host_device_latency",
       "opencl:0",
       {{"direction", "h2d"}, {"host_memory", "pinned"}, {"transfer_bytes", 8}},
       8000},
      {"stability/os_noise", "opencl:0", {{"threads", 2}}, 500},
  });
}

Verdict cross_platform() {
  static const Json a = cuda_file();
  static const Json b = second_platform_file();
  return make_verdict({"cuda.json", &a, std::nullopt}, {"opencl.json", &b, std::nullopt});
}

TEST(Verdict, AcrossPlatformsFiguresPairByWhatTheyMeasure) {
  const Verdict v = cross_platform();
  EXPECT_FALSE(v.instances) << "different backends: no instance-by-instance section";
  const FigureGroup& compute = claim(v, "compute").figures;
  const VerdictRow* fp32 = row(compute, "compute/fma_peak", "dtype:fp32");
  ASSERT_NE(fp32, nullptr) << "vector_width is a how-parameter: the best of each side meets";
  EXPECT_NEAR(fp32->performance, 20000.0 / 60000, 1e-9);
  EXPECT_EQ(fp32->a_instance, "compute/fma_peak/cuda:0/dtype:fp32/vector_width:1");
  EXPECT_EQ(fp32->b_instance, "compute/fma_peak/opencl:0/dtype:fp32/vector_width:16");
  ASSERT_TRUE(fp32->ci);
  EXPECT_LE(fp32->ci->first, fp32->performance);
  EXPECT_GE(fp32->ci->second, fp32->performance);

  const MissingFigure* fp64 = nullptr;
  for (const auto& m : compute.missing) {
    if (m.figure == "dtype:fp64") fp64 = &m;
  }
  ASSERT_NE(fp64, nullptr) << "B skipped fp64: said, not dropped";
  EXPECT_EQ(fp64->lacking, "B");
  EXPECT_EQ(fp64->reason, "skipped on B: the device lacks fp64 (cl_khr_fp64)");
  const MissingFigure* gemm = missing(compute, "compute/gemm");
  ASSERT_NE(gemm, nullptr);
  EXPECT_EQ(gemm->reason, "not measured on B");
  EXPECT_EQ(gemm->value, 50000) << "A's figure at its largest matrix";
}

TEST(Verdict, LinksAreComparedPerLinkClassAndStabilityIsOneSection) {
  const Verdict v = cross_platform();
  const VerdictRow* triad = row(link(v, "memory"), "memory/stream_triad", "largest array_bytes");
  ASSERT_NE(triad, nullptr);
  EXPECT_NEAR(triad->performance, 0.25, 1e-9);
  const FigureGroup& host = link(v, "host-device");
  const VerdictRow* peak = row(host, "interconnect/host_device",
                               "direction:h2d/host_memory:pinned, peak over transfer_bytes");
  ASSERT_NE(peak, nullptr);
  EXPECT_NEAR(peak->performance, 0.5, 1e-9);
  const VerdictRow* latency = row(host, "interconnect/host_device_latency",
                                  "direction:h2d/host_memory:pinned, smallest transfer_bytes");
  ASSERT_NE(latency, nullptr);
  EXPECT_NEAR(latency->performance, 0.25, 1e-9) << "4x the latency: B a quarter as good";
  EXPECT_EQ(claim(v, "interconnect").links.size(), 2u) << "memory and host<->device only";

  const MissingFigure* noise = missing(v.stability.figures, "stability/os_noise");
  ASSERT_NE(noise, nullptr) << "only B ran os_noise";
  EXPECT_EQ(noise->lacking, "A");
  EXPECT_NE(v.stability.summary.find("problem(s)"), std::string::npos);
}

TEST(Verdict, GemmAtTheLargestMatrixSizeBothMeasured) {
  const Json a = cuda_file();
  const Json b = results_file({
      {"compute/gemm", "opencl:0", {{"dtype", "fp32"}, {"matrix_size", 512}}, 100},
      {"compute/gemm", "opencl:0", {{"dtype", "fp32"}, {"matrix_size", 4096}}, 4000},
  });
  const Verdict v = make_verdict({"a", &a, std::nullopt}, {"b", &b, std::nullopt});
  const VerdictRow* gemm =
      row(claim(v, "compute").figures, "compute/gemm", "dtype:fp32, matrix_size 4096");
  ASSERT_NE(gemm, nullptr);
  EXPECT_NEAR(gemm->performance, 0.1, 1e-9);
  EXPECT_EQ(gemm->a_instance, "compute/gemm/cuda:0/dtype:fp32/matrix_size:4096");

  const Json c =
      results_file({{"compute/gemm", "opencl:0", {{"dtype", "fp32"}, {"matrix_size", 512}}, 100}});
  const Verdict none = make_verdict({"a", &a, std::nullopt}, {"c", &c, std::nullopt});
  const MissingFigure* m = missing(claim(none, "compute").figures, "compute/gemm");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->reason, "no matrix_size both measured (A: 1024 to 8192, B: 512 to 512)");
}

Json levels_analysis(const std::string& device, const Json& levels) {
  return Json::array({{{"benchmark", "memory/latency"}, {"device", device}, {"levels", levels}}});
}

TEST(Verdict, MemoryLatencyPerLevelByName) {
  const Json a = results_file(
      {{"memory/latency",
        "cpu:0",
        {{"pages", "4k"}, {"order", "lines"}, {"working_set_bytes", 4096}},
        1},
       {"memory/latency",
        "cpu:0",
        {{"pages", "4k"}, {"order", "lines"}, {"working_set_bytes", 1 << 20}},
        4},
       {"memory/latency",
        "cpu:0",
        {{"pages", "4k"}, {"order", "lines"}, {"working_set_bytes", 1 << 30}},
        100}},
      levels_analysis(
          "cpu:0",
          {{{"level", "L1d"}, {"working_set_min_bytes", 0}, {"working_set_max_bytes", 16384}},
           {{"level", "L2"}, {"working_set_min_bytes", 65536}, {"working_set_max_bytes", 1 << 20}},
           {{"level", "DRAM"},
            {"working_set_min_bytes", 1 << 26},
            {"working_set_max_bytes", nullptr}}}));
  const Json b = results_file(
      {{"memory/latency", "cuda:0", {{"working_set_bytes", 1 << 20}}, 40},
       {"memory/latency", "cuda:0", {{"working_set_bytes", 1 << 29}}, 500}},
      levels_analysis(
          "cuda:0",
          {{{"level", "L2"}, {"working_set_min_bytes", 0}, {"working_set_max_bytes", 1 << 22}},
           {{"level", "DRAM"},
            {"working_set_min_bytes", 1 << 26},
            {"working_set_max_bytes", nullptr}}}));
  const Verdict v = make_verdict({"a", &a, std::nullopt}, {"b", &b, std::nullopt});
  const FigureGroup& memory = link(v, "memory");
  const VerdictRow* l2 = row(memory, "memory/latency", "level L2");
  ASSERT_NE(l2, nullptr);
  EXPECT_NEAR(l2->performance, 0.1, 1e-9);
  const VerdictRow* dram = row(memory, "memory/latency", "level DRAM");
  ASSERT_NE(dram, nullptr);
  EXPECT_NEAR(dram->performance, 0.2, 1e-9);
  const MissingFigure* l1 = missing(memory, "memory/latency");
  ASSERT_NE(l1, nullptr);
  EXPECT_EQ(l1->figure, "level L1d");
  EXPECT_EQ(l1->reason, "B's analysis named no level L1d");
  EXPECT_EQ(row(memory, "memory/latency", "largest working_set_bytes"), nullptr)
      << "levels in common: no comparison of unlike largest sizes";
}

TEST(Verdict, AnOlderFileWithoutHeadlinesHasThemRecomputed) {
  const Json a = cuda_file();
  Json b = second_platform_file();
  b["suite"].erase("headlines");
  const Verdict v = make_verdict({"a", &a, std::nullopt}, {"b", &b, std::nullopt});
  EXPECT_NE(row(claim(v, "compute").figures, "compute/fma_peak", "dtype:fp32"), nullptr);
  EXPECT_NE(row(link(v, "host-device"), "interconnect/host_device",
                "direction:h2d/host_memory:pinned, peak over transfer_bytes"),
            nullptr);
}

TEST(Verdict, AHeadlineWhoseInstanceTheFileDoesNotHoldIsNoEvidence) {
  const Json a = cuda_file();
  Json b = second_platform_file();
  Json& results = b["suite"]["results"];
  for (auto it = results.begin(); it != results.end(); ++it) {
    if ((*it)["benchmark"] == "memory/stream_triad") {
      results.erase(it);
      break;
    }
  }
  const Verdict v = make_verdict({"a", &a, std::nullopt}, {"b", &b, std::nullopt});
  EXPECT_EQ(row(link(v, "memory"), "memory/stream_triad", "largest array_bytes"), nullptr);
  const MissingFigure* triad = missing(link(v, "memory"), "memory/stream_triad");
  ASSERT_NE(triad, nullptr) << "the edited file's left-over headline is dropped, and said";
  EXPECT_EQ(triad->reason, "not measured on B");
}

TEST(Verdict, TheSameBackendsAlsoCompareInstanceByInstance) {
  const Json a = cuda_file();
  const Json b = cuda_file();
  const Verdict v = make_verdict({"a", &a, std::nullopt}, {"b", &b, std::nullopt});
  ASSERT_TRUE(v.instances);
  ASSERT_EQ(v.instances->claims.size(), 3u);
  EXPECT_EQ(v.instances->claims[0].rows.size(), 5u) << "every compute instance";
  EXPECT_EQ(v.instances->claims[1].rows.size(), 4u);
  for (const auto& r : v.instances->claims[0].rows) {
    EXPECT_EQ(r.a_instance, r.b_instance);
    EXPECT_NEAR(r.performance, 1, 1e-9);
  }
  EXPECT_TRUE(v.instances->not_compared.empty());
}

TEST(Verdict, ADeviceNotInItsFileIsAUsageError) {
  const Json a = cuda_file();
  try {
    (void)make_verdict({"a", &a, "cuda:1"}, {"a", &a, "cuda:0"});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_NE(std::string(e.what()).find("no results for device cuda:1"), std::string::npos);
  }
}

// Every row's instances, ratio and CI, and every missing figure's reason, in
// all three forms.
TEST(Verdict, TextMarkdownAndJsonCarryTheSameContent) {
  const Verdict v = cross_platform();
  std::ostringstream text, markdown, json;
  print_verdict(text, v, "text");
  print_verdict(markdown, v, "markdown");
  print_verdict(json, v, "json");
  const Json parsed = Json::parse(json.str());
  // Each string as the text form shows it, and as the markdown form does.
  const auto in_both = [&](const std::string& wanted) {
    EXPECT_NE(text.str().find(terminal_text(wanted)), std::string::npos) << wanted;
    EXPECT_NE(markdown.str().find(markdown_text(wanted)), std::string::npos) << wanted;
  };
  std::size_t rows = 0, missing_figures = 0;
  const auto check = [&](const Json& group) {
    for (const auto& r : group["rows"]) {
      ++rows;
      in_both(r["a_instance"].get<std::string>());
      in_both(r["b_instance"].get<std::string>());
      in_both(format_number(r["performance_b_vs_a"].get<double>(), number_format::kRatio) + "x");
      const Json& ci = r["performance_ci95"];
      in_both("[" + format_number(ci[0].get<double>(), number_format::kRatio) + ", " +
              format_number(ci[1].get<double>(), number_format::kRatio) + "]");
    }
    for (const auto& m : group["missing"]) {
      ++missing_figures;
      in_both(m["reason"].get<std::string>());
      in_both(m["instance"].get<std::string>());
    }
    in_both(group["summary"].get<std::string>());
  };
  for (const auto& c : parsed["claims"]) {
    check(c);
    for (const auto& l : c.value("links", Json::array())) {
      in_both(l["title"].get<std::string>() + ": " + l["summary"].get<std::string>());
    }
  }
  check(parsed["stability"]["figures"]);
  in_both(parsed["stability"]["summary"].get<std::string>());
  EXPECT_EQ(rows, 4u) << "fma_peak fp32, stream_triad, host_device peak and latency";
  EXPECT_EQ(missing_figures, 3u) << "fp64 and gemm only on A, os_noise only on B";
}

}  // namespace
}  // namespace accelbench
