#!/usr/bin/env bash
# The console's latency tables show the mean beside the median, each column
# named, and the figures are the results file's statistics (median, mean);
# rate tables keep the median alone.
set -u
exe=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$exe" run --filter 'memory/latency/cpu:0/|memory/stream_copy/cpu' --param working_set_bytes=4KiB \
  --param array_bytes=64KiB --param threads=1 --min-time 0.01 --out "$tmp/run.json" \
  >"$tmp/console.txt" 2>"$tmp/err.txt" ||
  { echo "FAIL the run exited $?: $(cat "$tmp/err.txt")"; exit 1; }
/usr/bin/python3 - "$tmp/console.txt" "$tmp/run.json" <<'PY'
import json, re, sys
console = open(sys.argv[1]).read().splitlines()
results = {r["benchmark"]: r for r in json.load(open(sys.argv[2]))["suite"]["results"]}

def table(title):
    """Header cells and the first row's cells of the table under `title`
    (below the header, the first benchmark's title line, then its rows)."""
    at = console.index(title)
    split = lambda line: re.split(r"\s{2,}", line.strip())
    return split(console[at + 1]), split(console[at + 3])

header, row = table("interconnect (latency)")
assert header[1:3] == ["median ns", "mean ns"], header
stats = results["memory/latency"]["statistics"]
for cell, key in ((row[1], "median"), (row[2], "mean")):
    assert abs(float(cell) / stats[key] - 1) < 1e-3, (cell, key, stats[key])
# A latency's mean is the mean over all iterations, as OSU reports it, not
# the median again (unless every iteration took the same time).
assert stats["min"] <= stats["mean"] <= stats["max"], stats

header, row = table("interconnect (bandwidth)")
assert header[1] == "median GB/s" and not any(h.startswith("mean") for h in header), header
print("ok   latency tables: median and mean, named; rate tables: the median")
PY
