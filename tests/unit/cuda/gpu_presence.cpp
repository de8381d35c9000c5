#include "gpu_presence.h"

#include <filesystem>
#include <regex>

namespace accelbench::cuda_test {
namespace {

CatalogState& state() {
  static CatalogState s;
  return s;
}

void enumerate_once() {
  static bool done = false;
  if (done) return;
  done = true;
  state().catalog = enumerate_devices();
}

// Registered at static initialisation; gtest runs its SetUp before any test.
class CatalogFirst : public ::testing::Environment {
 public:
  void SetUp() override {
    state().environment_ran = true;
    if (nvidia_gpu_node_present()) {
      enumerate_once();
      state().taken_before_tests = true;
    }
  }
};

[[maybe_unused]] ::testing::Environment* const kCatalogFirst =
    ::testing::AddGlobalTestEnvironment(new CatalogFirst);

}  // namespace

bool nvidia_gpu_node_present(const std::string& dev) {
  static const std::regex node("nvidia[0-9]+");
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dev, error)) {
    if (std::regex_match(entry.path().filename().string(), node)) return true;
  }
  return false;
}

const CatalogState& catalog_state() {
  enumerate_once();
  return state();
}

std::optional<Device> first_cuda_device(std::string& why_not) {
  const DeviceCatalog& catalog = catalog_state().catalog;
  for (const auto& d : catalog.devices) {
    if (d.backend == "cuda") return d;
  }
  why_not = "the CUDA backend enumerated no device";
  for (const auto& u : catalog.unavailable) {
    if (u.backend == "cuda") why_not = u.reason;
  }
  return std::nullopt;
}

}  // namespace accelbench::cuda_test
