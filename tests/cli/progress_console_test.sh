#!/usr/bin/env bash
# Progress and the console (issue 19): --progress writes a line per finished
# benchmark (run) or turn (soak) to stderr and nothing to stdout, whose JSON
# still parses; --quiet and a stderr that is not a terminal write none. The
# console table fits 120 columns (long texts as numbered notes under it), a
# backend that is not available here is its "# not available" line unless
# --show-skipped, and the results file keeps every skipped instance.
set -u
exe=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python=/usr/bin/python3
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
small=(--param array_bytes=64KiB --param threads=1 --min-time 0.01)

# run: --progress, --quiet, and the default with stderr not a terminal.
"$exe" run --filter 'stream_(copy|dot)/cpu' "${small[@]}" --progress --format json \
  >"$work/progress.json" 2>"$work/progress.err" || fail "run --progress exited $?"
"$python" - "$work/progress.json" "$work/progress.err" <<'PY' || fail "run --progress: $(cat "$work/progress.err")"
import json, re, sys
results = json.load(open(sys.argv[1]))["suite"]["results"]
lines = open(sys.argv[2]).read().splitlines()
assert len(results) == 2 and len(lines) == 2, (len(results), lines)
for i, line in enumerate(lines):
    assert re.match(r"^\[%d/2\] memory/stream_(copy|dot) cpu:0 array_bytes:65536/threads:1  [0-9.e+]+ GB/s  ok(, unstable)?  [0-9.]+ s" % (i + 1), line), line
assert "ETA " in lines[0] and "ETA " not in lines[1], lines
print("ok   run --progress: a line per benchmark on stderr, stdout still JSON")
PY
"$exe" run --filter 'stream_copy/cpu' "${small[@]}" --quiet --format csv >"$work/quiet.csv" 2>"$work/quiet.err" ||
  fail "run --quiet exited $?"
[[ -s $work/quiet.err ]] && fail "run --quiet wrote to stderr: $(cat "$work/quiet.err")"
grep -q '^memory/stream_copy,cpu:0,' "$work/quiet.csv" || fail "run --quiet: no CSV row"
"$exe" run --filter 'stream_copy/cpu' "${small[@]}" --format json >/dev/null 2>"$work/default.err" ||
  fail "run exited $?"
[[ -s $work/default.err ]] && fail "stderr not a terminal, yet progress: $(cat "$work/default.err")"

# soak: a line per turn with elapsed and remaining; --quiet: none.
"$exe" soak --duration 1s --interval 0.2 --filter 'stream_copy/cpu' --param array_bytes=64KiB \
  --param threads=1 --progress --format json >"$work/soak.json" 2>"$work/soak.err" || fail "soak --progress exited $?"
"$python" - "$work/soak.json" "$work/soak.err" <<'PY' || fail "soak --progress: $(cat "$work/soak.err")"
import json, re, sys
json.load(open(sys.argv[1]))["soak"]
lines = open(sys.argv[2]).read().splitlines()
assert len(lines) >= 2, lines
for i, line in enumerate(lines):
    assert re.match(r"^\[turn %d\] memory/stream_copy cpu:0 array_bytes:65536/threads:1  [0-9.e+]+ GB/s  ok  elapsed 0:0[0-9]  remaining 0:0[0-9]$" % (i + 1), line), line
print(f"ok   soak --progress: {len(lines)} turns on stderr, stdout still JSON")
PY
"$exe" soak --duration 0.5s --interval 0.2 --filter 'stream_copy/cpu' --param array_bytes=64KiB \
  --param threads=1 --quiet >/dev/null 2>"$work/soak_quiet.err" || fail "soak --quiet exited $?"
[[ -s $work/soak_quiet.err ]] && fail "soak --quiet wrote to stderr: $(cat "$work/soak_quiet.err")"

# The console: an invalid result (injected bit flip) and unstable ones (every
# limit at its floor) give long texts; the numa row long parameters; the
# comm benchmarks, where MPI is built but not launched, unavailable rows.
wide=(--filter 'stream_(copy|triad)/cpu|numa_latency/cpu|mpi:' "${small[@]}"
      --param working_set_bytes=64KiB --max-cv 0 --max-tail-ratio 1 --inject 'bitflip:1@stream_triad')
"$exe" run "${wide[@]}" --out "$work/wide.json" >"$work/wide.txt" 2>"$work/wide.err"
[[ $? -eq 1 ]] || fail "the run with an injected bit flip did not exit 1: $(cat "$work/wide.err")"
"$exe" run "${wide[@]}" --show-skipped >"$work/shown.txt" 2>"$work/shown.err"
"$python" - "$work/wide.json" "$work/wide.txt" "$work/shown.txt" <<'PY' || fail "console layout"
import json, re, sys
results = json.load(open(sys.argv[1]))["suite"]["results"]
wide = open(sys.argv[2], encoding="utf-8").read().splitlines()
shown = open(sys.argv[3], encoding="utf-8").read().splitlines()
for name, lines in (("default", wide), ("--show-skipped", shown)):
    longest = max(lines, key=len)
    assert len(longest) <= 120, f"{name}: a line of {len(longest)} columns: {longest}"
# The injected mismatch is a note, the cell its number.
notes = {m.group(1): m.group(2) for m in (re.match(r"^  \[(\d+)\] (.*)", l) for l in wide) if m}
invalid = [n for n, text in notes.items() if text.startswith("INVALID: ")]
assert invalid, "no INVALID note:\n" + "\n".join(wide)
assert any(re.search(r"  \[%s\]$" % invalid[0], l) for l in wide), "no cell shows the note"
# Backends not available here: one line, no rows; the file keeps the runs.
hidden = [r for r in results if r["device"].endswith(":none")]
if hidden:
    backends = {r["backend"] for r in hidden}
    for b in backends:
        assert any(l.startswith(f"# not available: {b} ") for l in wide), b
        assert not any(f" on {b}:none" in l for l in wide), f"{b}:none rows shown"
        assert any(f" on {b}:none" in l for l in shown), f"{b}:none rows not shown with --show-skipped"
    assert any(l.startswith(f"# {len(hidden)} skipped benchmark(s) of the backends not available here") for l in wide)
    assert all(r["status"] == "skipped" and r["reason"] for r in hidden), hidden
    print(f"ok   console: {len(hidden)} runs of {', '.join(sorted(backends))} in the file, not in the table")
else:
    print("ok   console: (no backend built without a device here: nothing hidden to check)")
print(f"ok   console within 120 columns: {len(notes)} note(s)")
PY

echo "$failures failed"
[[ $failures -eq 0 ]]
