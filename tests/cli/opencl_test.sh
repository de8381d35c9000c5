#!/usr/bin/env bash
# The OpenCL backend end to end (PoCL in CI): every OpenCL benchmark runs in
# isolated children (the parent must stay fork-safe) and verifies; an injected
# bitflip is caught; a device index that does not exist is a usage error; with
# no OpenCL platform the benchmarks are skipped with the reason.
set -u
exe=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python=/usr/bin/python3
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

if ! "$exe" list | grep -q '^# device opencl:0'; then
  echo "SKIP no OpenCL device here (built without OpenCL, or no platform)"
  exit 77
fi

small=(--param array_bytes=1MiB --param working_set_bytes=64KiB --param transfer_bytes=64KiB
       --min-time 0.02)
"$exe" run --device opencl:0 --isolate --timeout 60 "${small[@]}" --out "$work/all.json" \
  >"$work/all.txt" 2>&1 || fail "the OpenCL suite exited $?: $(tail -5 "$work/all.txt")"
"$python" - "$work/all.json" <<'PY' || fail "the OpenCL suite's results"
import json, sys
results = json.load(open(sys.argv[1]))["suite"]["results"]
benchmarks = {r["benchmark"] for r in results}
want = {"memory/stream_copy", "memory/stream_triad", "memory/stream_dot", "memory/latency",
        "compute/fma_peak", "interconnect/host_device", "interconnect/host_device_latency",
        "interconnect/launch_latency"}
missing = want - benchmarks
assert not missing, f"missing: {missing}"
for r in results:
    assert r["device"] == "opencl:0", r["device"]
    if r["status"] == "skipped":
        assert "fp16" in r["reason"] or "fp64" in r["reason"], r
        continue
    assert r["status"] == "ok", (r["benchmark"], r["status"], r.get("reason"))
    assert r["verification"]["outcome"] == "passed", r["benchmark"]
print(f"ok   {len(results)} OpenCL runs in isolated children, all verified or skipped for a type")
PY

"$exe" run --filter 'stream_copy/opencl' --param array_bytes=1MiB --isolate --inject bitflip:1 \
  --out "$work/flip.json" >/dev/null 2>&1
rc=$?
[[ $rc -eq 1 ]] || fail "an injected bitflip on OpenCL should exit 1, not $rc"
"$python" -c '
import json, sys
r = json.load(open(sys.argv[1]))["suite"]["results"][0]
assert r["status"] == "invalid", r["status"]' "$work/flip.json" || fail "bitflip not caught"
[[ $failures -eq 0 ]] && echo "ok   injected bitflip on OpenCL is invalid"

"$exe" run --device opencl:9 "${small[@]}" >/dev/null 2>"$work/err"
rc=$?
if [[ $rc -ne 2 ]] || ! grep -q "opencl:9' does not exist" "$work/err"; then
  fail "--device opencl:9: exit $rc, $(cat "$work/err")"
else
  echo "ok   a missing device index: $(cat "$work/err")"
fi

mkdir "$work/no-vendors"
OCL_ICD_VENDORS=$work/no-vendors "$exe" run --filter 'opencl' --min-time 0.02 \
  --out "$work/none.json" >"$work/none.txt" 2>&1
rc=$?
[[ $rc -eq 0 ]] || fail "no OpenCL platform: exit $rc: $(tail -3 "$work/none.txt")"
"$python" - "$work/none.json" <<'PY' || fail "no OpenCL platform: not skipped with the reason"
import json, sys
results = json.load(open(sys.argv[1]))["suite"]["results"]
assert results, "no results"
for r in results:
    assert r["device"] == "opencl:none", r["device"]
    assert r["status"] == "skipped", r["status"]
    assert "no OpenCL platform" in r["reason"], r["reason"]
print(f"ok   no OpenCL platform: {len(results)} benchmarks skipped: {results[0]['reason']}")
PY
"$python" "$(dirname "$0")/../../scripts/validate-results" "$work/none.json" >/dev/null ||
  fail "the all-skipped results file does not validate"

echo "$failures failures"
[[ $failures -eq 0 ]]
