/* The latency peer: a stand-alone pointer chase in the style of lmbench's
 * lat_mem_rd, written apart from the harness (no shared code): lines of 64 B
 * in a Fisher-Yates shuffled order, linked into one ring, chased with plain
 * pointer loads, timed with clock_gettime.
 * Usage: pointer_chase BYTES; prints the median ns per load of 7 runs. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static int compare(const void* a, const void* b) {
  const double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const size_t bytes = strtoull(argv[1], NULL, 10), lines = bytes / 64;
  if (lines < 2) return 2;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(0, &set);
  sched_setaffinity(0, sizeof set, &set);
  char* memory = aligned_alloc(64, lines * 64);
  size_t* order = malloc(sizeof(size_t) * lines);
  for (size_t i = 0; i < lines; ++i) order[i] = i;
  srand48(12345);
  for (size_t i = lines - 1; i > 0; --i) {
    const size_t j = (size_t)(drand48() * (double)(i + 1));
    const size_t t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  for (size_t k = 0; k < lines; ++k) {
    *(void**)(memory + order[k] * 64) = memory + order[(k + 1) % lines] * 64;
  }
  const long loads = 1L << 22;
  double ns[7];
  void** p = (void**)(memory + order[0] * 64);
  for (long i = 0; i < loads; ++i) p = (void**)*p; /* warm-up */
  for (int r = 0; r < 7; ++r) {
    const double start = now();
    for (long i = 0; i < loads; ++i) p = (void**)*p;
    ns[r] = (now() - start) * 1e9 / loads;
  }
  qsort(ns, 7, sizeof(double), compare);
  printf("%.4f %p\n", ns[3], (void*)p); /* p printed so the chase is not dead code */
  return 0;
}
