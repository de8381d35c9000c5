// DCMI (libdcmi.so, the NPU driver's management interface), loaded at run
// time like AscendCL: the device facts AscendCL does not give (PCI bus id,
// chip, driver version, health) and the telemetry of dcmi_telemetry.cpp
// (temperature, power, AI Core frequency, HBM use, ECC counts, health code).
// DCMI addresses an NPU by (card, device); AscendCL by its logical id, which
// dcmi_get_device_logic_id maps. A function the driver lacks leaves its
// reading out, never invented.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ascend/dcmi_api.h"

namespace accelbench::ascend::dcmi {

// DCMI's description of the NPU with AscendCL logical id `logical_id`:
// {"card": c, "device": d, "chip": "...", "pci_bus_id": "0000:c1:00.0",
// "driver_version": "...", "health": code, ...}; a string saying why there is
// none (libdcmi.so absent, dcmi_init failed, the id unknown to DCMI).
nlohmann::ordered_json describe(int logical_id);

// The NPU's PCI bus id ("0000:c1:00.0", hwloc's form), when DCMI gives it.
std::optional<std::string> pci_bus_id(int logical_id);

// The loaded library (dcmi_library.cpp): its functions, by the names of
// dcmi_api.h, shared with the telemetry (dcmi_telemetry.cpp).
#define ACCELBENCH_DCMI_POINTER(result, name, parameters) result(*name) parameters = nullptr;
struct Functions {
  ACCELBENCH_DCMI_FUNCTIONS(ACCELBENCH_DCMI_POINTER)
  ACCELBENCH_DCMI_OPTIONAL_FUNCTIONS(ACCELBENCH_DCMI_POINTER)
};
#undef ACCELBENCH_DCMI_POINTER

// One NPU as DCMI addresses it.
struct Npu {
  int logic_id = 0;  // the driver's logical id (AscendCL's device id, see dcmi_library.cpp)
  int card = 0;
  int device = 0;
};

struct Library {
  Functions call;
  std::vector<Npu> npus;  // in (card, device) order
  std::string problem;    // why DCMI cannot be used here; empty when it can
};

// libdcmi.so loaded, initialised (dcmi_init) and its NPUs listed, once per
// process; `problem` says why not (no library, a required function missing,
// dcmi_init's error).
const Library& library();

}  // namespace accelbench::ascend::dcmi
