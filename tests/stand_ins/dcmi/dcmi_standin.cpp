// A stand-in for libdcmi.so (the NPU driver's management interface), for
// testing the DCMI loader and telemetry where no NPU driver is installed. Its
// NPUs are test devices: the chip name says "accelbench stand-in", and every
// number is made up (documented in tests/stand_ins/README.md).
//
//  - ACCELBENCH_STANDIN_ASCEND_DEVICES=N NPUs (default 2, at most 32), two to
//    a card: cards 1, 2, ... (an odd N leaves the last card with one NPU).
//    DCMI's logical ids run backwards over (card, device), so a loader that
//    takes the enumeration order for the logical order is caught: with two
//    NPUs, logical id 0 is card 1 device 1. The NPU with logical id L has PCI
//    bus id 0000:(c1+L):00.0.
//  - Moving counters: temperature and power change on every read; the HBM's
//    ECC counts stay 0 unless ACCELBENCH_STANDIN_ASCEND_FAULT has
//    ecc_errors, and then go up on every read (single-bit by 2, multi-bit by
//    1) and the health code is 1 (minor alarm).
//  - ACCELBENCH_STANDIN_ASCEND_FAULT=error:<function> makes that function
//    return DCMI_ERR_CODE_INNER_ERR; hang:<function> makes it sleep forever;
//    an entry of no known form makes dcmi_init fail (the entry on stderr).
//  - Like an older driver it exports dcmi_get_card_num_list, not its newer
//    name dcmi_get_card_list, and lacks dcmi_get_dcmi_version: the loader's
//    fallback finds the first, and what the second would say is left out.
//  - Every function but dcmi_init fails until dcmi_init has been called, as
//    the real library does.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <thread>

#include "ascend/dcmi_api.h"

using namespace accelbench::ascend::dcmi;

// The declarations the loader uses: a definition below with another
// signature does not compile.
extern "C" {
#define ACCELBENCH_DCMI_DECLARE(result, name, parameters) result name parameters;
ACCELBENCH_DCMI_FUNCTIONS(ACCELBENCH_DCMI_DECLARE)
ACCELBENCH_DCMI_OPTIONAL_FUNCTIONS(ACCELBENCH_DCMI_DECLARE)
#undef ACCELBENCH_DCMI_DECLARE
}

namespace {

constexpr int kMaxNpus = 32;
constexpr int kNpusPerCard = 2;

std::atomic<bool> initialised{false};
std::atomic<unsigned> temperature_reads[kMaxNpus];
std::atomic<unsigned> power_reads[kMaxNpus];
std::atomic<unsigned> ecc_reads[kMaxNpus];

int npu_count() {
  const char* text = std::getenv("ACCELBENCH_STANDIN_ASCEND_DEVICES");
  if (!text || !*text) return 2;
  char* end = nullptr;
  const long count = std::strtol(text, &end, 10);
  if (*end != '\0' || count < 0) return 2;
  return count > kMaxNpus ? kMaxNpus : static_cast<int>(count);
}

// ACCELBENCH_STANDIN_ASCEND_FAULT, read once: a comma-separated list of
// corrupt_copy (the AscendCL stand-in's), corrupt_collective (HCCL's),
// ecc_errors, error:<function> and hang:<function>. `unknown` is the first entry of none of these
// forms.
struct Faults {
  std::set<std::string> entries;
  std::string unknown;
};

const Faults& faults() {
  static const Faults parsed = [] {
    Faults out;
    const char* text = std::getenv("ACCELBENCH_STANDIN_ASCEND_FAULT");
    std::string rest = text ? text : "";
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      const std::string entry = rest.substr(0, comma);
      rest = comma == std::string::npos ? std::string() : rest.substr(comma + 1);
      if (entry.empty()) continue;
      const bool known = entry == "corrupt_copy" || entry == "corrupt_collective" ||
                         entry == "ecc_errors" ||
                         (entry.starts_with("error:") && entry.size() > 6) ||
                         (entry.starts_with("hang:") && entry.size() > 5);
      if (known) {
        out.entries.insert(entry);
      } else if (out.unknown.empty()) {
        out.unknown = entry;
      }
    }
    return out;
  }();
  return parsed;
}

bool has_fault(const std::string& entry) { return faults().entries.count(entry) > 0; }

// The injected fault of `function`, or not initialised: the error to return
// (0: none).
int enter(const char* function, bool needs_init = true) {
  if (has_fault(std::string("hang:") + function)) {
    for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
  }
  if (has_fault(std::string("error:") + function)) return DCMI_ERR_CODE_INNER_ERR;
  if (needs_init && !initialised.load()) return DCMI_ERR_CODE_INNER_ERR;
  return DCMI_OK;
}

// The NPU at (card, device) in enumeration order, or -1.
int npu_at(int card, int device) {
  const int index = (card - 1) * kNpusPerCard + device;
  if (card < 1 || device < 0 || device >= kNpusPerCard || index >= npu_count()) return -1;
  return index;
}

int logic_id_of(int index) { return npu_count() - 1 - index; }

template <std::size_t N>
void copy_text(unsigned char (&field)[N], const char* text) {
  std::strncpy(reinterpret_cast<char*>(field), text, N - 1);
  field[N - 1] = '\0';
}

}  // namespace

#define ACCELBENCH_STANDIN_ENTER()                \
  if (const int fault = enter(__func__); fault) { \
    return fault;                                 \
  }
#define ACCELBENCH_STANDIN_NPU(card, device)             \
  const int npu = npu_at(card, device);                  \
  if (npu < 0) {                                         \
    return DCMI_ERR_CODE_INNER_ERR; /* no such device */ \
  }

extern "C" {

int dcmi_init() {
  if (const int fault = enter(__func__, false)) return fault;
  if (!faults().unknown.empty()) {  // a typo must not pass for a run without the fault
    std::fprintf(stderr,
                 "libdcmi.so stand-in: unknown fault '%s' in ACCELBENCH_STANDIN_ASCEND_FAULT "
                 "(corrupt_copy, corrupt_collective, ecc_errors, error:<function>, "
                 "hang:<function>)\n",
                 faults().unknown.c_str());
    return DCMI_ERR_CODE_INNER_ERR;
  }
  initialised = true;
  return DCMI_OK;
}

int dcmi_get_card_num_list(int* card_num, int* card_list, int list_len) {
  ACCELBENCH_STANDIN_ENTER()
  const int cards = (npu_count() + kNpusPerCard - 1) / kNpusPerCard;
  if (cards > list_len) return DCMI_ERR_CODE_INNER_ERR;
  *card_num = cards;
  for (int c = 0; c < cards; ++c) card_list[c] = c + 1;
  return DCMI_OK;
}

int dcmi_get_device_num_in_card(int card_id, int* device_num) {
  ACCELBENCH_STANDIN_ENTER()
  ACCELBENCH_STANDIN_NPU(card_id, 0)
  *device_num = npu_at(card_id, 1) < 0 ? 1 : 2;
  (void)npu;
  return DCMI_OK;
}

int dcmi_get_device_logic_id(int* device_logic_id, int card_id, int device_id) {
  ACCELBENCH_STANDIN_ENTER()
  ACCELBENCH_STANDIN_NPU(card_id, device_id)
  *device_logic_id = logic_id_of(npu);
  return DCMI_OK;
}

int dcmi_get_device_chip_info(int card_id, int device_id, dcmi_chip_info* chip_info) {
  ACCELBENCH_STANDIN_ENTER()
  ACCELBENCH_STANDIN_NPU(card_id, device_id)
  *chip_info = {};
  copy_text(chip_info->chip_type, "Ascend");
  copy_text(chip_info->chip_name, "910B3 (accelbench stand-in)");
  copy_text(chip_info->chip_ver, "V1");
  chip_info->aicore_cnt = 24;  // as the AscendCL stand-in says
  return DCMI_OK;
}

int dcmi_get_device_pcie_info_v2(int card_id, int device_id, dcmi_pcie_info_all* pcie_info) {
  ACCELBENCH_STANDIN_ENTER()
  ACCELBENCH_STANDIN_NPU(card_id, device_id)
  *pcie_info = {};
  pcie_info->venderid = 0x19e5;  // Huawei
  pcie_info->deviceid = 0xd802;
  pcie_info->domain = 0;
  pcie_info->bdf_busid = 0xc1 + static_cast<unsigned>(logic_id_of(npu));
  return DCMI_OK;
}

int dcmi_get_driver_version(char* driver_ver, unsigned int len) {
  ACCELBENCH_STANDIN_ENTER()
  const char* version = "0.0.0 (accelbench stand-in)";
  if (len <= std::strlen(version)) return DCMI_ERR_CODE_INNER_ERR;
  std::strcpy(driver_ver, version);
  return DCMI_OK;
}

int dcmi_get_device_temperature(int card_id, int device_id, int* temperature) {
  ACCELBENCH_STANDIN_ENTER()
  ACCELBENCH_STANDIN_NPU(card_id, device_id)
  *temperature = 45 + static_cast<int>(++temperature_reads[npu] % 8);  // degrees C
  return DCMI_OK;
}

int dcmi_get_device_power_info(int card_id, int device_id, int* power) {
  ACCELBENCH_STANDIN_ENTER()
  ACCELBENCH_STANDIN_NPU(card_id, device_id)
  *power = 1500 + 7 * static_cast<int>(++power_reads[npu] % 10);  // 0.1 W: 150.0-156.3 W
  return DCMI_OK;
}

int dcmi_get_device_frequency(int card_id, int device_id, dcmi_freq_type input_type,
                              unsigned int* frequency) {
  ACCELBENCH_STANDIN_ENTER()
  ACCELBENCH_STANDIN_NPU(card_id, device_id)
  (void)npu;
  if (input_type == DCMI_FREQ_AICORE_CURRENT || input_type == DCMI_FREQ_AICORE_MAX) {
    *frequency = 1800;  // MHz
  } else if (input_type == DCMI_FREQ_HBM) {
    *frequency = 1600;
  } else {
    return DCMI_ERR_CODE_INNER_ERR;
  }
  return DCMI_OK;
}

int dcmi_get_device_hbm_info(int card_id, int device_id, dcmi_hbm_info* hbm_info) {
  ACCELBENCH_STANDIN_ENTER()
  ACCELBENCH_STANDIN_NPU(card_id, device_id)
  (void)npu;
  *hbm_info = {};
  hbm_info->memory_size = 65536;  // MB
  hbm_info->memory_usage = 4096;  // MB: what the driver keeps for itself on an idle NPU
  hbm_info->freq = 1600;
  hbm_info->temp = 40;
  return DCMI_OK;
}

int dcmi_get_device_ecc_info(int card_id, int device_id, dcmi_device_type input_type,
                             dcmi_ecc_info* device_ecc_info) {
  ACCELBENCH_STANDIN_ENTER()
  ACCELBENCH_STANDIN_NPU(card_id, device_id)
  if (input_type != DCMI_DEVICE_TYPE_HBM) return DCMI_ERR_CODE_INNER_ERR;
  *device_ecc_info = {};
  device_ecc_info->enable_flag = 1;
  if (has_fault("ecc_errors")) {
    const unsigned reads = ++ecc_reads[npu];
    device_ecc_info->single_bit_error_cnt = 2 * reads;
    device_ecc_info->double_bit_error_cnt = reads;
    device_ecc_info->total_single_bit_error_cnt = 2 * reads;
    device_ecc_info->total_double_bit_error_cnt = reads;
  }
  return DCMI_OK;
}

int dcmi_get_device_health(int card_id, int device_id, unsigned int* health) {
  ACCELBENCH_STANDIN_ENTER()
  ACCELBENCH_STANDIN_NPU(card_id, device_id)
  (void)npu;
  *health = has_fault("ecc_errors") ? 1 : 0;  // 1: minor alarm
  return DCMI_OK;
}

}  // extern "C"
