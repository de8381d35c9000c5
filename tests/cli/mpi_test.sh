#!/usr/bin/env bash
# The MPI backend under mpirun: 2 and 3 ranks (odd, oversubscribed) run every
# comm benchmark and verify it; the straggler statistics name the rank slowed
# by --inject delay; a stalled rank ends the job within the watchdog time,
# named; a killed rank ends the job; ranks that select different benchmarks
# fail loudly; --isolate is refused under MPI; an unwritable --out ends
# every rank (exit 2).
set -u
exe=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python=/usr/bin/python3
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

if ! command -v mpirun >/dev/null; then echo "SKIP mpirun not found"; exit 77; fi
if ! "$exe" list | grep -q '^comm/'; then echo "SKIP accelbench built without MPI"; exit 77; fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
mpi=(timeout 300 mpirun -np)

for ranks in 2 3; do
  "${mpi[@]}" "$ranks" "$exe" run --suite comm --min-time 0.001 --out "$work/comm$ranks.json" \
    >"$work/comm$ranks.txt" 2>&1 || fail "$ranks ranks: exit $?: $(tail -5 "$work/comm$ranks.txt")"
  "$python" - "$work/comm$ranks.json" "$ranks" <<'PY' || fail "$ranks ranks: results"
import json, sys
d = json.load(open(sys.argv[1])); ranks = int(sys.argv[2])
results = [r for r in d["suite"]["results"] if r["backend"] == "mpi"]  # NCCL needs GPUs
mpi = [x for x in d["suite"]["devices"] if x["id"] == "mpi:0"][0]["description"]
assert mpi["ranks"] == ranks and len(mpi["per_rank"]) == ranks, mpi
for p in mpi["per_rank"]:
    assert p["host"] and p["cpus"], p
want = {"comm/allreduce", "comm/allgather", "comm/reduce_scatter", "comm/alltoall", "comm/broadcast",
        "comm/barrier", "comm/p2p_latency", "comm/p2p_bandwidth", "comm/p2p_bibandwidth", "comm/message_rate"}
missing = want - {r["benchmark"] for r in results}
assert not missing, missing
sizes = {}
for r in results:
    if r["status"] == "skipped":
        assert "less than one fp32 element per rank" in r["reason"], r
        continue
    assert r["status"] == "ok", (r["name"], r["status"], r.get("reason"))
    assert r["verification"]["outcome"] == "passed", r["name"]
    assert r["details"]["stragglers"]["iterations_per_rank"] > 0, r["name"]
    sizes.setdefault(r["benchmark"], set()).add(r["params"].get("message_bytes"))
for collective in ("comm/allreduce", "comm/allgather", "comm/reduce_scatter", "comm/alltoall", "comm/broadcast"):
    assert len(sizes[collective]) >= 5, (collective, sizes[collective])
collectives = ("comm/allreduce", "comm/allgather", "comm/reduce_scatter", "comm/alltoall", "comm/broadcast")
# The mean beside the median (OSU's figure): per size of every collective, per
# pair of the latency matrix.
analyses = {a["benchmark"]: a for a in d["suite"]["analyses"] if a["device"] == "mpi:0"}
for collective in collectives:
    a = analyses[collective]
    assert a["sizes"] and all(s["time_us"] > 0 and s["mean_time_us"] > 0 for s in a["sizes"]), a
    assert "median" in a["summary"] and "mean" in a["summary"], a["summary"]
latency = analyses["comm/p2p_latency"]
assert latency["mean_matrix"][0][ranks - 1] > 0 and latency["matrix"][0][ranks - 1] > 0, latency
print(f"ok   {ranks} ranks: {len(results)} comm runs, every collective verified at "
      f"{min(len(sizes[c]) for c in collectives)}+ sizes")
PY
  grep -Eq '^    params +median ns +mean ns ' "$work/comm$ranks.txt" ||
    fail "$ranks ranks: the latency table shows no mean beside the median"
  "$python" "$source_dir/scripts/validate-results" "$work/comm$ranks.json" >/dev/null ||
    fail "$ranks ranks: the results file does not validate"
done

# --progress under MPI: rank 0 alone prints, a line per benchmark.
"${mpi[@]}" 2 "$exe" run --suite comm --filter 'comm/(barrier|broadcast)/' --param message_bytes=4KiB \
  --min-time 0.001 --progress --format json >"$work/progress.json" 2>"$work/progress.err" ||
  fail "--progress under MPI: exit $?: $(tail -3 "$work/progress.err")"
"$python" - "$work/progress.json" "$work/progress.err" <<'PY' || fail "--progress under MPI: $(cat "$work/progress.err")"
import json, re, sys
# The instances of backends not available here (nccl:none) get no line.
results = [r for r in json.load(open(sys.argv[1]))["suite"]["results"]
           if not r["device"].endswith(":none")]
lines = [l for l in open(sys.argv[2]).read().splitlines() if re.match(r"^\[\d+/\d+\] comm/", l)]
assert len(lines) == len(results) > 0, (len(results), lines)
assert all(l.startswith(f"[{i + 1}/{len(results)}] ") for i, l in enumerate(lines)), lines
print(f"ok   --progress under MPI: {len(lines)} lines from rank 0 alone")
PY

# --inject delay on rank 1 only: the straggler statistics must name rank 1.
# 64 KiB makes 64 allreduces per timed iteration (4 KiB made 1000, and on a
# loaded 2-core machine one such iteration outlasted the min-time: a single
# iteration names no persistent straggler).
one=(--filter 'comm/allreduce/.*in_place:0$' --param message_bytes=64KiB)  # one instance
"${mpi[@]}" 3 "$exe" run --suite comm "${one[@]}" --min-time 0.2 --inject delay:2:1 \
  --inject-rank 1 --out "$work/delay.json" >"$work/delay.txt" 2>&1 ||
  fail "delay: exit $?: $(tail -3 "$work/delay.txt")"
"$python" -c '
import json, sys
s = json.load(open(sys.argv[1]))["suite"]["results"][0]["details"]["stragglers"]
assert s["persistent_straggler"] and s["persistent_straggler"]["rank"] == 1, s
print("ok   the delayed rank is named: rank", s["persistent_straggler"]["rank"],
      "last in", s["persistent_straggler"]["last_by_10_percent_fraction"], "of the iterations")
' "$work/delay.json" || fail "the delayed rank 1 was not named"
# The console breaks long "#" lines at spaces, continuing with "#   ": join them.
sed -e ':a' -e 'N' -e '$!ba' -e 's/\n#   / /g' "$work/delay.txt" | grep -q "straggler: rank 1" ||
  fail "the console does not name the straggler"

# A stalled rank: the job ends within the watchdog time (4 s + grace), rank 1 named.
start=$SECONDS
"${mpi[@]}" 3 "$exe" run --suite comm "${one[@]}" --min-time 0.05 --inject hang \
  --inject-rank 1 --timeout 4 >"$work/hang.txt" 2>&1
rc=$?
elapsed=$((SECONDS - start))
if [[ $rc -eq 0 ]] || ((elapsed > 30)); then
  fail "hang: exit $rc after $elapsed s"
elif ! grep -q "rank 1 of 3.*it is the rank that stalled" "$work/hang.txt"; then
  fail "hang: the stalled rank is not named: $(head -5 "$work/hang.txt")"
else
  echo "ok   a stalled rank ended the job in $elapsed s: $(grep -m1 'rank 1 of 3' "$work/hang.txt")"
fi

# A rank killed mid-run: mpirun ends the job.
"${mpi[@]}" 3 "$exe" run --suite comm --filter 'comm/allreduce' --min-time 2 \
  >"$work/kill.txt" 2>&1 &
job=$!
victim=""
for _ in $(seq 50); do
  sleep 0.2
  victim=$(pgrep -f "^$exe run --suite comm --filter comm/allreduce" | sed -n 2p)
  [[ -n $victim ]] && break
done
sleep 1
start=$SECONDS
[[ -n $victim ]] && kill -9 "$victim"
wait "$job"
rc=$?
elapsed=$((SECONDS - start))
if [[ -z $victim ]]; then
  fail "kill: no rank process found"
elif [[ $rc -eq 0 ]] || ((elapsed > 30)); then
  fail "kill: exit $rc after $elapsed s"
else
  echo "ok   a killed rank ended the job in $elapsed s (exit $rc): $(grep -m1 -i 'signal 9\|killed' "$work/kill.txt")"
fi

# Ranks that select different benchmarks fail loudly (MPMD: one filter per rank).
timeout 60 mpirun -np 1 "$exe" run --suite comm --filter 'comm/barrier' : \
  -np 1 "$exe" run --suite comm --filter 'comm/broadcast' >"$work/disagree.txt" 2>&1
rc=$?
if [[ $rc -eq 0 ]] || ! grep -q "selected different benchmarks" "$work/disagree.txt"; then
  fail "disagreeing ranks: exit $rc: $(tail -3 "$work/disagree.txt")"
else
  echo "ok   disagreeing ranks: $(grep -m1 'selected different' "$work/disagree.txt")"
fi

"${mpi[@]}" 2 "$exe" run --suite comm --isolate >"$work/isolate.txt" 2>&1
rc=$?
if [[ $rc -eq 0 ]] || ! grep -q -- "--isolate cannot be used under MPI" "$work/isolate.txt"; then
  fail "--isolate under MPI: exit $rc"
else
  echo "ok   --isolate under MPI is refused"
fi

# An unwritable --out is checked on rank 0 and fails every rank (the others
# used to wait forever in the next collective call).
timeout 60 mpirun -np 2 "$exe" run --suite comm --filter 'comm/barrier/' --min-time 0.05 \
  --out "$work/missing/comm.json" >"$work/unwritable.txt" 2>&1
rc=$?
if [[ $rc -ne 2 ]] || ! grep -q -- "--out $work/missing/comm.json: cannot write there" "$work/unwritable.txt"; then
  fail "an unwritable --out under MPI: exit $rc: $(tail -3 "$work/unwritable.txt")"
else
  echo "ok   an unwritable --out under MPI fails every rank: exit 2"
fi

echo "$failures failures"
[[ $failures -eq 0 ]]
