#!/usr/bin/env python3
"""Each CUDA result of a run next to the reference figure issue 7 sets for an
H200, as % of the target; the host<->device targets are relative to the copy
peer measured on the same machine (scripts/peers.d/cuda_copy.cu).

Usage: gpu-targets.py RESULTS.json [PEER.txt]
Exit status: 0 when every reference found was met, 1 when one was missed or
had no result, 2 on bad input.
"""
import json
import sys

GIB = 1 << 30


def bad_input(message):
    print(f"gpu-targets: {message}", file=sys.stderr)
    sys.exit(2)


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        bad_input(f"cannot read {path}: {e}")


def read_peer(path):
    """{'h2d': GB/s, 'd2h': GB/s, 'd2d': GB/s} from the copy peer's lines."""
    figures = {}
    if not path:
        return figures
    try:
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 3:
                    figures[parts[0]] = float(parts[2])
    except (OSError, ValueError) as e:
        print(f"gpu-targets: no peer figures ({e})")
    return figures


def sm_clock_mhz(result, nvml_index, rated):
    """The highest SM clock NVML read during the run, else the rated one."""
    readings = result.get("telemetry", {}).get("readings", {})
    measured = readings.get(f"nvml.gpu{nvml_index}.sm_clock_mhz", {}).get("max")
    return (measured, "measured") if measured else (rated, "rated: no NVML reading")


def targets(results, gpu, peer):
    """(label, matching result or None, target value, what the target is)."""
    nvml_index = (gpu.get("nvml") or {}).get("index", 0)
    ok = [r for r in results if r["device"] == "cuda:0" and r["status"] == "ok"]

    def find(benchmark, **params):
        matches = [r for r in ok if r["benchmark"] == benchmark
                   and all(r["params"].get(k) == v for k, v in params.items())]
        # The largest array of a size sweep: the one past the caches.
        return max(matches, key=lambda r: r["params"].get("array_bytes", 0), default=None)

    rows = []
    copy = find("memory/stream_copy")
    rows.append(("device copy (read + write)", copy, 0.9 * 4.3e3, "0.9 x 4.3 TB/s"))
    triad = find("memory/stream_triad")
    rows.append(("STREAM triad", triad, 0.85 * 4.8e3, "0.85 x 4.8 TB/s spec"))
    gemm = find("compute/gemm", dtype="bf16", matrix_size=8192)
    rows.append(("bf16 GEMM 8192^3", gemm, 0.95 * 790e3, "0.95 x 790 TFLOP/s"))
    fma = find("compute/fma_peak", dtype="fp32")
    if fma:
        clock, how = sm_clock_mhz(fma, nvml_index, gpu.get("sm_clock_mhz", 0))
        peak = gpu.get("sm_count", 0) * 128 * 2 * clock * 1e6 / 1e9
        rows.append(("fp32 FMA peak", fma, 0.9 * peak,
                     f"0.9 x {gpu.get('sm_count')} SMs x 128 x 2 x {clock} MHz ({how})"))
    else:
        rows.append(("fp32 FMA peak", None, 0, "0.9 x SMs x 128 x 2 x SM clock"))
    for direction in ("h2d", "d2h"):
        transfer = find("interconnect/host_device", direction=direction, method="copy_engine",
                        host_memory="pinned", transfer_bytes=GIB)
        reference = peer.get(direction)
        rows.append((f"{direction} pinned copy engine 1 GiB", transfer,
                     0.9 * reference if reference else 0,
                     f"0.9 x the copy peer's {reference} GB/s" if reference else
                     "0.9 x the copy peer (not measured)"))
    return rows


def main():
    if len(sys.argv) not in (2, 3):
        bad_input(__doc__)
    run = load(sys.argv[1])
    try:
        suite = run["suite"]
        results = suite["results"]
        gpus = [d for d in suite["devices"] if d["id"] == "cuda:0"]
    except (KeyError, TypeError):
        bad_input("not an accelbench results file")
    if not gpus:
        bad_input("the run has no cuda:0")
    peer = read_peer(sys.argv[2] if len(sys.argv) == 3 else None)

    print(f"{'benchmark':<34} {'params':<52} {'median':>11} unit")
    for r in results:
        params = "/".join(f"{k}:{v}" for k, v in r["params"].items())[:52]
        if r["status"] == "ok":
            metric = r["metric"]
            print(f"{r['benchmark']:<34} {params:<52} {metric['value']:11.4g} {metric['unit']}")
        else:
            print(f"{r['benchmark']:<34} {params:<52} {r['status']}: {r.get('reason', '')[:70]}")

    print(f"\n{'reference':<34} {'measured':>11} {'target':>11} {'%':>7}  target is")
    rows = targets(results, gpus[0]["description"], peer)
    missed = 0
    for label, result, target, what in rows:
        if result is None or not target:
            print(f"{label:<34} {'-':>11} {target:11.4g} {'-':>7}  {what}: no result")
            missed += 1
            continue
        value = result["metric"]["value"]
        share = 100 * value / target
        missed += share < 100
        print(f"{label:<34} {value:11.4g} {target:11.4g} {share:6.1f}%  {what}"
              f"{'' if share >= 100 else '  MISSED'}")
    copy = rows[0][1]
    if copy and peer.get("d2d"):
        print(f"\nstream_copy / cudaMemcpy device to device ({peer['d2d']} GB/s): "
              f"{copy['metric']['value'] / peer['d2d']:.3f}")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
