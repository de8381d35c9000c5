#!/usr/bin/env bash
# Help and --version work on every subcommand; the output formats hold their
# shape. (Bad input is the catalogue's: bad_input_test.sh.)
set -u
exe=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

small=(--param array_bytes=64KiB --min-time 0.001)

for sub in "" list run sysinfo compare soak; do
  # shellcheck disable=SC2086
  if ! "$exe" $sub --help >"$work/out" 2>&1 || ! grep -q "Usage" "$work/out"; then
    echo "FAIL accelbench $sub --help"; failures=$((failures + 1))
  fi
  # shellcheck disable=SC2086
  if ! "$exe" $sub --version >"$work/out" 2>&1 || ! grep -Eq "^accelbench [0-9]+\.[0-9]+\.[0-9]+" "$work/out"; then
    echo "FAIL accelbench $sub --version:"; cat "$work/out"; failures=$((failures + 1))
  fi
done

# The formats: csv has a header and one row per benchmark; json is the results file.
if ! "$exe" run "${small[@]}" --filter 'triad/cpu' --format csv >"$work/out.csv" 2>"$work/err"; then
  echo "FAIL --format csv exit code"; cat "$work/err"; failures=$((failures + 1))
elif [[ $(grep -c '^memory/stream_triad,cpu:0,array_bytes:65536/threads:1,interconnect,ok,bandwidth,GB/s,' "$work/out.csv") -ne 1 ]]; then
  echo "FAIL --format csv content:"; cat "$work/out.csv"; failures=$((failures + 1))
fi
if ! "$exe" run "${small[@]}" --filter 'copy/cpu' --format json >"$work/out.json" 2>"$work/err" ||
   ! /usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["suite"]["status"]=="ok"' "$work/out.json"; then
  echo "FAIL --format json"; failures=$((failures + 1))
fi
# The console table: a '#' header, units in the column header, a verdict line.
# A row names its parameters, or (when an UNSTABLE text widens the table past
# 120 columns) shows their values under a title that names them.
"$exe" run "${small[@]}" --filter '(copy|dot)/cpu' >"$work/out.txt" 2>"$work/err"
for pattern in '^# accelbench ' '^# device cpu:0' 'median GB/s' \
  '^  memory/stream_dot on cpu:0( \(params array_bytes/threads\))?$' \
  '^    (array_bytes:)?65536/(threads:)?[0-9]+ .* passed \(' '^# verdict: OK: 2 ok, 0 skipped, 0 failed, 0 invalid$'; do
  if ! grep -Eq -- "$pattern" "$work/out.txt"; then
    echo "FAIL console output lacks '$pattern':"; cat "$work/out.txt"; failures=$((failures + 1))
  fi
done

echo "$failures failed"
[[ $failures -eq 0 ]]
