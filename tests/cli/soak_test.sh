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
small=(--param array_bytes=1MiB --interval 0.3)
args=(--filter 'stream_(copy|dot)/cpu' "${small[@]}")

"$exe" soak --duration 3s "${args[@]}" --out "$work/soak.json" >"$work/out.txt" || fail "soak exited $?"
/usr/bin/python3 "$source_dir/scripts/validate-results" "$work/soak.json" >/dev/null || fail "soak file does not validate"
summary=$(/usr/bin/python3 - "$work/soak.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["soak"]
b = s["benchmarks"]
print(s["stopped_by"], len(b), all(len(x["series"]["value"]) >= 3 and x["analysis"]["verdict"] in ("stable", "unstable") for x in b),
      sum(sum(x["series"]["mismatches"]) for x in b), len(s["telemetry"]["series"]) > 0)
PY
)
if [[ $summary != "duration 2 True 0 True" ]]; then
  fail "soak summary '$summary'"
  /usr/bin/python3 -c 'import json, sys
for b in json.load(open(sys.argv[1]))["soak"]["benchmarks"]:
    print("     ", b["benchmark"], b["status"], b.get("reason", ""), len(b["series"]["value"]), "samples")' "$work/soak.json"
fi
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

"$exe" soak --duration 3 "${small[@]}" --filter 'stream_(copy|scale|dot)/cpu' --timeout 2 \
  --inject 'bitflip:0.3@stream_copy' --out "$work/flip.json" >/dev/null
[[ $? -eq 1 ]] || fail "a soak with verification errors should exit 1"
flips=$(/usr/bin/python3 - "$work/flip.json" <<'PY'
import json, sys
b = {x["benchmark"]: x for x in json.load(open(sys.argv[1]))["soak"]["benchmarks"]}
copy = b["memory/stream_copy"]
caught = sum(1 for m in copy["series"]["mismatches"] if m > 0)
others = sum(sum(b[k]["series"]["mismatches"]) for k in ("memory/stream_scale", "memory/stream_dot"))
print(copy.get("injected_flips", 0) > 0 and caught == copy["injected_flips"], others)
PY
)
if [[ $flips == "True 0" ]]; then
  echo "ok   soak bitflip: every injected flip caught as one failing sample, none elsewhere"
else
  fail "bitflip in soak: '$flips' (every flip caught, none elsewhere)"
fi

"$exe" soak --duration 4 "${small[@]}" --filter 'stream_(copy|scale|dot)/cpu' --timeout 2 \
  --inject 'crash@stream_dot' --out "$work/crash.json" >/dev/null
rc=$?
[[ $rc -eq 1 ]] || fail "a soak in which a benchmark crashed exited $rc, not 1"
"$exe" soak --duration 6 "${small[@]}" --filter 'stream_(copy|scale|dot)/cpu' --timeout 2 \
  --inject 'hang@stream_scale' --out "$work/hang.json" >/dev/null
rc=$?
[[ $rc -eq 1 ]] || fail "a soak in which a benchmark timed out exited $rc, not 1"
contained=$(/usr/bin/python3 - "$work/crash.json" "$work/hang.json" <<'PY'
import json, sys
out = []
for path, victim in zip(sys.argv[1:], ("memory/stream_dot", "memory/stream_scale")):
    b = {x["benchmark"]: x for x in json.load(open(path))["soak"]["benchmarks"]}
    out.append(b[victim]["status"])
    out.append(all(x["status"] == "ok" and len(x["series"]["value"]) > 20 for k, x in b.items() if k != victim))
print(*out)
PY
)
if [[ $contained == "crashed True timeout True" ]]; then
  echo "ok   soak crash and hang contained: $contained; both exit 1"
else
  fail "crash/hang in soak: '$contained'"
fi
for file in crash.json hang.json; do
  /usr/bin/python3 "$source_dir/scripts/validate-results" "$work/$file" >/dev/null ||
    fail "$file (a crashed or timed-out series) does not validate"
done

for bad in "--duration -5" "--duration abc" "--duration 10 --interval 0" "--filter copy" \
           "--duration 5 --inject crash --in-process" "--duration 5 --inject nope"; do
  # shellcheck disable=SC2086
  "$exe" soak $bad 2>"$work/err" >/dev/null
  rc=$?
  [[ $rc -eq 2 && $(wc -l <"$work/err") -eq 1 ]] || fail "soak $bad: exit $rc, stderr: $(cat "$work/err")"
done
echo "ok   bad durations: exit 2"
echo "$failures failed"
[[ $failures -eq 0 ]]
