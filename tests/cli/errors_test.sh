#!/usr/bin/env bash
# Bad input: each a clear one-line error on stderr, exit code 2, and no file
# left behind. Help and --version work on every subcommand.
set -u
exe=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# expect_usage_error DESCRIPTION PATTERN ARGS...: exit 2, one stderr line matching PATTERN.
expect_usage_error() {
  local description=$1 pattern=$2
  shift 2
  "$exe" "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  local lines
  lines=$(wc -l <"$work/err")
  if [[ $rc -ne 2 ]]; then
    echo "FAIL $description: exit $rc, want 2"; failures=$((failures + 1))
  elif [[ $lines -ne 1 ]]; then
    echo "FAIL $description: $lines lines on stderr, want 1:"; cat "$work/err"; failures=$((failures + 1))
  elif ! grep -Eq -- "$pattern" "$work/err"; then
    echo "FAIL $description: stderr does not match '$pattern':"; cat "$work/err"; failures=$((failures + 1))
  else
    echo "ok   $description: $(cat "$work/err")"
  fi
}

small=(--param array_bytes=64KiB --min-time 0.001)

expect_usage_error "unknown subcommand" "frobnicate" frobnicate
expect_usage_error "no subcommand" "subcommand"
expect_usage_error "unknown option" "--bogus" run --bogus
expect_usage_error "bad suite" "suite" run --suite huge
expect_usage_error "bad format" "format" run --format xml
expect_usage_error "invalid regex" "not a valid regex" run --filter 'stream_(' "${small[@]}"
expect_usage_error "filter matching nothing" "no benchmark matches" run --filter 'nothing_here' "${small[@]}"
expect_usage_error "nonexistent device" "does not exist" run --device cpu:7 "${small[@]}"
expect_usage_error "device of a missing backend" "does not exist" run --device cuda:0 "${small[@]}"
expect_usage_error "unknown parameter" "no selected benchmark has" run --param warp_factor=9
expect_usage_error "malformed parameter" "NAME=VALUE" run --param array_bytes
expect_usage_error "unparsable parameter value" "array_bytes" run --param array_bytes=lots
expect_usage_error "parameter value out of range" "at least 4096" run --param array_bytes=100
expect_usage_error "zero repetitions" "repetitions" run --repetitions 0
expect_usage_error "negative min-time" "min-time" run --min-time -1
expect_usage_error "invalid regex in list" "not a valid regex" list --filter '('
expect_usage_error "malformed --inject" "is malformed" run --inject meltdown
expect_usage_error "--inject rate out of range" "RATE" run --inject bitflip:0
expect_usage_error "--inject with a bad regex" "invalid regex" run --inject 'crash@(' --isolate
expect_usage_error "crash injection without isolation" "needs --isolate" run --inject crash
expect_usage_error "--timeout without isolation" "needs --isolate" run --timeout 5

mkdir "$work/readonly"
chmod 555 "$work/readonly"
if [[ $(id -u) -eq 0 ]]; then
  # root writes through permission bits: use a path under a regular file instead.
  touch "$work/file"
  unwritable="$work/file/results.json"
else
  unwritable="$work/readonly/results.json"
fi
expect_usage_error "unwritable --out" "cannot write there" run "${small[@]}" --out "$unwritable"
expect_usage_error "--out is a directory" "is a directory" run "${small[@]}" --out "$work"
leftovers=$(find "$work" -name '*.json*' | wc -l)
if [[ $leftovers -ne 0 ]]; then
  echo "FAIL bad input left files behind:"; find "$work" -name '*.json*'; failures=$((failures + 1))
fi

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
"$exe" run "${small[@]}" --filter '(copy|dot)/cpu' >"$work/out.txt" 2>"$work/err"
for pattern in '^# accelbench ' '^# device cpu:0' 'median GB/s' 'memory/stream_dot .* passed' '^# verdict: OK: 2 ok, 0 skipped, 0 failed, 0 invalid$'; do
  if ! grep -Eq -- "$pattern" "$work/out.txt"; then
    echo "FAIL console output lacks '$pattern':"; cat "$work/out.txt"; failures=$((failures + 1))
  fi
done

echo "$failures failed"
[[ $failures -eq 0 ]]
