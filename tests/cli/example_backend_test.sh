#!/usr/bin/env bash
# "A backend is one folder": accelbench_with_example is accelbench plus the
# example backend of tests/example_backend/example/, built by the backend
# folder loop (tests/CMakeLists.txt). Its device is listed, STREAM runs on it
# through the backend kit and verifies, an injected bitflip (on the host
# mirror) makes a run invalid, and accelbench itself knows no example device.
# And a configure of the project with ACCELBENCH_EXTRA_BACKEND_DIRS naming the
# folder (no build) decides the backend into the build's table and compiles
# its sources.
set -u
exe=$1
main_exe=$2
source_dir=$3
cmake=$4
cxx=$5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python=/usr/bin/python3
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

"$exe" list >"$work/list.txt" 2>&1 || fail "list exited $?: $(tail -3 "$work/list.txt")"
if grep -q '^# device example:0: .*stand-in' "$work/list.txt" &&
  grep -q '^memory/stream_triad/example:0' "$work/list.txt"; then
  echo "ok   list: $(grep '^# device example:0' "$work/list.txt")"
else
  fail "list shows no example:0 device or no memory/stream_triad on it"
fi
"$main_exe" list 2>&1 | grep -q 'example:0' && fail "accelbench itself lists example:0"

"$exe" sysinfo --json >"$work/sysinfo.json" || fail "sysinfo exited $?"
"$python" - "$work/sysinfo.json" <<'PY' || fail "sysinfo does not describe example:0"
import json, sys
devices = {d["id"]: d for d in json.load(open(sys.argv[1]))["devices"]}
d = devices["example:0"]
assert d["backend"] == "example", d
assert "stand-in" in d["description"]["stand_in"], d
print(f"ok   sysinfo: example:0 {d['description']['stand_in']!r}")
PY

small=(--device example:0 --param array_bytes=1MiB --min-time 0.01)
"$exe" run --filter 'memory/stream_' "${small[@]}" --out "$work/run.json" >"$work/run.txt" 2>&1 ||
  fail "STREAM on example:0 exited $?: $(tail -5 "$work/run.txt")"
"$python" - "$work/run.json" <<'PY' || fail "STREAM on example:0: results"
import json, sys
results = json.load(open(sys.argv[1]))["suite"]["results"]
kernels = {r["benchmark"] for r in results}
want = {f"memory/stream_{k}" for k in ("copy", "scale", "add", "triad", "dot")}
assert kernels == want, kernels
for r in results:
    assert r["device"] == "example:0", r["device"]
    assert r["status"] == "ok", (r["benchmark"], r["status"], r.get("reason"))
    assert r["verification"]["outcome"] == "passed", (r["benchmark"], r["verification"])
print(f"ok   {len(results)} STREAM runs on example:0, every one verified")
PY

for kernel in triad dot; do
  "$exe" run --filter "memory/stream_$kernel" "${small[@]}" --inject bitflip:1 \
    --out "$work/flip.json" >/dev/null 2>&1
  rc=$?
  [[ $rc -eq 1 ]] || fail "an injected bitflip in stream_$kernel on example:0 should exit 1, not $rc"
  "$python" -c '
import json, sys
results = json.load(open(sys.argv[1]))["suite"]["results"]
assert results and all(r["status"] == "invalid" for r in results), [r["status"] for r in results]
print(f"ok   injected bitflip in stream_{sys.argv[2]} on example:0: invalid")' \
    "$work/flip.json" "$kernel" || fail "bitflip in stream_$kernel not caught"
done

"$cmake" -S "$source_dir" -B "$work/configured" -DCMAKE_CXX_COMPILER="$cxx" -DBUILD_TESTING=OFF \
  -DACCELBENCH_WITH_CUDA=OFF -DACCELBENCH_WITH_NCCL=OFF \
  -DACCELBENCH_EXTRA_BACKEND_DIRS="$source_dir/tests/example_backend" >"$work/configure.log" 2>&1 ||
  fail "configure with ACCELBENCH_EXTRA_BACKEND_DIRS exited $?: $(tail -5 "$work/configure.log")"
if grep -q -- '-- *example: on (a test backend' "$work/configure.log" &&
  grep -q '{"example", true, ' "$work/configured/harness/build_info.cpp"; then
  echo "ok   ACCELBENCH_EXTRA_BACKEND_DIRS: $(grep -- '-- *example: ' "$work/configure.log")"
else
  fail "configure with ACCELBENCH_EXTRA_BACKEND_DIRS did not decide the example backend into the table"
fi
"$python" - "$work/configured/compile_commands.json" <<'PY' || fail "the example's sources are not built"
import json, sys
files = {entry["file"] for entry in json.load(open(sys.argv[1]))}
for name in ("example_runtime.cpp", "stream_example.cpp"):
    assert any(f.endswith("tests/example_backend/example/" + name) for f in files), name
print("ok   the configured build compiles example_runtime.cpp and stream_example.cpp")
PY

echo "$failures failures"
[[ $failures -eq 0 ]]
