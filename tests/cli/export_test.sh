#!/usr/bin/env bash
# The exports parse with a strict JSON parser and carry the expected entries:
# only ok benchmarks, the right metrics in the right file.
set -u
exe=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
"$exe" run --filter 'stream_copy/cpu|latency/cpu.*:4096$|fma_peak/cpu:0/dtype:fp64/isa:avx2/threads:1$' \
  --param array_bytes=1MiB --min-time 0.05 --inject 'bitflip:1@latency' --out "$work/r.json" >/dev/null
for to in gab-googlecpp gab-bigger gab-smaller bmf; do
  "$exe" export --to "$to" "$work/r.json" --out "$work/$to.json" || { echo "FAIL export $to"; failures=$((failures + 1)); }
done
/usr/bin/python3 - "$work" <<'PY' || failures=$((failures + 1))
import json, sys
def strict(path):
    def reject(name):
        raise ValueError(name)
    return json.loads(open(path).read(), parse_constant=reject)
w = sys.argv[1]
g = strict(f"{w}/gab-googlecpp.json")
names = sorted(b["name"] for b in g["benchmarks"])
# The latency run was made invalid by the injected bitflip: never exported.
assert names == ["compute/fma_peak/cpu:0/dtype:fp64/isa:avx2/threads:1",
                 "memory/stream_copy/cpu:0/array_bytes:1048576/threads:2"], names
assert all(b["run_type"] == "iteration" and b["real_time"] > 0 for b in g["benchmarks"])
big = strict(f"{w}/gab-bigger.json")
assert sorted(e["unit"] for e in big) == ["GB/s", "GFLOP/s"], big
assert strict(f"{w}/gab-smaller.json") == []
bmf = strict(f"{w}/bmf.json")
copy = bmf["memory/stream_copy/cpu:0/array_bytes:1048576/threads:2"]["bandwidth-gb-per-s"]
assert copy["lower_value"] <= copy["value"] <= copy["upper_value"], copy
print("ok   exports: googlecpp, bigger, smaller, bmf")
PY
"$exe" export --to nonsense "$work/r.json" 2>/dev/null
[[ $? -eq 2 ]] || { echo "FAIL unknown export format should exit 2"; failures=$((failures + 1)); }
echo "$failures failed"
[[ $failures -eq 0 ]]
