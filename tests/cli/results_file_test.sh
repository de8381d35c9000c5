#!/usr/bin/env bash
# Two real results files: both validate against results/schema, Google
# Benchmark's own compare.py (Debian: libbenchmark-tools) compares them, and a
# damaged file is rejected by the schema (so the validation can fail).
set -eu
exe=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python=/usr/bin/python3   # Debian's, which has scipy and jsonschema
compare=/usr/share/benchmark/compare.py

for run in a b; do
  # Every benchmark, each at one small size.
  "$exe" run --suite quick --param array_bytes=1MiB --param working_set_bytes=64KiB \
    --param transfer_bytes=64KiB \
    --min-time 0.02 --repetitions 3 \
    --out "$work/$run.json" >/dev/null
done
"$python" "$source_dir/scripts/validate-results" "$work/a.json" "$work/b.json"

"$python" "$compare" benchmarks "$work/a.json" "$work/b.json" >"$work/compare.txt"
grep -q "memory/stream_triad/cpu:0/array_bytes:1048576/threads:[0-9]*/real_time" "$work/compare.txt" || {
  echo "FAIL compare.py did not compare the runs:"; cat "$work/compare.txt"; exit 1; }
echo "ok   compare.py compared $(grep -c real_time "$work/compare.txt") rows"

# Headlines: STREAM triad's largest array (the best over threads), the CPU's
# FMA peak per data type, each naming an instance of the file with its figure.
"$python" - "$work/a.json" <<'PY'
import json, sys
suite = json.load(open(sys.argv[1]))["suite"]
results = {r["name"]: r for r in suite["results"]}
heads = suite["headlines"]
def find(benchmark, **what):
    return [h for h in heads if h["benchmark"] == benchmark and h["device"] == "cpu:0"
            and all(h["what"].get(k) == v for k, v in what.items())]
triad = find("memory/stream_triad")
assert len(triad) == 1 and triad[0]["kind"] == "largest" and triad[0]["swept"] == "array_bytes", triad
best = max((r for r in results.values() if r["benchmark"] == "memory/stream_triad"
            and r["device"] == "cpu:0" and r["status"] == "ok"), key=lambda r: r["metric"]["value"])
assert triad[0]["instance"] == best["name"] and triad[0]["value"] == best["metric"]["value"], triad
for dtype in ("fp32", "fp64"):
    fma = find("compute/fma_peak", dtype=dtype)
    assert len(fma) == 1 and fma[0]["kind"] == "best" and "threads" in fma[0]["how"], fma
    assert results[fma[0]["instance"]]["metric"]["value"] == fma[0]["value"], fma
print("ok   headlines: stream_triad largest, fma_peak per data type, each an instance's figure")
PY

# A file without its suite, or with a NaN-free but wrong status, must fail.
"$python" - "$work/a.json" "$work/bad1.json" "$work/bad2.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
del d["benchmarks"][0]["suite"]
json.dump(d, open(sys.argv[2], "w"))
d = json.load(open(sys.argv[1]))
d["suite"]["status"] = "great"
json.dump(d, open(sys.argv[3], "w"))
PY
for bad in bad1 bad2; do
  if "$python" "$source_dir/scripts/validate-results" "$work/$bad.json" >/dev/null 2>&1; then
    echo "FAIL the schema accepted a damaged file ($bad)"; exit 1
  fi
done
echo "ok   damaged files rejected by the schema"
