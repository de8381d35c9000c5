#!/usr/bin/env bash
# Fault injection as positive controls: each detector catches its fault, and
# the rest of the run still reports ok.
#   crash  -> crashed(SIGSEGV), others ok          (isolation)
#   hang   -> timeout within the watchdog, others ok (watchdog)
#   bitflip on every benchmark -> every one invalid with exactly the injected
#   mismatches; without injection, none           (verification)
#   delay  -> the unstable flag trips on the tail ratio; a clean run does not
set -u
exe=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
small=(--param array_bytes=1MiB --min-time 0.05)
streams='stream_(copy|scale|add)/cpu'

# field FILE PYTHON-EXPRESSION-OVER-results: prints the expression's value.
field() {
  /usr/bin/python3 -c '
import json, sys
results = {r["benchmark"]: r for r in json.load(open(sys.argv[1]))["suite"]["results"]}
print(eval(sys.argv[2]))' "$1" "$2"
}

expect() {  # expect DESCRIPTION ACTUAL WANTED
  if [[ $2 == "$3" ]]; then echo "ok   $1"; else echo "FAIL $1: got '$2', want '$3'"; failures=$((failures + 1)); fi
}

"$exe" run --filter "$streams" "${small[@]}" --isolate --inject 'crash@stream_copy' \
  --out "$work/crash.json" >/dev/null
expect "crash: exit code" $? 1
expect "crash: the crashed benchmark" "$(field "$work/crash.json" 'results["memory/stream_copy"]["status"] + " " + results["memory/stream_copy"]["reason"]')" "crashed crashed(SIGSEGV)"
expect "crash: the others" "$(field "$work/crash.json" 'results["memory/stream_scale"]["status"] + " " + results["memory/stream_add"]["status"]')" "ok ok"

start=$(date +%s)
"$exe" run --filter "$streams" "${small[@]}" --isolate --timeout 2 --inject 'hang@stream_scale' \
  --out "$work/hang.json" >/dev/null
expect "hang: exit code" $? 1
elapsed=$(($(date +%s) - start))
expect "hang: the hung benchmark" "$(field "$work/hang.json" 'results["memory/stream_scale"]["status"]')" "timeout"
expect "hang: the others" "$(field "$work/hang.json" 'results["memory/stream_copy"]["status"] + " " + results["memory/stream_add"]["status"]')" "ok ok"
expect "hang: caught within the watchdog time (+10 s for the others)" "$((elapsed < 12))" 1

for file in crash hang; do
  /usr/bin/python3 "$source_dir/scripts/validate-results" "$work/$file.json" >/dev/null ||
    { echo "FAIL $file.json does not validate"; failures=$((failures + 1)); }
done

"$exe" run "${small[@]}" --param working_set_bytes=64KiB --filter 'memory/.*cpu:0|numa' \
  --inject 'bitflip:1' --out "$work/flip.json" >/dev/null
expect "bitflip: exit code" $? 1
expect "bitflip: every injected flip caught, each as exactly one mismatch" \
  "$(/usr/bin/python3 -c '
import json, sys
rs = json.load(open(sys.argv[1]))["suite"]["results"]
measured = [r for r in rs if r["status"] in ("ok", "invalid")]
print(all(r["status"] == "invalid" and len(r.get("injected_faults", [])) == 1
          and r["verification"]["mismatches"] == 1 for r in measured) and len(measured) > 5)' "$work/flip.json")" True
"$exe" run "${small[@]}" --param working_set_bytes=64KiB --filter 'memory/.*cpu:0|numa' \
  --out "$work/clean.json" >/dev/null
expect "bitflip: without injection no mismatch anywhere" "$(/usr/bin/python3 -c '
import json, sys
rs = json.load(open(sys.argv[1]))["suite"]["results"]
print(sum(r.get("verification", {}).get("mismatches", 0) for r in rs), all(r["status"] == "ok" for r in rs))' "$work/clean.json")" "0 True"

# The delay checks are about time: under a sanitizer (ACCELBENCH_SANITIZER,
# set by scripts/test --sanitize) every iteration is several times slower and
# noisier, so they run only in the plain build.
if [[ -n ${ACCELBENCH_SANITIZER:-} ]]; then
  echo "skip delay: timing checks do not run under -fsanitize=$ACCELBENCH_SANITIZER"
else
  fma='compute/fma_peak/cpu:0/dtype:fp64/isa:avx2/threads:1$'
  "$exe" run --filter "$fma" --min-time 0.2 --inject 'delay:20:5' --out "$work/delay.json" >/dev/null
  expect "delay: unstable, by the tail ratio" "$(field "$work/delay.json" 'results["compute/fma_peak"]["statistics"]["unstable"] and any("p99/p50" in x for x in results["compute/fma_peak"]["statistics"]["unstable_reasons"])')" True
  # A clean run must not be flagged. The machine is shared: a neighbour's burst
  # can stretch one run's tail, so the clean run gets three tries; the injected
  # delay above is flagged every time.
  flagged=True
  for _ in 1 2 3; do
    "$exe" run --filter "$fma" --min-time 0.2 --max-cv 0.5 --max-tail-ratio 3 --out "$work/steady.json" >/dev/null
    flagged=$(field "$work/steady.json" 'any("p99/p50" in x for x in results["compute/fma_peak"]["statistics"]["unstable_reasons"])')
    [[ $flagged == False ]] && break
  done
  expect "delay: a clean run is not flagged by the tail ratio" "$flagged" False
fi

echo "$failures failed"
[[ $failures -eq 0 ]]
