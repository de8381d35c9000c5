// DCMI loaded at run time (dcmi_api.h) and the device facts it gives
// (dcmi_library.h).
//
// Where libdcmi.so is: ACCELBENCH_ASCEND_LIBRARY_DIR=<folder> alone when set
// (the test stand-ins); otherwise AscendCL's places (acl_library.h), then the
// driver's own folders, /usr/local/dcmi and
// /usr/local/Ascend/driver/lib64/driver (the NPU driver installs it there;
// mind-cluster's npu-exporter looks in the same two).
//
// AscendCL's device ids and DCMI's logical ids are the same numbers unless
// ASCEND_RT_VISIBLE_DEVICES renumbers AscendCL's: it lists logical ids
// ("1,2,3"), and AscendCL's device i is then the i-th of them. DCMI does not
// read the variable (CANN's reference for it: "not supported with the DCMI
// interface"), so the map from one to the other is made here.
#include "ascend/dcmi_library.h"

#include <accelbench/shared_library.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "ascend/acl_library.h"

namespace accelbench::ascend::dcmi {
namespace {

constexpr int kDcmiMaxCards = 64;  // dcmi_get_card_num_list: "at most 64"

std::vector<std::string> dcmi_candidates() {
  std::vector<std::string> paths = library_candidates("libdcmi.so");
  const char* chosen = std::getenv("ACCELBENCH_ASCEND_LIBRARY_DIR");
  if (!chosen || !*chosen) {
    paths.push_back("/usr/local/dcmi/libdcmi.so");
    paths.push_back("/usr/local/Ascend/driver/lib64/driver/libdcmi.so");
  }
  return paths;
}

// Every NPU of every card, with its logical id; devices whose logical id DCMI
// does not give are left out. The walk mind-cluster's DcGetLogicIDList makes
// (Ascend/mind-cluster component/ascend-common/devmanager/dcmi/dcmi.go).
std::vector<Npu> list_dcmi_npus(const Functions& call, std::string& problem) {
  auto card_list = call.dcmi_get_card_list ? call.dcmi_get_card_list : call.dcmi_get_card_num_list;
  std::array<int, kDcmiMaxCards> cards{};
  int card_count = 0;
  if (const int status = card_list(&card_count, cards.data(), kDcmiMaxCards); status != DCMI_OK) {
    problem = "DCMI lists no cards: error " + std::to_string(status);
    return {};
  }
  std::vector<Npu> npus;
  for (int c = 0; c < std::clamp(card_count, 0, kDcmiMaxCards); ++c) {
    int devices = 0;
    if (call.dcmi_get_device_num_in_card(cards[c], &devices) != DCMI_OK) continue;
    for (int d = 0; d < devices; ++d) {
      int logic_id = -1;
      if (call.dcmi_get_device_logic_id(&logic_id, cards[c], d) == DCMI_OK && logic_id >= 0) {
        npus.push_back({logic_id, cards[c], d});
      }
    }
  }
  return npus;
}

Library load_dcmi() {
  Library out;
  std::string reason;
  void* handle = open_library(dcmi_candidates(), reason);
  if (!handle) {
    out.problem = "no DCMI: cannot load libdcmi.so: " + reason;
    return out;
  }
  std::string missing, ignored;
#define ACCELBENCH_FROM_DCMI(result, name, parameters) \
  look_up(handle, #name, out.call.name, missing);
#define ACCELBENCH_FROM_DCMI_IF_THERE(result, name, parameters) \
  look_up(handle, #name, out.call.name, ignored);
  ACCELBENCH_DCMI_FUNCTIONS(ACCELBENCH_FROM_DCMI)
  ACCELBENCH_DCMI_OPTIONAL_FUNCTIONS(ACCELBENCH_FROM_DCMI_IF_THERE)  // null when absent
#undef ACCELBENCH_FROM_DCMI
#undef ACCELBENCH_FROM_DCMI_IF_THERE
  if (missing.empty() && !out.call.dcmi_get_card_list && !out.call.dcmi_get_card_num_list) {
    missing = "dcmi_get_card_list (and dcmi_get_card_num_list)";
  }
  if (!missing.empty()) {
    out.problem = "no DCMI: the loaded libdcmi.so lacks " + missing;
    return out;
  }
  if (const int status = out.call.dcmi_init(); status != DCMI_OK) {
    out.problem = "no DCMI: dcmi_init failed with error " + std::to_string(status);
    return out;
  }
  out.npus = list_dcmi_npus(out.call, out.problem);
  return out;  // the library stays loaded (and initialised) for the life of the process
}

// AscendCL's device `acl_id` as a DCMI logical id (see the top of the file);
// -1 when ASCEND_RT_VISIBLE_DEVICES lists fewer devices.
int dcmi_logic_id_of(int acl_id) {
  const char* visible = std::getenv("ASCEND_RT_VISIBLE_DEVICES");
  if (!visible || !*visible) return acl_id;
  // The ids up to the first character that is neither a digit nor a comma,
  // as the runtime reads them.
  std::vector<int> listed;
  int value = -1;
  for (const char* p = visible;; ++p) {
    if (std::isdigit(static_cast<unsigned char>(*p))) {
      value = (value < 0 ? 0 : value * 10) + (*p - '0');
      if (value > 1'000'000) return -1;
      continue;
    }
    if (value >= 0) listed.push_back(value);
    value = -1;
    if (*p != ',') break;
  }
  if (acl_id < 0 || static_cast<std::size_t>(acl_id) >= listed.size()) return -1;
  return listed[static_cast<std::size_t>(acl_id)];
}

const Npu* find_dcmi_npu(const Library& dcmi, int acl_id) {
  const int logic_id = dcmi_logic_id_of(acl_id);
  const auto found = std::find_if(dcmi.npus.begin(), dcmi.npus.end(),
                                  [logic_id](const Npu& npu) { return npu.logic_id == logic_id; });
  return found == dcmi.npus.end() ? nullptr : &*found;
}

// A fixed-size char field as text (up to its first NUL).
template <std::size_t N>
std::string dcmi_text_of(const unsigned char (&field)[N]) {
  const auto* begin = reinterpret_cast<const char*>(field);
  return std::string(begin, std::find(begin, begin + N, '\0'));
}

std::string dcmi_health_meaning(unsigned code) {
  switch (code) {
    case 0:
      return "normal";
    case 1:
      return "minor alarm";
    case 2:
      return "major alarm";
    case 3:
      return "critical alarm";
    default:
      return "unknown code";
  }
}

std::optional<std::string> dcmi_bus_id_of(const Functions& call, const Npu& npu,
                                          nlohmann::ordered_json* unread) {
  if (!call.dcmi_get_device_pcie_info_v2) {
    if (unread) (*unread)["dcmi_get_device_pcie_info_v2"] = "absent from this libdcmi.so";
    return std::nullopt;
  }
  dcmi_pcie_info_all pcie{};
  if (const int status = call.dcmi_get_device_pcie_info_v2(npu.card, npu.device, &pcie);
      status != DCMI_OK) {
    if (unread) (*unread)["dcmi_get_device_pcie_info_v2"] = "error " + std::to_string(status);
    return std::nullopt;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%04x:%02x:%02x.%x",
                static_cast<unsigned>(pcie.domain) & 0xffffU, pcie.bdf_busid & 0xffU,
                pcie.bdf_deviceid & 0x1fU, pcie.bdf_funcid & 0x7U);
  return std::string(text);
}

// Calls `read` when the driver has `function`; notes in `unread` why a fact
// is missing otherwise.
template <class Function, class Read>
void read_dcmi_fact(Function function, const char* name, nlohmann::ordered_json& unread,
                    Read read) {
  if (!function) {
    unread[name] = "absent from this libdcmi.so";
    return;
  }
  if (const int status = read(function); status != DCMI_OK) {
    unread[name] = "error " + std::to_string(status);
  }
}

}  // namespace

const Library& library() {
  static const Library loaded = load_dcmi();
  return loaded;
}

nlohmann::ordered_json describe(int logical_id) {
  const Library& dcmi = library();
  if (!dcmi.problem.empty()) return "not read: " + dcmi.problem;
  const Npu* npu = find_dcmi_npu(dcmi, logical_id);
  if (!npu) {
    const int logic_id = dcmi_logic_id_of(logical_id);
    const char* visible = std::getenv("ASCEND_RT_VISIBLE_DEVICES");
    if (logic_id < 0) {
      return "not read: AscendCL's device " + std::to_string(logical_id) +
             " is not among ASCEND_RT_VISIBLE_DEVICES=" + (visible ? visible : "");
    }
    return "not read: DCMI lists no NPU with logical id " + std::to_string(logic_id);
  }
  const Functions& call = dcmi.call;
  nlohmann::ordered_json out = {
      {"card", npu->card}, {"device", npu->device}, {"logic_id", npu->logic_id}};
  nlohmann::ordered_json unread = nlohmann::ordered_json::object();
  read_dcmi_fact(call.dcmi_get_device_chip_info, "dcmi_get_device_chip_info", unread, [&](auto f) {
    dcmi_chip_info chip{};
    const int status = f(npu->card, npu->device, &chip);
    if (status == DCMI_OK) {
      std::string name = dcmi_text_of(chip.chip_type);
      for (const std::string& part : {dcmi_text_of(chip.chip_name), dcmi_text_of(chip.chip_ver)}) {
        if (!part.empty()) name += (name.empty() ? "" : " ") + part;
      }
      out["chip"] = name;
      out["ai_cores"] = chip.aicore_cnt;
    }
    return status;
  });
  if (const auto bus_id = dcmi_bus_id_of(call, *npu, &unread)) out["pci_bus_id"] = *bus_id;
  read_dcmi_fact(call.dcmi_get_driver_version, "dcmi_get_driver_version", unread, [&](auto f) {
    char version[kDriverVersionBytes] = {};
    const int status = f(version, sizeof version);
    version[sizeof version - 1] = '\0';
    if (status == DCMI_OK) out["driver_version"] = std::string(version);
    return status;
  });
  read_dcmi_fact(call.dcmi_get_dcmi_version, "dcmi_get_dcmi_version", unread, [&](auto f) {
    char version[kDriverVersionBytes] = {};
    const int status = f(version, static_cast<int>(sizeof version));
    version[sizeof version - 1] = '\0';
    if (status == DCMI_OK) out["dcmi_version"] = std::string(version);
    return status;
  });
  read_dcmi_fact(call.dcmi_get_device_health, "dcmi_get_device_health", unread, [&](auto f) {
    unsigned health = 0;
    const int status = f(npu->card, npu->device, &health);
    if (status == DCMI_OK && health == kHealthNoDevice) {
      unread["dcmi_get_device_health"] = "the driver says no such device";
    } else if (status == DCMI_OK) {
      out["health"] = health;
      out["health_meaning"] = dcmi_health_meaning(health);
    }
    return status;
  });
  if (!unread.empty()) out["unread"] = std::move(unread);
  return out;
}

std::optional<std::string> pci_bus_id(int logical_id) {
  const Library& dcmi = library();
  if (!dcmi.problem.empty()) return std::nullopt;
  const Npu* npu = find_dcmi_npu(dcmi, logical_id);
  if (!npu) return std::nullopt;
  return dcmi_bus_id_of(dcmi.call, *npu, nullptr);
}

}  // namespace accelbench::ascend::dcmi
