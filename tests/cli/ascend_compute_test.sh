#!/usr/bin/env bash
# memory/stream_* and compute/gemm on ascend:0 against the stand-in AscendCL and
# aclnn (tests/stand_ins/ascendcl: host memory, operators computed on the host):
# every instance runs in an isolated child and verifies, stream_dot is skipped
# (aclnn has no fp64 dot), and the device is named a stand-in. Then the
# faults: a corrupted device-to-host copy and an injected bitflip make the
# runs invalid, an aclnnAdd error makes add and triad failed (and nothing
# else), a dtype aclnnMatmul lacks is skipped with the reason and an unknown
# one is a usage error.
# Arguments: the accelbench executable, the source folder, the stand-ins' folder.
set -u
exe=$1
standins=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python=/usr/bin/python3
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

for library in libascendcl.so libnnopbase.so libopapi.so; do
  if [[ ! -f $standins/$library ]]; then
    echo "SKIP the stand-in $standins/$library is not built"
    exit 77
  fi
done
export ACCELBENCH_ASCEND_LIBRARY_DIR=$standins
unset ACCELBENCH_STANDIN_ASCEND_FAULT
small=(--device ascend:0 --param array_bytes=64KiB --param matrix_size=64 --min-time 0.01)
# For runs of only one of the two (a --param no selected benchmark has is a usage error).
stream_only=(--device ascend:0 --param array_bytes=64KiB --min-time 0.01)
gemm_only=(--device ascend:0 --param matrix_size=64 --min-time 0.01)

# 1. Everything verifies (dot skipped with the reason), in isolated children.
"$exe" run --filter 'stream|gemm' "${small[@]}" --isolate --timeout 60 --out "$work/all.json" \
  >"$work/all.txt" 2>&1 || fail "the Ascend compute run exited $?: $(tail -5 "$work/all.txt")"
"$python" - "$work/all.json" <<'PY' || fail "the Ascend compute run's results"
import json, sys
suite = json.load(open(sys.argv[1]))["suite"]
results = suite["results"]
seen = {}
for r in results:
    assert r["device"] == "ascend:0", r["device"]
    name = r["benchmark"]
    if name == "memory/stream_dot":
        assert r["status"] == "skipped", r
        assert "no fp64 dot" in r["reason"], r["reason"]
    else:
        assert r["status"] == "ok", (name, r["status"], r.get("reason"))
        assert r["verification"]["outcome"] == "passed", (name, r["verification"])
    key = name + ("/" + r["params"]["dtype"] if "dtype" in r.get("params", {}) else "")
    seen[key] = r["status"]
want = {"memory/stream_copy", "memory/stream_scale", "memory/stream_add", "memory/stream_triad",
        "memory/stream_dot", "compute/gemm/fp32", "compute/gemm/fp16", "compute/gemm/bf16"}
assert set(seen) == want, f"ran {sorted(seen)}, want {sorted(want)}"
text = json.dumps(suite["devices"])
assert "ascend:0" in text and "stand-in" in text, "the device is not named a stand-in"
print(f"ok   {len(results)} Ascend compute runs on the stand-in in isolated children: all "
      "verified, stream_dot skipped (no fp64 dot)")
PY
"$python" "$(dirname "$0")/../../scripts/validate-results" "$work/all.json" >/dev/null ||
  fail "the Ascend compute results file does not validate"

# status_of FILE: "benchmark[/dtype]=status" per result, one a line.
status_of() {
  "$python" -c '
import json, sys
for r in json.load(open(sys.argv[1]))["suite"]["results"]:
    dtype = r.get("params", {}).get("dtype")
    print(r["benchmark"] + ("/" + dtype if dtype else "") + "=" + r["status"])' "$1"
}

# 2. A corrupted byte in every device-to-host copy: invalid, exit 1.
ACCELBENCH_STANDIN_ASCEND_FAULT=corrupt_copy "$exe" run \
  --filter 'stream_(copy|triad)|gemm.*dtype:(fp16|bf16)' "${small[@]}" --out "$work/corrupt.json" \
  >"$work/corrupt.txt" 2>&1
rc=$?
[[ $rc -eq 1 ]] || fail "corrupt_copy should exit 1, not $rc: $(tail -3 "$work/corrupt.txt")"
statuses=$(status_of "$work/corrupt.json")
if [[ $(grep -c '=invalid$' <<<"$statuses") -ne 4 || $(wc -l <<<"$statuses") -ne 4 ]]; then
  fail "corrupt_copy: want 4 invalid, got: $(tr '\n' ' ' <<<"$statuses")"
else
  echo "ok   a corrupted device-to-host copy is invalid: $(tr '\n' ' ' <<<"$statuses")"
fi

# 3. aclnnAdd returns an error: add and triad failed, scale (aclnnMuls) ok.
ACCELBENCH_STANDIN_ASCEND_FAULT=error:aclnnAdd "$exe" run --filter 'stream_(scale|add|triad)' \
  "${stream_only[@]}" --out "$work/error.json" >"$work/error.txt" 2>&1
rc=$?
[[ $rc -eq 1 ]] || fail "error:aclnnAdd should exit 1, not $rc: $(tail -3 "$work/error.txt")"
statuses=$(status_of "$work/error.json" | sort | tr '\n' ' ')
want='memory/stream_add=failed memory/stream_scale=ok memory/stream_triad=failed '
if [[ $statuses != "$want" ]]; then
  fail "error:aclnnAdd: got '$statuses', want '$want'"
elif ! grep -q 'aclnnAdd' <<<"$("$python" -c '
import json, sys
print([r.get("reason", "") for r in json.load(open(sys.argv[1]))["suite"]["results"]])' \
  "$work/error.json")"; then
  fail "error:aclnnAdd: the failure does not name aclnnAdd"
else
  echo "ok   an aclnnAdd error fails add and triad only: $statuses"
fi

# 4. The runner's bitflip in the result: invalid, exit 1.
"$exe" run --filter 'stream_scale|gemm.*dtype:fp32' "${small[@]}" --inject bitflip:1 \
  --out "$work/flip.json" >"$work/flip.txt" 2>&1
rc=$?
[[ $rc -eq 1 ]] || fail "an injected bitflip should exit 1, not $rc: $(tail -3 "$work/flip.txt")"
statuses=$(status_of "$work/flip.json" | sort | tr '\n' ' ')
want='compute/gemm/fp32=invalid memory/stream_scale=invalid '
[[ $statuses == "$want" ]] || fail "bitflip: got '$statuses', want '$want'"
[[ $statuses == "$want" ]] && echo "ok   an injected bitflip is invalid: $statuses"

# 5. dtypes: fp64 skipped with the reason, an unknown one a usage error.
"$exe" run --filter gemm "${gemm_only[@]}" --param dtype=fp64 --out "$work/fp64.json" \
  >"$work/fp64.txt" 2>&1
rc=$?
[[ $rc -eq 0 ]] || fail "gemm dtype=fp64 should exit 0 (skipped), not $rc"
"$python" -c '
import json, sys
results = json.load(open(sys.argv[1]))["suite"]["results"]
assert len(results) == 1 and results[0]["status"] == "skipped", results
assert "no fp64" in results[0]["reason"], results[0]["reason"]
print("ok   gemm fp64 on Ascend is skipped: " + results[0]["reason"])' "$work/fp64.json" ||
  fail "gemm dtype=fp64 not skipped with the reason"
"$exe" run --filter gemm "${gemm_only[@]}" --param dtype=fp128 >/dev/null 2>"$work/bad.txt"
rc=$?
if [[ $rc -ne 2 ]] || ! grep -q "dtype must be fp32, fp16 or bf16" "$work/bad.txt"; then
  fail "dtype=fp128: exit $rc, $(cat "$work/bad.txt")"
else
  echo "ok   an unknown dtype is a usage error: $(cat "$work/bad.txt")"
fi

echo "$failures failures"
[[ $failures -eq 0 ]]
