#!/usr/bin/env bash
# accelbench compare on real files: A/A passes (a file against itself and
# against a rerun), bad input is one line and exit 2, a failed run fails.
set -u
exe=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
run=(run --filter 'stream_(copy|triad)/cpu|fma_peak/cpu:0/dtype:fp64/isa:avx2' --param array_bytes=1MiB --min-time 0.05)

"$exe" "${run[@]}" --out "$work/a.json" >/dev/null || fail "run a"
"$exe" "${run[@]}" --out "$work/b.json" >/dev/null || fail "run b"
"$exe" compare "$work/a.json" "$work/a.json" >"$work/aa.txt" || fail "A/A (itself) exited $?"
grep -q "REGRESSION" "$work/aa.txt" && fail "A/A (itself) shows a regression"
"$exe" compare "$work/a.json" "$work/b.json" --format json --out "$work/ab.json" >/dev/null
rc=$?
[[ $rc -eq 0 ]] || fail "A/A (rerun) exited $rc: $(cat "$work/ab.json")"
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert all(r["verdict"] != "REGRESSION" for r in d["rows"]) and len(d["rows"]) >= 4' "$work/ab.json" ||
  fail "A/A (rerun): a REGRESSION or too few rows"
"$exe" compare "$work/a.json" "$work/b.json" --format markdown | grep -q '^| benchmark |' || fail "markdown table"
"$exe" compare "$work/a.json" "$work/a.json" --threshold-compute 3% --threshold-memory 5% --format json |
  /usr/bin/python3 -c 'import json,sys; r=json.load(sys.stdin)["rows"]; assert {x["threshold"] for x in r} == {0.03, 0.05}, r' ||
  fail "thresholds given as percentages"
echo "ok   A/A: no regression against itself or a rerun"

# run --baseline: run and compare in one step.
"$exe" "${run[@]}" --baseline "$work/a.json" >"$work/baseline.txt" || fail "run --baseline (A/A) exited $?"
grep -q "compared with the baseline" "$work/baseline.txt" || fail "run --baseline printed no comparison"
"$exe" "${run[@]}" --baseline "$work/none.json" 2>/dev/null
[[ $? -eq 2 ]] || fail "run --baseline with a missing file should exit 2"
echo "ok   run --baseline"

# A failed benchmark in NEW fails the comparison.
"$exe" run --filter 'stream_copy/cpu' --param array_bytes=1MiB --min-time 0.05 --inject 'bitflip:1' --out "$work/bad.json" >/dev/null
"$exe" run --filter 'stream_copy/cpu' --param array_bytes=1MiB --min-time 0.05 --out "$work/good.json" >/dev/null
"$exe" compare "$work/good.json" "$work/bad.json" >"$work/gate.txt"
[[ $? -eq 1 ]] && grep -q "invalid in NEW" "$work/gate.txt" || fail "an invalid run in NEW must fail the gate"
echo "ok   an invalid run in NEW fails the gate"

echo '{"suite": {"schema_version": 1' >"$work/truncated.json"
echo 'not json' >"$work/text.json"
echo '{"hello": 1}' >"$work/shape.json"
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["suite"]["schema_version"]=99; json.dump(d, open(sys.argv[2],"w"))' "$work/a.json" "$work/v99.json"
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["suite"]["fingerprint"]["hash"]="0"*16; json.dump(d, open(sys.argv[2],"w"))' "$work/a.json" "$work/other.json"
for bad in none.json truncated.json text.json shape.json v99.json other.json; do
  "$exe" compare "$work/a.json" "$work/$bad" >/dev/null 2>"$work/err"
  rc=$?
  [[ $rc -eq 2 && $(wc -l <"$work/err") -eq 1 ]] || fail "compare with $bad: exit $rc, stderr: $(cat "$work/err")"
done
"$exe" compare "$work/a.json" "$work/other.json" --allow-different-machines >/dev/null || fail "--allow-different-machines"
echo "ok   bad input: exit 2, one line"
echo "$failures failed"
[[ $failures -eq 0 ]]
