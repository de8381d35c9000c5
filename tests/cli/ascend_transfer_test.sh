#!/usr/bin/env bash
# The Ascend transfer benchmarks (interconnect/host_device, host_device_latency,
# peer, peer_latency) end to end against the stand-in libascendcl.so: every
# instance on ascend:0 runs in an isolated child and verifies (sm_kernel is
# skipped with its reason), on a device the stand-in names; the stand-in's
# faults become the harness's statuses (a corrupted device-to-host copy:
# invalid; an error from aclrtMemcpyAsync: failed for exactly the instances
# that call it; a hung aclrtSynchronizeEvent: timeout); the harness's own
# bitflip is caught; one device: the peer benchmarks are skipped; a method
# Ascend lacks and a peer that is the device itself are usage errors (exit 2).
# Arguments: the accelbench executable, the source folder, the stand-ins' folder.
set -u
exe=$1
standins=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python=/usr/bin/python3
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

if [[ ! -e $standins/libascendcl.so ]]; then
  echo "FAIL no stand-in libascendcl.so in $standins"
  exit 1
fi
export ACCELBENCH_ASCEND_LIBRARY_DIR=$standins
unset ACCELBENCH_STANDIN_ASCEND_FAULT ACCELBENCH_STANDIN_ASCEND_DEVICES

# Small transfers (the sweep's sizes all become 64 KiB) and short repetitions.
small=(--device ascend:0 --param transfer_bytes=64KiB --min-time 0.01 --isolate --timeout 30
       --quiet)
transfers=(--filter 'host_device|peer')

# run NAME [accelbench run options...]: $work/NAME.json, the exit code in $rc.
run() {
  local name=$1
  shift
  "$exe" run "$@" --out "$work/$name.json" >"$work/$name.txt" 2>&1
  rc=$?
}

# check NAME PYTHON: PYTHON runs with `results` (the suite's results) and
# `devices` (the suite's devices); an assertion failing fails the check.
check() {
  local name=$1 code=$2
  "$python" - "$work/$name.json" "$code" <<'PY' || fail "$name: $(tail -3 "$work/$name.txt")"
import json, sys
suite = json.load(open(sys.argv[1]))["suite"]
results, devices = suite["results"], suite["devices"]
assert results, "no results"
exec(sys.argv[2])
PY
}

# Which AscendCL copy an instance makes: aclrtMemcpyAsync for memcpy_async,
# the peer copies and the pinned latency; aclrtMemcpy for memcpy and the
# pageable latency.
calls_memcpy_async='
def calls_memcpy_async(r):
    p = r["params"]
    if r["benchmark"] == "interconnect/host_device_latency":
        return p["host_memory"] == "pinned"
    return p.get("method") != "memcpy"
'

run all "${transfers[@]}" "${small[@]}"
[[ $rc -eq 0 ]] || fail "the Ascend transfer benchmarks exited $rc: $(tail -5 "$work/all.txt")"
check all '
want = {"interconnect/host_device", "interconnect/host_device_latency",
        "interconnect/peer", "interconnect/peer_latency"}
assert {r["benchmark"] for r in results} == want, {r["benchmark"] for r in results}
ascend = [d for d in devices if d["id"] == "ascend:0"]
assert ascend and "stand-in" in ascend[0]["name"], ascend
measured = 0
for r in results:
    assert r["device"] == "ascend:0" and r["backend"] == "ascend", r
    if r["params"].get("method") == "sm_kernel":
        assert r["status"] == "skipped" and "no Ascend kernel" in r["reason"], r
        continue
    assert r["status"] == "ok", (r["name"], r["status"], r.get("reason"))
    assert r["verification"]["outcome"] == "passed", r["name"]
    measured += 1
methods = {r["params"].get("method") for r in results if r["benchmark"] == "interconnect/host_device"}
assert methods == {"memcpy_async", "memcpy"}, methods
print(f"ok   {measured} Ascend transfer instances verified on the stand-in, sm_kernel skipped")
'

ACCELBENCH_STANDIN_ASCEND_FAULT=corrupt_copy run corrupt "${transfers[@]}" "${small[@]}"
[[ $rc -eq 1 ]] || fail "corrupt_copy: exit $rc, not 1"
check corrupt '
statuses = {r["status"] for r in results if r["params"].get("method") != "sm_kernel"}
assert statuses == {"invalid"}, statuses
print(f"ok   a corrupted device-to-host copy: every instance invalid")
'

ACCELBENCH_STANDIN_ASCEND_FAULT=error:aclrtMemcpyAsync run error "${transfers[@]}" "${small[@]}"
[[ $rc -eq 1 ]] || fail "error:aclrtMemcpyAsync: exit $rc, not 1"
check error "$calls_memcpy_async"'
failed = 0
for r in results:
    if r["params"].get("method") == "sm_kernel":
        continue
    if calls_memcpy_async(r):
        assert r["status"] == "failed", (r["name"], r["status"])
        assert "aclrtMemcpyAsync" in r["reason"] and "507000" in r["reason"], r["reason"]
        failed += 1
    else:
        assert r["status"] == "ok", (r["name"], r["status"], r.get("reason"))
print(f"ok   an error from aclrtMemcpyAsync: its {failed} instances failed, the aclrtMemcpy ones ok")
'

# memcpy_async on pageable memory (CANN 7.0-8.0: an error when the copy runs)
# and a blocking memcpy both ways at once are skipped, each with its reason.
pageable='host_device/ascend:0/direction:h2d/method:memcpy/host_memory:pageable'
run async_pageable --filter "$pageable" --param method=memcpy_async "${small[@]}"
[[ $rc -eq 0 ]] || fail "memcpy_async on pageable memory: exit $rc, not 0"
check async_pageable '
assert len(results) == 1 and results[0]["status"] == "skipped", results
assert "memcpy_async needs pinned memory" in results[0]["reason"], results[0]["reason"]
print("ok   memcpy_async on pageable memory: skipped: " + results[0]["reason"])
'
run sync_both --filter "$pageable" --param direction=bidirectional "${small[@]}"
[[ $rc -eq 0 ]] || fail "memcpy bidirectional: exit $rc, not 0"
check sync_both '
assert len(results) == 1 and results[0]["status"] == "skipped", results
assert "aclrtMemcpy blocks the host" in results[0]["reason"], results[0]["reason"]
print("ok   memcpy both ways at once: skipped: " + results[0]["reason"])
'

# One bandwidth instance of each benchmark: each hangs until the watchdog.
hung='host_device/ascend:0/direction:d2h/method:memcpy_async/host_memory:pinned/transfer_bytes:4096$'
hung+='|peer/ascend:0/peer:1/method:copy_engine/direction:write'
ACCELBENCH_STANDIN_ASCEND_FAULT=hang:aclrtSynchronizeEvent run hang --filter "$hung" \
  --device ascend:0 --param transfer_bytes=64KiB --min-time 0.01 --isolate --timeout 2 --quiet
[[ $rc -eq 1 ]] || fail "hang:aclrtSynchronizeEvent: exit $rc, not 1"
check hang '
assert len(results) == 2, [r["name"] for r in results]
for r in results:
    assert r["status"] == "timeout", (r["name"], r["status"])
print("ok   a hung aclrtSynchronizeEvent: timeout under --isolate --timeout")
'

run bitflip "${transfers[@]}" "${small[@]}" --inject bitflip:1
[[ $rc -eq 1 ]] || fail "--inject bitflip:1: exit $rc, not 1"
check bitflip '
statuses = {r["status"] for r in results if r["params"].get("method") != "sm_kernel"}
assert statuses == {"invalid"}, statuses
print("ok   the harness bitflip on Ascend results: every instance invalid")
'

ACCELBENCH_STANDIN_ASCEND_DEVICES=1 run one --filter peer --device ascend:0 --min-time 0.01 --isolate --quiet
[[ $rc -eq 0 ]] || fail "one device: exit $rc"
check one '
assert {r["benchmark"] for r in results} == {"interconnect/peer", "interconnect/peer_latency"}
for r in results:
    assert r["status"] == "skipped" and r["reason"].startswith("one device"), r
reason = results[0]["reason"]
print(f"ok   one device: {len(results)} peer benchmarks skipped: {reason}")
'

# Bad input: a method Ascend does not have, a peer that is this device.
for bad in "host_device/ascend:0/direction:h2d method=copy_engine memcpy_async or memcpy" \
           "peer/ascend:0/peer:1/method:copy_engine/direction:write peer=0 another of the 2"; do
  read -r filter param message <<<"$bad"
  "$exe" run --filter "$filter" --device ascend:0 --param "$param" --min-time 0.01 --quiet \
    >/dev/null 2>"$work/bad.err"
  rc=$?
  if [[ $rc -ne 2 ]] || [[ $(wc -l <"$work/bad.err") -ne 1 ]] || ! grep -q "$message" "$work/bad.err"; then
    fail "--param $param: exit $rc: $(cat "$work/bad.err")"
  else
    echo "ok   --param $param: exit 2: $(cat "$work/bad.err")"
  fi
done

echo "$failures failures"
[[ $failures -eq 0 ]]
