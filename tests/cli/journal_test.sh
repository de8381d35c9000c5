#!/usr/bin/env bash
# kill -9 in the middle of a run: the journal holds every finished instance,
# and --resume finishes a valid results file that keeps their samples.
set -u
exe=$1
source_dir=$2
work=$(mktemp -d)
trap 'kill -9 $pid 2>/dev/null; rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

out="$work/run.json"
"$exe" run --filter 'stream.*/cpu' --param array_bytes=4MiB --min-time 0.4 --out "$out" >/dev/null &
pid=$!
# Wait for two finished instances (header + 2 lines), then kill the whole run.
for _ in $(seq 1 300); do
  [[ -f $out.journal && $(wc -l <"$out.journal") -ge 3 ]] && break
  sleep 0.1
done
kill -9 $pid
wait $pid 2>/dev/null
lines=$(wc -l <"$out.journal")
[[ $lines -ge 3 ]] || fail "the journal has $lines lines after the kill, want >= 3"
[[ ! -f $out ]] || fail "a results file exists although the run was killed"
echo "ok   killed with $((lines - 1)) finished instance(s) in the journal"
cp "$out.journal" "$work/killed.journal"

"$exe" run --resume "$out.journal" >/dev/null || fail "--resume exited $?"
[[ -f $out ]] || fail "--resume wrote no results file"
[[ ! -f $out.journal ]] || fail "the journal was not removed after the results file was written"
/usr/bin/python3 "$source_dir/scripts/validate-results" "$out" >/dev/null || fail "the resumed file does not validate"
# Every instance is there, and the journal's ones kept their measured samples.
verdict=$(/usr/bin/python3 - "$out" "$work/killed.journal" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
records = [json.loads(line) for line in open(sys.argv[2]).read().splitlines()[1:] if line.strip()]
samples = {run["run_name"].rsplit("/", 1)[0]: run["suite"]["samples"]["seconds_per_iteration"]
           for run in d["benchmarks"] if run["run_type"] == "iteration"}
kept = all(samples[r["name"]] == r["repetitions"][0] for r in records)
print(len(d["suite"]["results"]), d["suite"]["counts"]["ok"],
      d["suite"]["config"]["param_overrides"]["array_bytes"], "kept" if kept else "lost")
PY
)
[[ $verdict == "6 6 4MiB kept" ]] || fail "resumed results: '$verdict', want '6 6 4MiB kept'"
echo "ok   resumed: $verdict"

# Bad input: a missing journal, options next to --resume.
"$exe" run --resume "$work/none.journal" 2>/dev/null
[[ $? -eq 2 ]] || fail "--resume of a missing journal should exit 2"
"$exe" run --resume "$out" --filter x 2>/dev/null
[[ $? -eq 2 ]] || fail "--resume with --filter should exit 2"

echo "$failures failed"
[[ $failures -eq 0 ]]
