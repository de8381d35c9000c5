// Placeholder until DCMI is loaded (the next change): no DCMI facts yet.
#include "ascend/dcmi_library.h"

namespace accelbench::ascend::dcmi {

nlohmann::ordered_json describe(int) { return "not read: DCMI support is not built yet"; }

std::optional<std::string> pci_bus_id(int) { return std::nullopt; }

}  // namespace accelbench::ascend::dcmi
