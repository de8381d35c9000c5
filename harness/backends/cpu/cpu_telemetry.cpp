// Host telemetry: load average and where CPU time went (/proc), and core
// clocks and temperatures where the kernel exposes them (cpufreq, thermal
// zones; virtual machines usually do not: then those readings are absent).
#include <accelbench/telemetry.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace accelbench::cpu {
namespace {

struct CpuTimes {
  double busy = 0, steal = 0, iowait = 0, total = 0;
};

// The aggregate "cpu" line of /proc/stat, in jiffies.
bool read_cpu_times(CpuTimes& times) {
  std::ifstream in("/proc/stat");
  std::string label;
  double user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
  if (!(in >> label >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal) ||
      label != "cpu") {
    return false;
  }
  times.busy = user + nice + system + irq + softirq;
  times.steal = steal;
  times.iowait = iowait;
  times.total = times.busy + idle + iowait + steal;
  return true;
}

std::optional<double> read_number(const std::filesystem::path& path) {
  std::ifstream in(path);
  double value = 0;
  if (in >> value) return value;
  return std::nullopt;
}

class HostTelemetry final : public TelemetryProvider {
 public:
  std::string name() const override { return "host"; }

  std::map<std::string, double> sample() override {
    std::map<std::string, double> out;
    if (std::ifstream in("/proc/loadavg"); in) {
      double load1 = 0;
      if (in >> load1) out["load1"] = load1;
    }
    CpuTimes now;
    if (read_cpu_times(now)) {
      const double total = now.total - last_.total;
      if (have_last_ && total > 0) {
        out["cpu_busy_percent"] = 100 * (now.busy - last_.busy) / total;
        out["cpu_steal_percent"] = 100 * (now.steal - last_.steal) / total;
        out["cpu_iowait_percent"] = 100 * (now.iowait - last_.iowait) / total;
      }
      last_ = now;
      have_last_ = true;
    }
    std::error_code error;
    for (const auto& entry :
         std::filesystem::directory_iterator("/sys/devices/system/cpu", error)) {
      const std::string cpu = entry.path().filename().string();
      if (cpu.rfind("cpu", 0) != 0 || cpu.size() < 4 || !std::isdigit(cpu[3])) continue;
      if (auto khz = read_number(entry.path() / "cpufreq/scaling_cur_freq")) {
        out[cpu + "_mhz"] = *khz / 1000;
      }
    }
    for (const auto& entry : std::filesystem::directory_iterator("/sys/class/thermal", error)) {
      const std::string zone = entry.path().filename().string();
      if (zone.rfind("thermal_zone", 0) != 0) continue;
      if (auto millidegrees = read_number(entry.path() / "temp")) {
        out[zone + "_celsius"] = *millidegrees / 1000;
      }
    }
    return out;
  }

 private:
  CpuTimes last_;
  bool have_last_ = false;
};

ACCELBENCH_REGISTER_TELEMETRY(kHostTelemetry, [] {
  return std::unique_ptr<TelemetryProvider>(std::make_unique<HostTelemetry>());
});

}  // namespace
}  // namespace accelbench::cpu
