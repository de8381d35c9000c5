#!/usr/bin/env bash
# accelbench soak: a short soak writes a valid series with a verdict per
# benchmark; Ctrl-C stops it cleanly with everything measured written; bad
# durations are usage errors.
set -u
exe=$1
source_dir=$2
work=$(mktemp -d)
trap 'kill -9 $pid 2>/dev/null; rm -rf "$work"' EXIT
pid=
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
args=(--filter 'stream_(copy|dot)/' --param array_bytes=1MiB --interval 0.3)

"$exe" soak --duration 3s "${args[@]}" --out "$work/soak.json" >"$work/out.txt" || fail "soak exited $?"
/usr/bin/python3 "$source_dir/scripts/validate-results" "$work/soak.json" >/dev/null || fail "soak file does not validate"
summary=$(/usr/bin/python3 - "$work/soak.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["soak"]
b = s["benchmarks"]
print(s["stopped_by"], len(b), all(len(x["series"]["value"]) >= 20 and x["analysis"]["verdict"] in ("stable", "unstable") for x in b),
      sum(sum(x["series"]["mismatches"]) for x in b), len(s["telemetry"]["series"]) > 0)
PY
)
[[ $summary == "duration 2 True 0 True" ]] || fail "soak summary '$summary'"
grep -q "stream_copy.*GB/s" "$work/out.txt" || fail "no table row for stream_copy"
echo "ok   3 s soak: $summary"

"$exe" soak --duration 120s "${args[@]}" --out "$work/stopped.json" >/dev/null &
pid=$!
sleep 2
start=$(date +%s)
kill -INT $pid
wait $pid
rc=$?
took=$(($(date +%s) - start))
[[ $rc -eq 0 ]] || fail "after Ctrl-C the soak exited $rc"
[[ $took -le 3 ]] || fail "the soak took $took s to stop after Ctrl-C"
stopped=$(/usr/bin/python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["soak"]; print(s["stopped_by"], s["elapsed_s"] < 10)' "$work/stopped.json")
[[ $stopped == "signal True" ]] || fail "stopped soak: '$stopped'"
echo "ok   Ctrl-C: stopped in ${took} s, file written ($stopped)"

for bad in "--duration -5" "--duration abc" "--duration 10 --interval 0" "--filter copy"; do
  # shellcheck disable=SC2086
  "$exe" soak $bad 2>"$work/err" >/dev/null
  rc=$?
  [[ $rc -eq 2 && $(wc -l <"$work/err") -eq 1 ]] || fail "soak $bad: exit $rc, stderr: $(cat "$work/err")"
done
echo "ok   bad durations: exit 2"
echo "$failures failed"
[[ $failures -eq 0 ]]
