#!/usr/bin/env bash
# scripts/gpu-targets.py on a made-up H200 run: the % of each reference (the
# FMA target from the SM clock the kernel measured, NVML's sample without it;
# the transfers from the copy peer), the machine-readable summary (targets,
# %, failures), a missed or missing target gives exit 1, bad input exit 2;
# and scripts/gpu-check's summary and log when its driver check stops it.
set -u
source_dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
def result(benchmark, value, unit, telemetry=None, details=None, **params):
    r = {"benchmark": benchmark, "device": "cuda:0", "status": "ok", "params": params,
         "metric": {"value": value, "unit": unit}}
    if telemetry:
        r["telemetry"] = {"samples": 2, "readings": telemetry}
    if details:
        r["details"] = details
    return r
results = [
    result("memory/stream_copy", 4300.0, "GB/s", array_bytes=251658240),
    result("memory/stream_triad", 100.0, "GB/s", array_bytes=4096),  # a small point of the sweep
    result("memory/stream_triad", 4080.0, "GB/s", array_bytes=251658240),
    result("compute/gemm", 790e3, "GFLOP/s", dtype="bf16", matrix_size=8192),
    result("compute/fma_peak", 60e3, "GFLOP/s",
           {"nvml.gpu1.sm_clock_mhz": {"min": 345, "max": 1755, "before": 345, "after": 1755}},
           {"measured_sm_clock_mhz": 1980.2}, dtype="fp32"),
    result("interconnect/host_device", 54.0, "GB/s", direction="h2d", method="copy_engine",
           host_memory="pinned", transfer_bytes=1 << 30),
    result("interconnect/host_device", 40.0, "GB/s", direction="d2h", method="copy_engine",
           host_memory="pinned", transfer_bytes=1 << 30),
    {"benchmark": "compute/gemm", "device": "cuda:0", "status": "timeout",
     "params": {"dtype": "fp64", "matrix_size": 16384}, "reason": "no answer in 30 s"},
]
gpu = {"id": "cuda:0", "description": {"sm_count": 132, "sm_clock_mhz": 1755,
                                       "nvml": {"index": 1, "max_sm_clock_mhz": 1980}}}
json.dump({"suite": {"devices": [gpu], "results": results}}, open(f"{tmp}/run.json", "w"))
# The same run without the in-kernel clock: NVML's highest sample stands in.
del results[4]["details"]
json.dump({"suite": {"devices": [gpu], "results": results}}, open(f"{tmp}/nvml.json", "w"))
open(f"{tmp}/peer.txt", "w").write("h2d 1073741824 55.00\nd2h 1073741824 55.00\nd2d 1073741824 4400.00\n")
PY
targets=$source_dir/scripts/gpu-targets.py
out=$(/usr/bin/python3 "$targets" "$tmp/run.json" "$tmp/peer.txt" --summary "$tmp/summary.json")
status=$?
echo "$out"
failures=0
expect() {  # a line of the reference table that must appear
  if grep -qE "$1" <<<"$out"; then echo "ok   $2"; else echo "FAIL $2"; failures=$((failures + 1)); fi
}
expect '^device copy.* 111\.1%' "copy 4300 GB/s is 111.1% of 0.9 x 4.3 TB/s"
expect '^STREAM triad.* 100\.0%' "triad: the largest array of the sweep, 4080 = 0.85 x 4.8 TB/s"
expect '^bf16 GEMM.* 105\.3%' "bf16 GEMM 790 TFLOP/s is 105.3% of 0.95 x 790"
expect '^fp32 FMA.* 99\.6%.*1980 MHz \(measured in the kernel\).*MISSED' \
  "FMA from the clock the kernel measured: 60e3 / (0.9 x 132 x 256 x 1.98e3)"
expect '^fp32 FMA at the highest SM clock \(1980 MHz\): 89\.7% of its peak' \
  "FMA against the peak at NVML's highest clock as well"
expect '^h2d pinned.* 109\.1%' "h2d 54 GB/s against 0.9 x the peer's 55"
expect '^d2h pinned.* 80\.8%.*MISSED' "d2h 40 GB/s against 0.9 x the peer's 55"
expect '^stream_copy / cudaMemcpy.*: 0\.977' "copy against the peer's device-to-device copy"
summary_check=$(/usr/bin/python3 - "$tmp/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
t = {x["label"]: x for x in s["targets"]}
checks = [
    (s["targets_total"] == 6 and s["targets_met"] == 4, "6 targets, 4 met"),
    (t["bf16 GEMM 8192^3"]["percent"] == 105.3 and t["bf16 GEMM 8192^3"]["met"], "GEMM 105.3%, met"),
    (t["d2h pinned copy engine 1 GiB"]["met"] is False, "d2h missed"),
    (s["fp32_fma_percent_at_highest_clock"] == 89.7, "FMA % at the highest clock"),
    (s["results"] == 8, "8 results"),
    (s["failures"] == [{"benchmark": "compute/gemm", "params": {"dtype": "fp64", "matrix_size": 16384},
                        "status": "timeout", "reason": "no answer in 30 s"}], "the timeout listed"),
]
for ok, what in checks:
    print(("ok   summary: " if ok else "FAIL summary: ") + what)
PY
)
echo "$summary_check"
grep -q FAIL <<<"$summary_check" && failures=$((failures + 1))
grep -c '^ok' <<<"$summary_check" | grep -qx 6 || failures=$((failures + 1))
nvml_out=$(/usr/bin/python3 "$targets" "$tmp/nvml.json" "$tmp/peer.txt")
if grep -qE '^fp32 FMA.*1755 MHz \(NVML sample: no in-kernel measurement\)' <<<"$nvml_out"; then
  echo "ok   without the in-kernel clock, NVML's highest sample on the GPU's NVML index"
else
  echo "FAIL the NVML fallback"; failures=$((failures + 1))
fi
[[ $status == 1 ]] && echo "ok   exit 1 when a target is missed" ||
  { echo "FAIL exit $status with targets missed"; failures=$((failures + 1)); }
/usr/bin/python3 "$targets" "$tmp/peer.txt" >/dev/null 2>&1
[[ $? == 2 ]] && echo "ok   not a results file: exit 2" ||
  { echo "FAIL a bad file"; failures=$((failures + 1)); }

# scripts/gpu-check's run step, stopped by its first check (a driver too old
# for the bundle's CUDA release, from a stand-in nvidia-smi, so no GPU is used
# even where one exists): it writes into $OUT, its log is complete (the tee
# waited for: the summary is its last line), and the summary is one JSON line.
mkdir -p "$tmp/gpu/bundle/lib" "$tmp/bin" "$tmp/out"
cp "$1" "$tmp/gpu/bundle/accelbench"
cp "$1" "$tmp/gpu/bundle/accelbench_unit_tests"
echo 13.0 >"$tmp/gpu/bundle/cuda_release"
printf '#!/bin/sh\necho 535.104.05\n' >"$tmp/bin/nvidia-smi"
chmod +x "$tmp/bin/nvidia-smi"
check_out=$(PATH=$tmp/bin:$PATH ACCELBENCH_BUILD_DIR=$tmp/gpu OUT=$tmp/out \
  bash "$source_dir/scripts/gpu-check" 2>&1)
check_status=$?
echo "$check_out"
gpu_check=$(/usr/bin/python3 - "$tmp/out" "$check_status" "$check_out" <<'PY'
import glob, json, sys
out, status, printed = sys.argv[1], int(sys.argv[2]), sys.argv[3]
summary = json.load(open(f"{out}/gpu-check-summary.json"))
logs = glob.glob(f"{out}/gpu-check-*.log")
last = open(logs[0]).read().splitlines()[-1] if len(logs) == 1 else ""
line = [l for l in printed.splitlines() if l.startswith("gpu-check summary: ")]
checks = [
    (status == 1, "exit 1"),
    (summary["note"] == "driver too old" and summary["driver"] == "535.104.05", "the driver first"),
    (summary["phases"] == [] and summary["targets"] is None, "nothing ran after it"),
    (set(summary) == {"exit", "note", "seconds", "driver", "device", "results", "phases",
                      "targets"}, "the summary's fields"),
    (len(line) == 1 and json.loads(line[0][len("gpu-check summary: "):]) == summary,
     "the summary printed as one JSON line"),
    (last.startswith("gpu-check summary: "), "the log in $OUT ends with the summary"),
]
for ok, what in checks:
    print(("ok   gpu-check: " if ok else "FAIL gpu-check: ") + what)
PY
)
echo "$gpu_check"
grep -q FAIL <<<"$gpu_check" && failures=$((failures + 1))
grep -c '^ok' <<<"$gpu_check" | grep -qx 6 || failures=$((failures + 1))
exit $((failures > 0))
