#!/usr/bin/env python3
"""Each CUDA result of a run next to the reference figure issue 7 sets for an
H200, as % of the target; the host<->device targets are relative to the copy
peer measured on the same machine (scripts/peers.d/cuda_copy.cu). The fp32
FMA target is 0.9 x the peak at the SM clock the kernel measured itself
(clock64 against %globaltimer, the result's details); the % of the peak at
the GPU's highest clock is shown beside it.

Usage: gpu-targets.py RESULTS.json [PEER.txt] [--summary SUMMARY.json]
       gpu-targets.py --print-filter L2_BYTES
  --print-filter prints the --filter regex (ECMAScript) that selects exactly
  the targets' benchmark instances on cuda:0 (whose L2 has L2_BYTES), for
  scripts/gpu-check.
  --summary writes the machine-readable summary: every target (label, measured,
  target, percent, met, what) and every result that is not ok (benchmark,
  params, status, reason).
Exit status: 0 when every reference found was met, 1 when one was missed or
had no result, 2 on bad input.
"""
import json
import sys

GIB = 1 << 30

MIB = 1 << 20


def target_filter(l2_bytes):
    """The instances the targets read (names: benchmark/cuda:0/param:value/...):
    the stream copy (one size), the triad at its default size (4 x L2 rounded
    up to a MiB, stream.h), the bf16 GEMM at 8192, the fp32 FMA, the pinned
    copy-engine transfers of 1 GiB."""
    triad_bytes = (4 * l2_bytes + MIB - 1) // MIB * MIB
    return (r"^memory/stream_copy/cuda:0(/|$)"
            rf"|^memory/stream_triad/cuda:0/array_bytes:{triad_bytes}$"
            r"|^compute/gemm/cuda:0/dtype:bf16/matrix_size:8192$"
            r"|^compute/fma_peak/cuda:0/dtype:fp32$"
            r"|^interconnect/host_device/cuda:0(?=.*/direction:(h2d|d2h)(/|$))"
            r"(?=.*/method:copy_engine(/|$))(?=.*/host_memory:pinned(/|$))"
            r"(?=.*/transfer_bytes:1073741824(/|$))")


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
    """The SM clock the FMA kernel measured inside itself; without it, the
    highest NVML read during the run, else the rated one."""
    measured = (result.get("details") or {}).get("measured_sm_clock_mhz")
    if measured:
        return round(measured), "measured in the kernel"
    readings = result.get("telemetry", {}).get("readings", {})
    sampled = readings.get(f"nvml.gpu{nvml_index}.sm_clock_mhz", {}).get("max")
    if sampled:
        return sampled, "NVML sample: no in-kernel measurement"
    return rated, "rated: no measurement"


def highest_sm_clock_mhz(gpu):
    """The GPU's highest SM clock: NVML's maximum, else the rated clock."""
    return (gpu.get("nvml") or {}).get("max_sm_clock_mhz") or gpu.get("sm_clock_mhz", 0)


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


def fma_at_highest_clock(results, gpu):
    """The fp32 FMA result as % of the peak at the highest SM clock, or None."""
    ok = [r for r in results if r["device"] == "cuda:0" and r["status"] == "ok"
          and r["benchmark"] == "compute/fma_peak" and r["params"].get("dtype") == "fp32"]
    clock = highest_sm_clock_mhz(gpu)
    if not ok or not clock:
        return None
    peak = gpu.get("sm_count", 0) * 128 * 2 * clock * 1e6 / 1e9
    return (clock, 100 * ok[0]["metric"]["value"] / peak) if peak else None


def arguments(argv):
    summary = None
    if "--summary" in argv:
        i = argv.index("--summary")
        if i + 1 >= len(argv):
            bad_input("--summary needs a file")
        summary = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    if len(argv) not in (1, 2):
        bad_input(__doc__)
    return argv[0], (argv[1] if len(argv) == 2 else None), summary


def main():
    if sys.argv[1:2] == ["--print-filter"]:
        if len(sys.argv) != 3 or not sys.argv[2].isdigit() or int(sys.argv[2]) <= 0:
            bad_input("--print-filter needs the L2 size in bytes")
        print(target_filter(int(sys.argv[2])))
        return
    results_path, peer_path, summary_path = arguments(sys.argv[1:])
    run = load(results_path)
    try:
        suite = run["suite"]
        results = suite["results"]
        gpus = [d for d in suite["devices"] if d["id"] == "cuda:0"]
    except (KeyError, TypeError):
        bad_input("not an accelbench results file")
    if not gpus:
        bad_input("the run has no cuda:0")
    peer = read_peer(peer_path)

    print(f"{'benchmark':<34} {'params':<52} {'median':>11} unit")
    for r in results:
        params = "/".join(f"{k}:{v}" for k, v in r["params"].items())[:52]
        if r["status"] == "ok":
            metric = r["metric"]
            print(f"{r['benchmark']:<34} {params:<52} {metric['value']:11.4g} {metric['unit']}")
        else:
            print(f"{r['benchmark']:<34} {params:<52} {r['status']}: {r.get('reason', '')[:70]}")

    print(f"\n{'reference':<34} {'measured':>11} {'target':>11} {'%':>7}  target is")
    gpu = gpus[0]["description"]
    rows = targets(results, gpu, peer)
    missed = 0
    summary_targets = []
    for label, result, target, what in rows:
        if result is None or not target:
            print(f"{label:<34} {'-':>11} {target:11.4g} {'-':>7}  {what}: no result")
            missed += 1
            summary_targets.append({"label": label, "measured": None, "target": target or None,
                                    "percent": None, "met": False, "what": what})
            continue
        value = result["metric"]["value"]
        share = 100 * value / target
        missed += share < 100
        print(f"{label:<34} {value:11.4g} {target:11.4g} {share:6.1f}%  {what}"
              f"{'' if share >= 100 else '  MISSED'}")
        summary_targets.append({"label": label, "measured": value, "target": target,
                                "percent": round(share, 1), "met": share >= 100, "what": what})
    at_highest = fma_at_highest_clock(results, gpu)
    if at_highest:
        print(f"\nfp32 FMA at the highest SM clock ({at_highest[0]} MHz): "
              f"{at_highest[1]:.1f}% of its peak")
    copy = rows[0][1]
    if copy and peer.get("d2d"):
        print(f"\nstream_copy / cudaMemcpy device to device ({peer['d2d']} GB/s): "
              f"{copy['metric']['value'] / peer['d2d']:.3f}")
    if summary_path:
        failures = [{"benchmark": r["benchmark"], "params": r["params"], "status": r["status"],
                     "reason": r.get("reason", "")} for r in results if r["status"] != "ok"]
        summary = {"targets": summary_targets,
                   "targets_met": sum(t["met"] for t in summary_targets),
                   "targets_total": len(summary_targets),
                   "fp32_fma_percent_at_highest_clock":
                       round(at_highest[1], 1) if at_highest else None,
                   "results": len(results), "failures": failures}
        try:
            with open(summary_path, "w") as f:
                json.dump(summary, f, indent=1)
                f.write("\n")
        except OSError as e:
            bad_input(f"cannot write {summary_path}: {e}")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
