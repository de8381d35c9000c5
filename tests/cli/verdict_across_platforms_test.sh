#!/usr/bin/env bash
# accelbench verdict across platforms on one machine: the CPU against the
# OpenCL device (PoCL) from one results file. Their benchmarks take other
# how-parameters (isa and threads against vector width), and still the verdict
# pairs FMA peak per data type, the STREAM triad at each side's largest array
# and memory latency (per level, or at each side's largest working set where
# a side names no levels); host<->device latency is listed as the device's
# only; stability has one section; nothing is dropped silently.
set -u
exe=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL $*"; exit 1; }

"$exe" list 2>&1 | grep -q '^# device opencl:0' || { echo "SKIP no OpenCL device"; exit 77; }
"$exe" run --filter 'fma_peak/(cpu:0/dtype:fp(32|64)/isa:avx2/threads:1$|opencl:0/dtype:fp(32|64)/)|stream_triad|memory/latency|host_device_latency/opencl:0/direction:h2d' \
  --param array_bytes=4MiB --param working_set_bytes=16KiB --min-time 0.01 \
  --out "$work/r.json" >"$work/run.log" 2>&1 || { cat "$work/run.log"; fail "run exited $?"; }
"$exe" verdict "$work/r.json" --devices cpu:0,opencl:0 --format json --out "$work/v.json" \
  >/dev/null || fail "verdict exited $?"
"$exe" verdict "$work/r.json" --devices cpu:0,opencl:0 >"$work/v.txt" || fail "text verdict exited $?"

/usr/bin/python3 - "$work/v.json" <<'PY' || { cat "$work/v.txt"; fail "the verdict across platforms"; }
import json, sys
v = json.load(open(sys.argv[1]))[0]
claims = {c["claim"]: c for c in v["claims"]}
def rows(group, benchmark):
    return [r for r in group["rows"] if r["benchmark"] == benchmark]
fma = {r["figure"]: r for r in rows(claims["compute"], "compute/fma_peak")}
assert set(fma) == {"dtype:fp32", "dtype:fp64"}, fma.keys()
for r in fma.values():
    assert "/isa:" in r["a_instance"] and "/vector_width:" in r["b_instance"], r
    assert r["performance_b_vs_a"] > 0 and r["performance_ci95"] is not None, r
links = {l["link"]: l for l in claims["interconnect"]["links"]}
assert "memory" in links and "host-device" in links, links.keys()
triad = rows(claims["interconnect"], "memory/stream_triad")
assert len(triad) == 1 and triad[0]["figure"] == "largest array_bytes", triad
latency = rows(claims["interconnect"], "memory/latency")
assert latency, "memory latency compared: per level, or at each side's largest working set"
said = {(m["benchmark"], m["figure"]) for m in claims["interconnect"]["missing"]}
host = [m for m in claims["interconnect"]["missing"] if m["benchmark"] == "interconnect/host_device_latency"]
assert host and all(m["lacking"] == "A" and m["reason"] == "not measured on A" for m in host), host
assert v["stability"]["a"]["runs"] > 0 and v["stability"]["b"]["runs"] > 0, v["stability"]
assert v["instances"] is None, "different backends: no instance-by-instance section"
print(f"ok   cpu:0 vs opencl:0: fma_peak fp32 {fma['dtype:fp32']['performance_b_vs_a']:.3g}x, "
      f"fp64 {fma['dtype:fp64']['performance_b_vs_a']:.3g}x, triad {triad[0]['performance_b_vs_a']:.3g}x, "
      f"latency {', '.join(r['figure'] for r in latency)}; host<->device only on B")
PY
grep -q '^stability: ' "$work/v.txt" || fail "no stability line"
[[ $(grep -c '^stability' "$work/v.txt") -eq 1 ]] || fail "more than one stability section"
grep -q '^  host<->device: ' "$work/v.txt" || fail "no host<->device line in the text verdict"
echo "ok   text: one stability section, a line per link class"
