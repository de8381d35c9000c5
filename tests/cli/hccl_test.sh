#!/usr/bin/env bash
# The hccl backend under mpirun -np 2 against the stand-ins (libascendcl on
# host memory, libhccl over MPI: tests/stand_ins/): every comm/* instance of
# HCCL (sizes up to 512 KiB, to stay quick) runs, is verified and has algbw
# and busbw in its analysis, and hccl:0 is described as a stand-in per rank;
# error:HcclAllReduce and error:HcclGetRootInfo (rank 0) make allreduce
# `failed` naming the call and HCCL's error; corrupt_collective (a byte
# flipped on rank 1) makes it `invalid`; hang:HcclAllReduce ends the job
# through the MPI watchdog (--isolate, and with it `timeout`, is not for MPI
# runs).
set -u
exe=$1
source_dir=$2
stand_ins=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python=/usr/bin/python3
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

if ! command -v mpirun >/dev/null; then echo "SKIP mpirun not found"; exit 77; fi
for library in libascendcl.so libhccl.so; do
  [[ -f "$stand_ins/$library" ]] || { echo "FAIL no stand-in $stand_ins/$library"; exit 1; }
done
export ACCELBENCH_ASCEND_LIBRARY_DIR=$stand_ins
unset ACCELBENCH_STANDIN_ASCEND_FAULT
mpi=(timeout 120 mpirun -np 2 --oversubscribe --allow-run-as-root)
small='/hccl:0/message_bytes:[0-9]{1,6}(/|$)'  # up to 999,999 B: 8 B to 512 KiB in quick

# Every HCCL collective, ok and verified.
"${mpi[@]}" "$exe" run --suite comm --filter "$small" --min-time 0.001 --out "$work/ok.json" \
  >"$work/ok.txt" 2>&1 || fail "collectives: exit $?: $(tail -5 "$work/ok.txt")"
"$python" - "$work/ok.json" <<'PY' || fail "collectives: results"
import json, sys
d = json.load(open(sys.argv[1]))
hccl = [x for x in d["suite"]["devices"] if x["id"] == "hccl:0"]
assert hccl, [x["id"] for x in d["suite"]["devices"]]
device = hccl[0]
assert "stand-in" in device["name"], device["name"]
description = device["description"]
assert description["ranks"] == 2 and len(description["per_rank"]) == 2, description
for rank, entry in enumerate(description["per_rank"]):
    assert entry["rank"] == rank and entry["host"] and "stand-in" in entry["device"], entry
assert "npu" in description["per_rank"][0], description["per_rank"][0]
results = [r for r in d["suite"]["results"] if r["backend"] == "hccl"]
want = {"comm/allreduce", "comm/allgather", "comm/reduce_scatter", "comm/alltoall", "comm/broadcast"}
assert {r["benchmark"] for r in results} == want, {r["benchmark"] for r in results}
analyses = {a["benchmark"]: a for a in d["suite"]["analyses"] if a["device"] == "hccl:0"}
ran = {}
for r in results:
    if r["status"] == "skipped":
        # In-place allgather and reduce_scatter are not HCCL operations.
        assert r["benchmark"] in ("comm/allgather", "comm/reduce_scatter"), r["name"]
        assert r["params"].get("in_place") == 1 and "in place" in r["reason"], r
        continue
    assert r["status"] == "ok", (r["name"], r["status"], r.get("reason"))
    assert r["verification"]["outcome"] == "passed", r["name"]
    assert r["verification"]["elements_checked"] > 0, r["name"]
    assert r["metric"]["unit"] == "GB/s" and r["metric"]["value"] > 0, r["name"]
    assert r["details"]["library"] == "HCCL", r["details"]
    assert r["details"]["stragglers"]["iterations_per_rank"] > 0, r["name"]
    ran.setdefault(r["benchmark"], set()).add(r["params"]["message_bytes"])
assert set(ran) == want, ran
for benchmark, sizes in ran.items():
    assert len(sizes) >= 5, (benchmark, sizes)
    points = {s["message_bytes"]: s for s in analyses[benchmark]["sizes"]}
    for size in sizes:
        p = points[size]
        assert p["algbw_gbytes_per_s"] > 0 and p["busbw_gbytes_per_s"] > 0, (benchmark, p)
in_place = [r for r in results if r["params"].get("in_place") == 1 and r["status"] == "ok"]
assert any(r["benchmark"] == "comm/allreduce" for r in in_place), "no in-place allreduce ran"
print(f"ok   {len(results)} HCCL runs on {device['name']}: every collective verified at "
      f"{min(len(s) for s in ran.values())}+ sizes, algbw and busbw in the analyses")
PY
"$python" "$source_dir/scripts/validate-results" "$work/ok.json" >/dev/null ||
  fail "the results file does not validate"

# An HCCL error fails the instance, naming the call and HCCL's error: in the
# collective itself, or in rank 0's HcclGetRootInfo (whose result every rank
# receives with the root info, so none waits for it).
one=(--filter '^comm/allreduce/hccl:0/' --param message_bytes=4KiB --min-time 0.001)
for call in HcclAllReduce HcclGetRootInfo; do
  ACCELBENCH_STANDIN_ASCEND_FAULT=error:$call "${mpi[@]}" -x ACCELBENCH_STANDIN_ASCEND_FAULT \
    "$exe" run --suite comm "${one[@]}" --out "$work/error.json" >"$work/error.txt" 2>&1
  rc=$?
  [[ $rc -eq 1 ]] || fail "error:$call: exit $rc (want 1): $(head -2 "$work/error.txt")"
  "$python" - "$work/error.json" "$call" <<'PY' || fail "error:$call: results"
import json, sys
call = sys.argv[2]
results = [r for r in json.load(open(sys.argv[1]))["suite"]["results"] if r["backend"] == "hccl"]
assert results and all(r["status"] == "failed" for r in results), [(r["name"], r["status"]) for r in results]
for r in results:
    assert call in r["reason"] and "HCCL error 4" in r["reason"], r["reason"]
print(f"ok   error:{call} ->", results[0]["status"] + ":", results[0]["reason"][:80])
PY
done

# A corrupted collective (rank 1's receive buffer): invalid, on every rank's count.
ACCELBENCH_STANDIN_ASCEND_FAULT=corrupt_collective "${mpi[@]}" -x ACCELBENCH_STANDIN_ASCEND_FAULT \
  "$exe" run --suite comm "${one[@]}" --out "$work/corrupt.json" >"$work/corrupt.txt" 2>&1
rc=$?
[[ $rc -eq 1 ]] || fail "corrupt_collective: exit $rc (want 1): $(head -2 "$work/corrupt.txt")"
"$python" - "$work/corrupt.json" <<'PY' || fail "corrupt_collective: results"
import json, sys
results = [r for r in json.load(open(sys.argv[1]))["suite"]["results"] if r["backend"] == "hccl"]
assert results and all(r["status"] == "invalid" for r in results), [(r["name"], r["status"]) for r in results]
for r in results:
    assert r["verification"]["outcome"] == "failed" and r["verification"]["mismatches"] > 0, r
print("ok   corrupt_collective ->", results[0]["status"] + ":", results[0]["reason"])
PY

# A hung HCCL call: the job ends within the watchdog time (4 s + grace), the
# stalled instance named.
start=$SECONDS
ACCELBENCH_STANDIN_ASCEND_FAULT=hang:HcclAllReduce "${mpi[@]}" -x ACCELBENCH_STANDIN_ASCEND_FAULT \
  "$exe" run --suite comm "${one[@]}" --timeout 4 >"$work/hang.txt" 2>&1
rc=$?
elapsed=$((SECONDS - start))
if [[ $rc -eq 0 ]] || ((elapsed > 60)); then
  fail "hang:HcclAllReduce: exit $rc after $elapsed s"
elif ! grep -q "no progress for .* in comm/allreduce/hccl:0/" "$work/hang.txt"; then
  fail "hang:HcclAllReduce: the stalled benchmark is not named: $(head -3 "$work/hang.txt")"
else
  echo "ok   hang:HcclAllReduce ended the job in $elapsed s"
fi

if ((failures > 0)); then
  echo "$failures failure(s)"
  exit 1
fi
echo "all HCCL stand-in checks passed"
