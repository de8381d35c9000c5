#!/usr/bin/env bash
# An Ascend results file and a CUDA results file side by side, through
# compare --devices --allow-different-machines, verdict and report. The
# Ascend file is a run on the stand-in AscendCL and aclnn (tests/stand_ins:
# a test device computing on the host); the CUDA file is synthetic, made from
# it here: the names, device and fingerprint of an "H200" cuda:0, compute twice
# as fast, links 1.25x faster, and an fp64 GEMM that Ascend does not offer.
# Neither is a measurement of either platform: the test checks that the
# tools pair the two platforms' evidence, not what it says about them.
# Arguments: the accelbench executable, the source folder, the stand-ins' folder.
set -u
exe=$1
standins=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python=/usr/bin/python3
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

for library in libascendcl.so libnnopbase.so libopapi.so; do
  [[ -f $standins/$library ]] || { echo "SKIP the stand-in $standins/$library is not built"; exit 77; }
done
export ACCELBENCH_ASCEND_LIBRARY_DIR=$standins
unset ACCELBENCH_STANDIN_ASCEND_FAULT

"$exe" run --device ascend:0 --filter 'stream_triad|gemm/ascend:0/dtype:fp(16|32)|host_device/ascend:0/direction:h2d' \
  --param array_bytes=256KiB --param matrix_size=64 --param transfer_bytes=1MiB \
  --min-time 0.01 --repetitions 4 --isolate --timeout 120 --out "$work/ascend.json" >"$work/run.txt" 2>&1
status=$?
[[ $status -eq 0 ]] || { cat "$work/run.txt"; echo "FAIL the stand-in Ascend run exited $status"; exit 1; }

"$python" - "$work/ascend.json" "$work/cuda.json" <<'PY' || { echo "FAIL making the synthetic CUDA file"; exit 1; }
import copy, json, sys
a = json.load(open(sys.argv[1]))
text = json.dumps(a).replace("ascend:0", "cuda:0")
c = json.loads(text)
synthetic = "synthetic CUDA results made by tests/cli/ascend_vs_cuda_test.sh: not a measurement"
fingerprint = c["suite"]["fingerprint"]
fingerprint["hash"] = "5y47h371c0000000"
fingerprint["info"]["hostname"] = "synthetic-h200-node"
for device in c["suite"]["devices"]:
    if device["id"] == "cuda:0":
        device.update({"backend": "cuda", "name": "NVIDIA H200 (" + synthetic + ")",
                       "description": {"name": "NVIDIA H200", "synthetic": synthetic}})
factor = {"compute": 0.5, "interconnect": 0.8}
for run in c["benchmarks"]:
    suite = run.get("suite", {})
    if run.get("run_type") == "iteration" and suite.get("device") == "cuda:0":
        f = factor[suite["claim"]]
        suite["samples"]["seconds_per_iteration"] = [s * f for s in suite["samples"]["seconds_per_iteration"]]
        run["real_time"] *= f
        run["cpu_time"] *= f
# An fp64 GEMM, which aclnnMatmul does not take: the CUDA side only.
fp32 = [r for r in c["suite"]["results"] if r["name"].startswith("compute/gemm/cuda:0/dtype:fp32/")]
assert fp32, "no fp32 GEMM in the Ascend run"
old = fp32[0]["name"]
new = old.replace("dtype:fp32", "dtype:fp64")
result = copy.deepcopy(fp32[0])
result["name"] = new
result["params"]["dtype"] = "fp64"
c["suite"]["results"].append(result)
for run in [r for r in c["benchmarks"] if r.get("suite", {}).get("name") == old]:
    twin = json.loads(json.dumps(run).replace(old, new))
    twin["suite"]["params"]["dtype"] = "fp64"
    c["benchmarks"].append(twin)
json.dump(c, open(sys.argv[2], "w"))
PY

# compare: the Ascend file against the CUDA file as BASE, paired by benchmark
# and parameters, fp64 unpaired. Whether a 0.5x pair is a significant
# REGRESSION depends on the stand-in's timing noise; the exit status must
# agree with the verdicts either way (0 or 1, never a usage error).
"$exe" compare "$work/cuda.json" "$work/ascend.json" --allow-different-machines \
  --devices cuda:0,ascend:0 --format json --out "$work/compare.json" >/dev/null 2>"$work/compare.err"
status=$?
[[ $status -le 1 ]] || fail "compare exited $status: $(cat "$work/compare.err")"
"$python" - "$work/compare.json" "$work/ascend.json" "$status" <<'PY' || fail "compare's pairs"
import json, sys
c = json.load(open(sys.argv[1]))
a = json.load(open(sys.argv[2]))
regression = any(r["verdict"] == "REGRESSION" for r in c["rows"])
assert int(sys.argv[3]) == c["exit_code"] == (1 if regression else 0), (sys.argv[3], c["exit_code"])
assert not any(r["verdict"] in ("IMPROVEMENT", "NO CHANGE") for r in c["rows"]), c["rows"]
ran = [r for r in a["suite"]["results"] if r["status"] == "ok"]
assert c["devices"] == "cuda:0 vs ascend:0", c["devices"]
assert c["gate_failures"] == [], c["gate_failures"]
assert len(c["rows"]) == len(ran), (len(c["rows"]), len(ran))
assert all("ascend:0" not in r["name"] and "cuda:0" not in r["name"] for r in c["rows"]), c["rows"]
for r in c["rows"]:
    expected = 0.5 if r["benchmark"] == "compute/gemm" else 0.8
    assert abs(r["ratio_oriented"] - expected) < 1e-6 * expected, r
assert any("dtype:fp64" in u and "only in BASE (cuda:0)" in u for u in c["unpaired"]), c["unpaired"]
print(f"ok   compare: {len(c['rows'])} pairs across platforms, unpaired {c['unpaired']}")
PY

# verdict: the three claims, B (Ascend) against A (CUDA).
"$exe" verdict "$work/cuda.json" "$work/ascend.json" --format json --out "$work/verdict.json" \
  >/dev/null 2>"$work/verdict.err" || fail "verdict exited $?: $(cat "$work/verdict.err")"
"$python" - "$work/verdict.json" <<'PY' || fail "the verdict across platforms"
import json, sys
v = json.load(open(sys.argv[1]))[0]
claims = {c["claim"]: c for c in v["claims"]}
gemm = [r for r in claims["compute"]["rows"] if r["benchmark"] == "compute/gemm"]
assert gemm, claims["compute"]
for r in gemm:
    assert abs(r["performance_b_vs_a"] - 0.5) < 0.01, r
links = claims["interconnect"]["rows"]
assert any(r["benchmark"] == "memory/stream_triad" for r in links), links
assert any(r["benchmark"] == "interconnect/host_device" for r in links), links
for r in links:
    assert abs(r["performance_b_vs_a"] - 0.8) < 0.01, r
assert v["stability"]["a"]["runs"] > 0 and v["stability"]["b"]["runs"] > 0, v["stability"]
print(f"ok   verdict: gemm {len(gemm)} row(s) at 0.5x, links {len(links)} row(s) at 0.8x")
PY

# report: one page with both files.
"$exe" report "$work/cuda.json" "$work/ascend.json" -o "$work/report.html" >/dev/null \
  2>"$work/report.err" || fail "report exited $?: $(cat "$work/report.err")"
for text in 'ascend:0' 'cuda:0' 'stand-in' 'synthetic'; do
  grep -q -- "$text" "$work/report.html" || fail "the report does not show '$text'"
done
[[ $failures -eq 0 ]] && echo "ok   report: both platforms on one page"
exit $((failures > 0))
