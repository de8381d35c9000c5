/* A stand-alone point-to-point peer written to the OSU micro-benchmarks'
 * conventions (Debian 12 packages neither OSU nor IMB); no code shared with
 * accelbench.
 *   osu_p2p latency SIZE    ping-pong, 1000 warm-up + 10000 timed round
 *                           trips; prints the one-way latency in us
 *   osu_p2p bw SIZE         windows of 64 MPI_Isend, the receiver acks each
 *                           window; 10 warm-up + 100 timed windows (20 for
 *                           sizes above 64 KiB); prints GB/s (1e9 B/s)
 * Run with exactly 2 ranks. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW 64

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (argc != 3) {
    if (rank == 0) fprintf(stderr, "usage: osu_p2p latency|bw SIZE\n");
    MPI_Abort(MPI_COMM_WORLD, 2);
  }
  const int size = atoi(argv[2]);
  char* buffer = malloc((size_t)size);
  memset(buffer, 'a' + rank, (size_t)size);
  const int peer = 1 - rank;
  double start = 0;
  if (strcmp(argv[1], "latency") == 0) {
    const int skip = 1000, loops = 10000;
    for (int i = 0; i < skip + loops; ++i) {
      if (i == skip) {
        MPI_Barrier(MPI_COMM_WORLD);
        start = MPI_Wtime();
      }
      if (rank == 0) {
        MPI_Send(buffer, size, MPI_CHAR, peer, 1, MPI_COMM_WORLD);
        MPI_Recv(buffer, size, MPI_CHAR, peer, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      } else {
        MPI_Recv(buffer, size, MPI_CHAR, peer, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Send(buffer, size, MPI_CHAR, peer, 1, MPI_COMM_WORLD);
      }
    }
    if (rank == 0) printf("%.4f\n", (MPI_Wtime() - start) * 1e6 / (2.0 * loops));
  } else {
    const int skip = 10, loops = size > 65536 ? 20 : 100;
    MPI_Request requests[WINDOW];
    char ack = 0;
    for (int i = 0; i < skip + loops; ++i) {
      if (i == skip) {
        MPI_Barrier(MPI_COMM_WORLD);
        start = MPI_Wtime();
      }
      for (int w = 0; w < WINDOW; ++w) {
        if (rank == 0) {
          MPI_Isend(buffer, size, MPI_CHAR, peer, 2, MPI_COMM_WORLD, &requests[w]);
        } else {
          MPI_Irecv(buffer, size, MPI_CHAR, peer, 2, MPI_COMM_WORLD, &requests[w]);
        }
      }
      MPI_Waitall(WINDOW, requests, MPI_STATUSES_IGNORE);
      if (rank == 0) {
        MPI_Recv(&ack, 1, MPI_CHAR, peer, 3, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      } else {
        MPI_Send(&ack, 1, MPI_CHAR, peer, 3, MPI_COMM_WORLD);
      }
    }
    if (rank == 0) {
      printf("%.4f\n", (double)size * WINDOW * loops / (MPI_Wtime() - start) / 1e9);
    }
  }
  free(buffer);
  MPI_Finalize();
  return 0;
}
