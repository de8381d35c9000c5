#!/usr/bin/env bash
# run --per-node: one job, every node. Under mpirun, `sh -c` gives each rank
# its own --node-name, so one machine holds several "nodes": two nodes of one
# rank each, and three ranks on two nodes (the second node's first rank is
# rank 2). Both output forms (--out F, --out-dir D) must hold every node's
# document with its own suite.node and the cross-node document with
# rank_nodes, and validate against the schema. A node slowed far past the
# watchdog time in phase 1 does not end the job; a node's invalid result
# makes the exit code 1; ranks of one node that select different benchmarks
# fail loudly; bad combinations exit 2. Without mpirun, --per-node is one node.
set -u
exe=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python=/usr/bin/python3
validate=("$python" "$source_dir/scripts/validate-results")
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

if ! command -v mpirun >/dev/null; then echo "SKIP mpirun not found"; exit 77; fi
if ! "$exe" list | grep -q '^comm/'; then echo "SKIP accelbench built without MPI"; exit 77; fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
# Two node-local benchmarks (one instance each) and one cross-node benchmark.
small=(--filter 'memory/stream_(copy|triad)/cpu|comm/barrier/' --param array_bytes=64KiB
       --param threads=1 --min-time 0.05)
# Each rank names its node: node<rank / $1> (sh -c: $0 is the executable).
per_rank() {  # RANKS PER_NODE ARGS...
  local ranks=$1 per_node=$2
  shift 2
  timeout 300 mpirun -np "$ranks" sh -c \
    'exec "$0" run --per-node --node-name "node$((OMPI_COMM_WORLD_RANK / '"$per_node"'))" "$@"' \
    "$exe" "$@"
}

# check.py FILES...: the documents of one --per-node run, as the fleet interface says.
cat >"$work/check.py" <<'PY'
import json, os, sys
want_nodes, want_rank_nodes = sys.argv[1].split(","), sys.argv[2].split(",")
paths = sys.argv[3:]
nodes, cross = {}, []
for path in paths:
    d = json.load(open(path))
    s = d["suite"]
    if s.get("fleet"):
        cross.append(d)
        for n in s.get("nodes", []):
            nodes[n["suite"]["node"]] = n
    else:
        nodes[s["node"]] = d
        assert os.path.basename(path) == s["node"] + ".json", (path, s["node"])
assert sorted(nodes) == sorted(want_nodes), (sorted(nodes), want_nodes)
for name, n in nodes.items():
    s = n["suite"]
    assert s["node"] == name and "fleet" not in s and "nodes" not in s, name
    results = s["results"]
    assert {r["benchmark"] for r in results} == {"memory/stream_copy", "memory/stream_triad"}, results
    assert all(r["status"] == "ok" and r["verification"]["outcome"] == "passed" for r in results), results
    assert not any(d["id"].startswith(("mpi:", "nccl:")) for d in s["devices"]), s["devices"]
    assert s["fingerprint"]["hash"] and s["topology"]["pus"] > 0, name
    assert len(n["benchmarks"]) == len(results), name
assert len(cross) == (1 if want_rank_nodes != [""] else 0), len(cross)
for c in cross:
    f = c["suite"]["fleet"]
    assert f == {"role": "cross-node", "nodes": sorted(want_nodes), "rank_nodes": want_rank_nodes}, f
    assert "node" not in c["suite"], c["suite"].get("node")
    mpi = [r for r in c["suite"]["results"] if r["backend"] == "mpi"]
    assert mpi and all(r["benchmark"] == "comm/barrier" and r["status"] == "ok" for r in mpi), mpi
    assert not any(r["benchmark"].startswith("memory/") for r in c["suite"]["results"])
print(f"ok   {len(nodes)} node(s) {sorted(nodes)}, {len(cross)} cross-node document(s)")
PY

# Two nodes of one rank each: --out F and --out-dir D.
per_rank 2 1 "${small[@]}" --out "$work/two.json" >"$work/two.txt" 2>"$work/two.err" ||
  fail "two nodes, --out: exit $?: $(tail -5 "$work/two.err")"
"$python" "$work/check.py" node0,node1 node0,node1 "$work/two.json" || fail "two nodes, --out"
"${validate[@]}" "$work/two.json" >/dev/null || fail "two nodes, --out: does not validate"
for title in "=== node node0 (rank(s) 0; its node-local suite ran on rank 0) ===" \
  "=== node node1 (rank(s) 1; its node-local suite ran on rank 1) ===" \
  "=== cross-node: 2 rank(s) on 2 node(s) ==="; do
  grep -qF "$title" "$work/two.txt" || fail "two nodes: the console lacks '$title'"
done
per_rank 2 1 "${small[@]}" --out-dir "$work/two" --progress >"$work/two-dir.txt" \
  2>"$work/two-dir.err" || fail "two nodes, --out-dir: exit $?: $(tail -5 "$work/two-dir.err")"
[[ $(cd "$work/two" && echo *) == "cross-node.json node0.json node1.json" ]] ||
  fail "two nodes, --out-dir holds: $(ls -A "$work/two")"
"$python" "$work/check.py" node0,node1 node0,node1 "$work/two"/*.json || fail "two nodes, --out-dir"
"${validate[@]}" "$work/two"/*.json >/dev/null || fail "two nodes, --out-dir: does not validate"
grep -q '^# phase 1: the node-local suite on 2 node(s) at once' "$work/two-dir.err" &&
  grep -q '^# phase 2: the cross-node suite on 2 rank(s) of 2 node(s)' "$work/two-dir.err" &&
  [[ $(grep -c '^\[[0-9]*/[0-9]*\] ' "$work/two-dir.err") -eq 3 ]] ||
  fail "--progress does not name the phases: $(cat "$work/two-dir.err")"

# Three ranks, two nodes: node0 = ranks 0 and 1, node1 = rank 2 (its first rank).
per_rank 3 2 "${small[@]}" --out "$work/three.json" >"$work/three.txt" 2>"$work/three.err" ||
  fail "three ranks: exit $?: $(tail -5 "$work/three.err")"
"$python" "$work/check.py" node0,node1 node0,node0,node1 "$work/three.json" || fail "three ranks"
"${validate[@]}" "$work/three.json" >/dev/null || fail "three ranks: does not validate"
grep -qF "=== node node1 (rank(s) 2; its node-local suite ran on rank 2) ===" "$work/three.txt" &&
  grep -qF "=== node node0 (rank(s) 0, 1; its node-local suite ran on rank 0) ===" "$work/three.txt" ||
  fail "three ranks: the node tables are not titled with their ranks"

# Without --node-name the host name names the node: two ranks here are one node.
host=$(hostname)
timeout 300 mpirun -np 2 "$exe" run --per-node "${small[@]}" --out-dir "$work/host" \
  >"$work/host.txt" 2>&1 || fail "host name: exit $?: $(tail -5 "$work/host.txt")"
"$python" "$work/check.py" "$host" "$host,$host" "$work/host"/*.json || fail "host name"

# A node slowed far past the watchdog time in phase 1 (each iteration of
# node1's benchmarks 1.5 s, the watchdog 3 s): the other node waits, the job goes on.
start=$SECONDS
per_rank 2 1 "${small[@]}" --inject 'delay:1500:1@memory/' --inject-rank 1 --timeout 3 \
  --out "$work/slow.json" >"$work/slow.txt" 2>&1 || fail "slow node: exit $?: $(tail -5 "$work/slow.txt")"
elapsed=$((SECONDS - start))
"$python" - "$work/slow.json" <<'PY' || fail "slow node: results"
import json, sys
d = json.load(open(sys.argv[1]))
nodes = {n["suite"]["node"]: n for n in d["suite"]["nodes"]}
def longest(node):  # the longest iteration of the node's benchmarks, s
    return max(max(run["suite"]["samples"]["seconds_per_iteration"]) for run in node["benchmarks"])
assert longest(nodes["node1"]) >= 1.4 > longest(nodes["node0"]), (longest(nodes["node1"]), longest(nodes["node0"]))
assert all(r["status"] == "ok" for n in nodes.values() for r in n["suite"]["results"])
assert all(r["status"] == "ok" for r in d["suite"]["results"] if r["backend"] == "mpi")
PY
((elapsed >= 3)) || fail "slow node: the run took $elapsed s, not longer than the watchdog time"
echo "ok   a node slower than the watchdog time in phase 1 ($elapsed s in all) did not end the job"

# A node whose result is invalid makes the job's exit code 1 (rank 0 reports
# for every node); the other node's results stay ok.
per_rank 2 1 "${small[@]}" --inject 'bitflip:1@memory/' --inject-rank 1 --out "$work/flip.json" \
  >"$work/flip.txt" 2>&1
rc=$?
"$python" - "$work/flip.json" <<'PY' && [[ $rc -eq 1 ]] || fail "an invalid node: exit $rc"
import json, sys
d = json.load(open(sys.argv[1]))
status = {n["suite"]["node"]: n["suite"]["status"] for n in d["suite"]["nodes"]}
assert status == {"node0": "ok", "node1": "invalid"}, status
assert d["suite"]["status"] == "ok", d["suite"]["status"]
print("ok   an invalid node (bit flipped on node1) makes the exit code 1:", status)
PY

# Ranks of one node that select different node-local benchmarks fail loudly.
timeout 120 mpirun -np 1 "$exe" run --per-node --node-name n --filter 'memory/stream_copy/cpu|comm/barrier/' \
  --param array_bytes=64KiB --param threads=1 --min-time 0.05 : \
  -np 1 "$exe" run --per-node --node-name n --filter 'memory/stream_triad/cpu|comm/barrier/' \
  --param array_bytes=64KiB --param threads=1 --min-time 0.05 >"$work/disagree.txt" 2>&1
rc=$?
if [[ $rc -eq 0 ]] || ! grep -q "the ranks of node n selected different node-local benchmarks" "$work/disagree.txt"; then
  fail "disagreeing ranks of one node: exit $rc: $(tail -3 "$work/disagree.txt")"
else
  echo "ok   disagreeing ranks of one node: $(grep -m1 -o 'the ranks of node n selected.*first rank 0' "$work/disagree.txt")"
fi

# Bad combinations under mpirun: exit 2, one line naming the problem, nothing written.
bad() {  # NAME PATTERN COMMAND...
  local name=$1 pattern=$2
  shift 2
  "$@" >"$work/bad.txt" 2>&1
  local rc=$?
  if [[ $rc -ne 2 ]] || ! grep -q -- "$pattern" "$work/bad.txt"; then
    fail "$name: exit $rc: $(tail -3 "$work/bad.txt")"
  else
    echo "ok   $name: exit 2: $(grep -m1 -- "$pattern" "$work/bad.txt")"
  fi
}
bad "a node named like the cross-node file" "would overwrite the cross-node document" \
  timeout 120 mpirun -np 2 sh -c 'exec "$0" run --per-node --node-name "$([ "$OMPI_COMM_WORLD_RANK" = 1 ] && echo cross-node || echo a)" "$@"' \
  "$exe" "${small[@]}" --out-dir "$work/never"
[[ ! -e $work/never/a.json ]] || fail "a node named like the cross-node file: something was written"
bad "a bad node name on one rank only" "--node-name 'x y' cannot name a node" \
  timeout 120 mpirun -np 2 sh -c 'exec "$0" run --per-node --node-name "$([ "$OMPI_COMM_WORLD_RANK" = 1 ] && echo "x y" || echo a)" "$@"' \
  "$exe" "${small[@]}"
bad "--node-name under mpirun without --per-node" "--node-name under mpirun needs --per-node" \
  timeout 120 mpirun -np 2 "$exe" run --node-name a "${small[@]}"
bad "--per-node --isolate under mpirun" "--isolate cannot be used under MPI" \
  timeout 120 mpirun -np 2 "$exe" run --per-node --isolate "${small[@]}"
bad "--out and --out-dir" "--out and --out-dir cannot be given together" \
  timeout 120 mpirun -np 2 "$exe" run --per-node "${small[@]}" --out "$work/x.json" --out-dir "$work/x"
[[ ! -e $work/x && ! -e $work/x.json ]] || fail "--out and --out-dir: something was written"

# Without mpirun --per-node is one node: its document alone, no cross-node document.
"$exe" run --per-node --node-name solo "${small[@]}" --out-dir "$work/solo" >"$work/solo.txt" 2>&1 ||
  fail "one node: exit $?: $(tail -3 "$work/solo.txt")"
[[ $(cd "$work/solo" && echo *) == "solo.json" ]] || fail "one node, --out-dir holds: $(ls -A "$work/solo")"
grep -q "cross-node benchmark(s) left out" "$work/solo.txt" || fail "one node: no note on the left-out comm benchmarks"
"$exe" run --per-node --node-name solo "${small[@]}" --out "$work/solo.json" >/dev/null 2>&1 ||
  fail "one node, --out: exit $?"
"$python" "$work/check.py" solo "" "$work/solo/solo.json" "$work/solo.json" || fail "one node"
"${validate[@]}" "$work/solo/solo.json" "$work/solo.json" >/dev/null || fail "one node: does not validate"
# --node-name on an ordinary run names the node in the results.
"$exe" run --node-name plain --filter 'memory/stream_copy/cpu' --param array_bytes=64KiB \
  --param threads=1 --min-time 0.05 --out "$work/plain.json" >/dev/null 2>&1 || fail "--node-name: exit $?"
"$python" -c 'import json, sys; assert json.load(open(sys.argv[1]))["suite"]["node"] == "plain"' \
  "$work/plain.json" || fail "--node-name: suite.node is not set"

echo "$failures failures"
[[ $failures -eq 0 ]]
