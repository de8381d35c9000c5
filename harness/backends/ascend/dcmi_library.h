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

namespace accelbench::ascend::dcmi {

// DCMI's description of the NPU with AscendCL logical id `logical_id`:
// {"card": c, "device": d, "chip": "...", "pci_bus_id": "0000:c1:00.0",
// "driver_version": "...", "health": code, ...}; a string saying why there is
// none (libdcmi.so absent, dcmi_init failed, the id unknown to DCMI).
nlohmann::ordered_json describe(int logical_id);

// The NPU's PCI bus id ("0000:c1:00.0", hwloc's form), when DCMI gives it.
std::optional<std::string> pci_bus_id(int logical_id);

}  // namespace accelbench::ascend::dcmi
