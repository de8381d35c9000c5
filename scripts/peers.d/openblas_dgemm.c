/* The GEMM peer: OpenBLAS's cblas_dgemm called directly, no harness.
 * Usage: openblas_dgemm N THREADS REPETITIONS; prints the median GFLOP/s. */
#include <cblas.h>
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
  if (argc != 4) return 2;
  const int n = atoi(argv[1]), threads = atoi(argv[2]), reps = atoi(argv[3]);
  if (n < 1 || threads < 1 || reps < 1) return 2;
  openblas_set_num_threads(threads);
  double* a = malloc(sizeof(double) * n * n);
  double* b = malloc(sizeof(double) * n * n);
  double* c = malloc(sizeof(double) * n * n);
  double* rates = malloc(sizeof(double) * reps);
  srand(1);
  for (long i = 0; i < (long)n * n; ++i) {
    a[i] = rand() / (double)RAND_MAX - 0.5;
    b[i] = rand() / (double)RAND_MAX - 0.5;
  }
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, a, n, b, n, 0, c, n);
  for (int r = 0; r < reps; ++r) {
    const double start = now();
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1, a, n, b, n, 0, c, n);
    rates[r] = 2.0 * n * n * (double)n / (now() - start) / 1e9;
  }
  qsort(rates, reps, sizeof(double), compare);
  printf("%.6f\n", rates[(reps - 1) / 2]);
  return 0;
}
