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
