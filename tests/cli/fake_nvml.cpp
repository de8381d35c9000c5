// A stand-in for libnvidia-ml.so.1 with one GPU, for testing the NVML loader
// on machines without the driver. It exports the names of an older driver
// where NVML renamed a function (nvmlDeviceGetCurrentClocksThrottleReasons,
// not ...EventReasons; nvmlInit, not nvmlInit_v2), so the fallback lookups are
// what finds them, and leaves some functions out entirely (power, NVLink), so
// those readings must be absent rather than invented. The corrected ECC count
// goes up by one on every read: a counter that changes during a run.
namespace {
int fake_gpu;
}

extern "C" {

int nvmlInit(void) { return 0; }
int nvmlDeviceGetCount(unsigned* count) {
  *count = 1;
  return 0;
}
int nvmlDeviceGetHandleByIndex(unsigned index, void** handle) {
  if (index != 0) return 2;  // NVML_ERROR_INVALID_ARGUMENT
  *handle = &fake_gpu;
  return 0;
}
int nvmlDeviceGetHandleByPciBusId(const char* bus_id, void** handle) {
  (void)bus_id;
  *handle = &fake_gpu;
  return 0;
}
int nvmlDeviceGetIndex(void* handle, unsigned* index) {
  (void)handle;
  *index = 0;
  return 0;
}
int nvmlDeviceGetClockInfo(void* handle, unsigned type, unsigned* mhz) {
  (void)handle;
  *mhz = type == 1 ? 1980 : 3201;  // SM, memory
  return 0;
}
int nvmlDeviceGetTemperature(void* handle, unsigned sensor, unsigned* celsius) {
  (void)handle;
  (void)sensor;
  *celsius = 41;
  return 0;
}
int nvmlDeviceGetCurrentClocksThrottleReasons(void* handle, unsigned long long* reasons) {
  (void)handle;
  *reasons = 0x4;  // SW power cap
  return 0;
}
int nvmlDeviceGetTotalEccErrors(void* handle, unsigned type, unsigned counter,
                                unsigned long long* count) {
  static unsigned long long corrected = 0;
  (void)handle;
  (void)counter;
  *count = type == 0 ? ++corrected : 0;
  return 0;
}
int nvmlDeviceGetMigMode(void* handle, unsigned* current, unsigned* pending) {
  (void)handle;
  (void)current;
  (void)pending;
  return 3;  // NVML_ERROR_NOT_SUPPORTED
}

}  // extern "C"
