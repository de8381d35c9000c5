#!/usr/bin/env bash
# The bad-input catalogue: every case in tests/cli/bad_input/*.cases is one
# hostile or mistaken input. Each must give its exit code, exactly one stderr
# line `accelbench: error: ...` that names the problem, and leave every file
# in the working folder as it was (nothing created, removed or changed).
#
# A case is one line in a .cases file (a bash snippet sourced here):
#   bad_input NAME EXIT 'ERE matching the stderr line' ARGS...
# run as `accelbench ARGS...` in $work, which holds the fixtures made below.
#
#   bad_input_test.sh EXE SOURCE_DIR [CASES_FILE]   (default: every .cases file)
set -u
exe=$1
source_dir=$2
cases_files=("${3:-}")
[[ -n ${3:-} ]] || cases_files=("$source_dir"/tests/cli/bad_input/*.cases)
work=$(mktemp -d)
scratch=$(mktemp -d)
pid=
trap '[[ -n $pid ]] && kill -9 $pid 2>/dev/null; rm -rf "$work" "$scratch"' EXIT
passed=0
failed=0

# Fixtures: real files of every kind, and the shapes a hostile user brings.
small=(--filter 'memory/stream_(copy|triad)/cpu' --param array_bytes=64KiB --param threads=1
       --min-time 0.01)
"$exe" run "${small[@]}" --format json --out "$work/ok.json" >/dev/null 2>"$scratch/err" ||
  { echo "FAIL fixture: the small run exited $?:"; cat "$scratch/err"; exit 1; }
cp "$work/ok.json" "$work/ok2.json"
"$exe" soak --duration 1s --filter 'memory/stream_copy/cpu' --param array_bytes=64KiB \
  --param threads=1 --interval 0.2 --out "$work/soak.json" >/dev/null 2>"$scratch/err" ||
  { echo "FAIL fixture: the small soak exited $?:"; cat "$scratch/err"; exit 1; }
# A journal as a killed run leaves it: header and at least one finished instance.
"$exe" run --filter 'memory/stream_.*/cpu' --param array_bytes=1MiB --min-time 0.3 \
  --out "$scratch/killed.json" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  [[ -f $scratch/killed.json.journal && $(wc -l <"$scratch/killed.json.journal") -ge 2 ]] && break
  sleep 0.1
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
pid=
[[ -f $scratch/killed.json.journal ]] || { echo "FAIL fixture: no journal from a killed run"; exit 1; }
cp "$scratch/killed.json.journal" "$work/run.journal"
/usr/bin/python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
ok = json.load(open(os.path.join(work, "ok.json")))
empty = dict(ok)
empty["benchmarks"] = []
empty["suite"] = dict(ok["suite"])
empty["suite"]["results"] = []
json.dump(empty, open(os.path.join(work, "empty.json"), "w"))
# params nested 100000 levels deep, written without recursion.
depth = 100000
text = json.dumps(ok)
marker = '"params": {'
at = text.index(marker) + len(marker)
nested = '"x": ' + '{"x": ' * depth + '1' + '}' * depth + ', '
open(os.path.join(work, "deep.json"), "w").write(text[:at] + nested + text[at:])
open(os.path.join(work, "notjson.json"), "w").write("\x00\x01 this is not JSON {[")
PY
mkdir "$work/dir"
mkfifo "$work/fifo"
ln -s ok.json "$work/link.json"

# The state of every file under $work: names, types, contents.
snapshot() {
  (cd "$work" && find . -printf '%p %y %l\n' | sort &&
    find . -type f -exec sha256sum {} + | sort)
}

# bad_input NAME EXIT PATTERN ARGS...
bad_input() {
  local name=$1 want=$2 pattern=$3
  shift 3
  local before after rc lines
  before=$(snapshot)
  (cd "$work" && timeout 60 "$exe" "$@" >"$scratch/out" 2>"$scratch/err" </dev/null)
  rc=$?
  after=$(snapshot)
  lines=$(wc -l <"$scratch/err")
  if [[ $rc -ne $want ]]; then
    echo "FAIL $name: exit $rc, want $want"; sed 's/^/     /' "$scratch/err" | head -5
  elif [[ $lines -ne 1 ]]; then
    echo "FAIL $name: $lines lines on stderr, want 1:"; sed 's/^/     /' "$scratch/err" | head -5
  elif ! grep -q '^accelbench: error: ' "$scratch/err"; then
    echo "FAIL $name: stderr is not 'accelbench: error: ...': $(cat "$scratch/err")"
  elif ! grep -Eq -- "$pattern" "$scratch/err"; then
    echo "FAIL $name: stderr does not match '$pattern': $(cat "$scratch/err")"
  elif [[ $before != "$after" ]]; then
    echo "FAIL $name: the working folder changed:"
    diff <(echo "$before") <(echo "$after") | head -5 | sed 's/^/     /'
  else
    echo "ok   $name: $(cat "$scratch/err")"
    passed=$((passed + 1))
    return
  fi
  failed=$((failed + 1))
}

for cases in "${cases_files[@]}"; do
  [[ -f $cases ]] || { echo "FAIL no cases file $cases"; exit 1; }
  echo "== ${cases##*/}"
  # shellcheck source=/dev/null
  source "$cases"
done

echo "catalogue: $passed passed, $failed failed"
[[ $((passed + failed)) -ge 1 ]] || { echo "FAIL no case was run"; exit 1; }
[[ $failed -eq 0 ]]
