// DCMI (libdcmi.so, the NPU driver's management interface) as accelbench
// calls it, declared here: the driver's dcmi_interface_api.h is never a build
// dependency (the library is loaded at run time, dcmi_library.cpp). Every
// type, constant and signature below is written out as DCMI defines them.
//
// Sources:
//  - signatures and struct layouts: Ascend/mind-cluster
//    component/ascend-common/devmanager/dcmi/dcmi_interface_api.h (Apache-2.0
//    copy of the driver's header, used by its cgo wrapper dcmi.go, which
//    dlopens libdcmi.so the same way);
//  - meanings and units: the driver's DCMI API reference for Atlas A2
//    (verylucky01/driver docs/zh/Ascend_910B_DCMI_API/Ascend_910B_DCMI_API/
//    <function>.md): temperature in degrees C (dcmi_get_device_temperature),
//    power in 0.1 W (dcmi_get_device_power_info), frequency in
//    MHz and type 7 = AI Core current frequency (dcmi_get_device_frequency),
//    HBM size in MB (dcmi_get_device_hbm_info; memory_usage in the same unit,
//    as mind-cluster and npu-smi use it), health 0 normal / 1 minor alarm /
//    2 major alarm / 3 critical alarm / 0xFFFFFFFF no such device
//    (dcmi_get_device_health), driver version into 64 bytes
//    (dcmi_get_driver_version), ECC counts of the HBM, cleared at reboot
//    (dcmi_get_device_ecc_info), dcmi_get_card_num_list deprecated for
//    dcmi_get_card_list (same signature);
//  - error codes: DCMI_OK 0, DCMI_ERR_CODE_INNER_ERR -8005 (the reference's
//    return_codes.md).
//
// The function lists are X-macros, X(return type, name, (parameters)): the
// loader's table and the test stand-in (tests/stand_ins/dcmi) are generated
// from the same lines, so they cannot disagree on a signature.
#pragma once

namespace accelbench::ascend::dcmi {

inline constexpr int DCMI_OK = 0;
inline constexpr int DCMI_ERR_CODE_INNER_ERR = -8005;

inline constexpr int MAX_CHIP_NAME_LEN = 32;
inline constexpr unsigned kDriverVersionBytes = 64;  // dcmi_get_driver_version's buffer

struct dcmi_chip_info {
  unsigned char chip_type[MAX_CHIP_NAME_LEN];  // "Ascend"
  unsigned char chip_name[MAX_CHIP_NAME_LEN];  // "910B3"
  unsigned char chip_ver[MAX_CHIP_NAME_LEN];   // "V1"
  unsigned int aicore_cnt;
};

struct dcmi_pcie_info_all {
  unsigned int venderid;
  unsigned int subvenderid;
  unsigned int deviceid;
  unsigned int subdeviceid;
  int domain;
  unsigned int bdf_busid;
  unsigned int bdf_deviceid;
  unsigned int bdf_funcid;
  unsigned char reserve[32];  // the header: "the size of dcmi_pcie_info_all is 64"
};
static_assert(sizeof(dcmi_pcie_info_all) == 64);

// The newer header's layout (nine fields). The A2 reference lists the first
// seven; a driver that fills only those writes less than this holds, never
// more.
struct dcmi_ecc_info {
  int enable_flag;                          // 0: ECC off (the counts mean nothing)
  unsigned int single_bit_error_cnt;        // corrected, since boot
  unsigned int double_bit_error_cnt;        // multi-bit: uncorrected, since boot
  unsigned int total_single_bit_error_cnt;  // over the device's life
  unsigned int total_double_bit_error_cnt;
  unsigned int single_bit_isolated_pages_cnt;
  unsigned int double_bit_isolated_pages_cnt;
  unsigned int single_bit_next_isolated_pages_cnt;
  unsigned int double_bit_next_isolated_pages_cnt;
};

struct dcmi_hbm_info {
  unsigned long long memory_size;   // MB
  unsigned int freq;                // MHz
  unsigned long long memory_usage;  // MB
  int temp;                         // degrees C
  unsigned int bandwith_util_rate;  // percent
};

enum dcmi_freq_type : int {
  DCMI_FREQ_DDR = 1,
  DCMI_FREQ_CTRLCPU = 2,
  DCMI_FREQ_HBM = 6,
  DCMI_FREQ_AICORE_CURRENT = 7,  // the header spells it DCMI_FREQ_AICORE_CURRENT_
  DCMI_FREQ_AICORE_MAX = 9,      // rated
  DCMI_FREQ_VECTORCORE_CURRENT = 12,
};

enum dcmi_device_type : int {
  DCMI_DEVICE_TYPE_DDR = 0,
  DCMI_DEVICE_TYPE_SRAM = 1,
  DCMI_DEVICE_TYPE_HBM = 2,  // the only type dcmi_get_device_ecc_info takes on A2
  DCMI_DEVICE_TYPE_NPU = 3,
  DCMI_DEVICE_TYPE_NONE = 0xff,
};

inline constexpr unsigned kHealthNoDevice = 0xFFFFFFFFU;  // dcmi_get_device_health

// libdcmi.so: what the loader cannot do without (the map from logical ids to
// (card, device)).
#define ACCELBENCH_DCMI_FUNCTIONS(X)                                  \
  X(int, dcmi_init, ())                                               \
  X(int, dcmi_get_device_num_in_card, (int card_id, int* device_num)) \
  X(int, dcmi_get_device_logic_id, (int* device_logic_id, int card_id, int device_id))

// libdcmi.so: the rest; null when the driver lacks one, and what it reports
// is then left out. The card list is read with dcmi_get_card_list, or with
// its older name dcmi_get_card_num_list (one of them is required).
#define ACCELBENCH_DCMI_OPTIONAL_FUNCTIONS(X)                                                  \
  X(int, dcmi_get_card_list, (int* card_num, int* card_list, int list_len))                    \
  X(int, dcmi_get_card_num_list, (int* card_num, int* card_list, int list_len))                \
  X(int, dcmi_get_device_chip_info, (int card_id, int device_id, dcmi_chip_info* chip_info))   \
  X(int, dcmi_get_device_pcie_info_v2,                                                         \
    (int card_id, int device_id, dcmi_pcie_info_all* pcie_info))                               \
  X(int, dcmi_get_driver_version, (char* driver_ver, unsigned int len))                        \
  X(int, dcmi_get_dcmi_version, (char* dcmi_ver, int buf_size))                                \
  X(int, dcmi_get_device_temperature, (int card_id, int device_id, int* temperature))          \
  X(int, dcmi_get_device_power_info, (int card_id, int device_id, int* power))                 \
  X(int, dcmi_get_device_frequency,                                                            \
    (int card_id, int device_id, dcmi_freq_type input_type, unsigned int* frequency))          \
  X(int, dcmi_get_device_hbm_info, (int card_id, int device_id, dcmi_hbm_info* hbm_info))      \
  X(int, dcmi_get_device_ecc_info,                                                             \
    (int card_id, int device_id, dcmi_device_type input_type, dcmi_ecc_info* device_ecc_info)) \
  X(int, dcmi_get_device_health, (int card_id, int device_id, unsigned int* health))

}  // namespace accelbench::ascend::dcmi
