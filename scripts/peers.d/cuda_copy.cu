// A stand-alone copy peer for the CUDA transfers, in the spirit of NVIDIA's
// nvbandwidth (not packaged for Debian); no code shared with accelbench.
// For each direction, one copy of SIZE bytes by the copy engines
// (cudaMemcpyAsync) between a cudaMallocHost'ed host buffer and device memory,
// or device to device (d2d), timed with events: 3 warm-up copies, then the
// best of 20. Prints one line per direction:
//   h2d <bytes> <GB/s>     d2h …     d2d … (bytes read + written per second)
// Usage: cuda_copy [SIZE_MiB (default 1024)]
#include <cuda_runtime.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

void check(cudaError_t status, const char* what) {
  if (status != cudaSuccess) {
    std::fprintf(stderr, "cuda_copy: %s: %s\n", what, cudaGetErrorString(status));
    std::exit(1);
  }
}

double best_seconds(void* to, const void* from, size_t bytes, cudaMemcpyKind kind) {
  cudaStream_t stream;
  cudaEvent_t start, stop;
  check(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "stream");
  check(cudaEventCreate(&start), "event");
  check(cudaEventCreate(&stop), "event");
  double best = 1e30;
  for (int i = 0; i < 23; ++i) {
    check(cudaEventRecord(start, stream), "record");
    check(cudaMemcpyAsync(to, from, bytes, kind, stream), "cudaMemcpyAsync");
    check(cudaEventRecord(stop, stream), "record");
    check(cudaEventSynchronize(stop), "synchronize");
    float ms = 0;
    check(cudaEventElapsedTime(&ms, start, stop), "elapsed");
    if (i >= 3 && ms * 1e-3 < best) best = ms * 1e-3;
  }
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  cudaStreamDestroy(stream);
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const size_t bytes = static_cast<size_t>(argc > 1 ? std::atol(argv[1]) : 1024) << 20;
  void *host = nullptr, *device = nullptr, *device2 = nullptr;
  check(cudaMallocHost(&host, bytes), "cudaMallocHost");
  check(cudaMalloc(&device, bytes), "cudaMalloc");
  check(cudaMalloc(&device2, bytes), "cudaMalloc");
  std::memset(host, 0x5a, bytes);
  check(cudaMemset(device, 0xa5, bytes), "cudaMemset");
  const double gb = static_cast<double>(bytes) / 1e9;
  std::printf("h2d %zu %.2f\n", bytes,
              gb / best_seconds(device, host, bytes, cudaMemcpyHostToDevice));
  std::printf("d2h %zu %.2f\n", bytes,
              gb / best_seconds(host, device, bytes, cudaMemcpyDeviceToHost));
  std::printf("d2d %zu %.2f\n", bytes,
              2 * gb / best_seconds(device2, device, bytes, cudaMemcpyDeviceToDevice));
  cudaFree(device2);
  cudaFree(device);
  cudaFreeHost(host);
  return 0;
}
