#!/usr/bin/env bash
# scripts/slurm/accelbench.sbatch under a real Slurm: a single-host cluster
# from Debian's slurm-wlm and munge, started here without systemd (munged
# with a generated key, slurmctld and slurmd on localhost, a generated
# slurm.conf in a temporary folder given by SLURM_CONF; no cgroups:
# proctrack/linuxproc, task/none; the node's CPUs and memory from
# `slurmd -C`). Four jobs are submitted with sbatch and waited for:
#   1. every step, ranks started by srun --mpi=pmix: the node suite narrowed
#      to one STREAM instance, then one comm instance on two ranks, then the
#      fleet diagnosis when this accelbench has `fleet`; the gathered node
#      and cross-node documents must validate against the schema and name
#      their node;
#   2. the comm step alone, ranks started by mpirun inside the allocation,
#      one per physical core;
#   3. one rank per node, the node step running a cross-node benchmark too:
#      the comm step, which would repeat it, is skipped;
#   4. a bad option value: the job fails with exit 2 and one error line.
# Every daemon it started is stopped, even when a step fails; without root,
# Slurm, munge or MPI it skips (77) with the reason.
set -u
exe=$(realpath "$1")
root=$(realpath "$2")
script=$root/scripts/slurm/accelbench.sbatch
work=$(mktemp -d)
daemons=()  # pids, stopped in reverse order
job_ids=()

stop_daemons() {
  if [[ ${#job_ids[@]} -gt 0 ]]; then
    local ids
    ids=$(IFS=, && echo "${job_ids[*]}")
    scancel "${job_ids[@]}" 2>/dev/null
    for _ in {1..20}; do  # let slurmd end the jobs' steps before it goes
      squeue -h -j "$ids" 2>/dev/null | grep -q . || break
      sleep 0.5
    done
  fi
  local i pid
  for ((i = ${#daemons[@]} - 1; i >= 0; i--)); do
    pid=${daemons[i]}
    kill "$pid" 2>/dev/null || continue
    for _ in {1..40}; do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
}
cleanup() {
  stop_daemons
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM  # the daemons stop also when the test is interrupted
skip() {
  echo "SKIP $*"
  exit 77
}
failures=0
fail() {
  echo "FAIL $*"
  failures=$((failures + 1))
}
ok() { echo "ok   $*"; }
show_logs() {  # the daemons' and the job's logs, for a failure
  for log in "$work"/log/*.log "$@"; do
    [[ -f $log ]] && echo "--- $log" && tail -25 "$log"
  done
}

[[ $(id -u) -eq 0 ]] || skip "needs root: slurmd starts each job as its user"
for tool in munged munge unmunge slurmctld slurmd sbatch sinfo squeue scontrol scancel srun; do
  command -v "$tool" >/dev/null || skip "$tool not found (Debian's slurm-wlm and munge)"
done
command -v mpirun >/dev/null || skip "mpirun not found"
"$exe" list | grep -q '^comm/' || skip "accelbench built without MPI"
"$exe" run --help | grep -q -- '--per-node' || skip "this accelbench has no run --per-node"

node=$(hostname -s)
# Ports nobody listens on, for slurmctld and slurmd (another test's cluster
# may be running).
read -r ctld_port slurmd_port < <(/usr/bin/python3 -c '
import socket
sockets = [socket.socket() for _ in range(2)]
for s in sockets: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in sockets))')

# munged checks its folders: the key private, the socket's folder open to all.
chmod 711 "$work"
mkdir -m 700 "$work/munge"
mkdir -m 755 "$work/run"
mkdir "$work/log" "$work/state" "$work/spool" "$work/tmp" "$work/submit"
head -c 1024 /dev/urandom >"$work/munge/munge.key"
chmod 600 "$work/munge/munge.key"
socket=$work/run/munge.socket
munged --foreground --key-file="$work/munge/munge.key" --socket="$socket" \
  --pid-file="$work/run/munged.pid" --log-file="$work/log/munged.log" \
  --seed-file="$work/munge/munged.seed" 2>>"$work/log/munged.log" &
daemons+=($!)
for _ in {1..40}; do
  [[ -S $socket ]] && break
  sleep 0.25
done
munge --socket="$socket" --no-input 2>"$work/err" | unmunge --socket="$socket" >/dev/null 2>>"$work/err" ||
  skip "munged does not run here: $(tail -1 "$work/log/munged.log" "$work/err" | grep . | tail -1)"

# The node as slurmd sees it; RealMemory 10% below it, since a VM's memory
# moves and a node with less than its configured memory is drained.
hardware=$(slurmd -C | head -1) || skip "slurmd -C fails: $hardware"
memory=$(sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' <<<"$hardware")
layout=$(grep -o '\(CPUs\|Boards\|SocketsPerBoard\|CoresPerSocket\|ThreadsPerCore\)=[0-9]*' <<<"$hardware" | tr '\n' ' ')
export SLURM_CONF=$work/slurm.conf
cat >"$SLURM_CONF" <<CONF
ClusterName=accelbench-test
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
TmpFS=$work/tmp
SlurmctldPidFile=$work/run/slurmctld.pid
SlurmdPidFile=$work/run/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
MinJobAge=600
KillWait=5
NodeName=$node NodeAddr=127.0.0.1 $layout RealMemory=$((memory * 9 / 10)) State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=30 State=UP
CONF
slurmctld -D -i 2>/dev/null &  # -D logs to the log file and stderr
daemons+=($!)
slurmd -D -N "$node" 2>/dev/null &
daemons+=($!)
state=
for _ in {1..60}; do
  state=$(sinfo -h -n "$node" -o %T 2>/dev/null)
  [[ $state == idle ]] && break
  sleep 0.5
done
if [[ $state != idle ]]; then
  show_logs
  # The first error (a fresh slurmctld always says it found no state file).
  skip "the single-host Slurm did not come up (node state '${state:-none}'): $(
    grep -h -i 'error\|fatal' "$work/log/slurmd.log" "$work/log/slurmctld.log" |
      grep -v -i 'state file\|state save' | head -1)"
fi
ok "single-host Slurm up: $node, $layout"

submit() {  # submit NAME VARIABLE=VALUE...: the job's id, submitted from $work/submit
  local name=$1
  shift
  (cd "$work/submit" && env "$@" sbatch --parsable --job-name="$name" --time=5 "$script")
}
wait_job() {  # wait_job ID: "STATE EXIT" once the job has ended (5 minutes at most)
  local info
  for _ in {1..600}; do
    info=$(scontrol show job "$1" 2>/dev/null)
    case $(grep -o 'JobState=[A-Z_]*' <<<"$info") in
      JobState=PENDING | JobState=RUNNING | JobState=CONFIGURING | JobState=COMPLETING | "") ;;
      *)
        echo "$(grep -o 'JobState=[A-Z_]*' <<<"$info" | cut -d= -f2) $(grep -o ' ExitCode=[0-9]*' <<<"$info" | cut -d= -f2)"
        return
        ;;
    esac
    sleep 0.5
  done
  echo "TIMEOUT -"
}

common=(ACCELBENCH="$exe" OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
  "ACCELBENCH_ARGS=--min-time 0.01"
  "ACCELBENCH_NODE_ARGS=--filter memory/stream_triad/cpu:0/ --param array_bytes=1MiB --param threads=1"
  "ACCELBENCH_COMM_ARGS=--filter comm/allreduce/.*in_place:0$ --param message_bytes=64KiB"
  ACCELBENCH_COMM_TASKS=2)

# 1. Every step, srun --mpi=pmix (auto).
all=$(submit accelbench-all "${common[@]}") || { show_logs; fail "sbatch refused the job"; exit 1; }
job_ids+=("$all")
read -r job_state job_exit < <(wait_job "$all")
out=$work/submit/accelbench-$all
if [[ $job_state == COMPLETED && $job_exit == 0 ]]; then
  ok "job $all (node, comm, fleet steps; srun --mpi=pmix) completed, exit 0"
else
  fail "job $all ended $job_state, exit $job_exit"
  show_logs "$work/submit/accelbench-$all.log" "$out/job.txt"
fi
grep -q '^launcher: srun;' "$out/job.txt" 2>/dev/null || fail "job.txt does not name srun as the launcher"
/usr/bin/python3 - "$out" "$root/scripts/validate-results" <<'PY' || failures=$((failures + 1))
import json, pathlib, subprocess, sys
out, validate = pathlib.Path(sys.argv[1]), sys.argv[2]
failures = 0
def check(good, text):
    global failures
    print(("ok   " if good else "FAIL ") + text)
    failures += 0 if good else 1

nodes = sorted(p for p in (out / "nodes").glob("*.json") if p.name != "cross-node.json")
check(len(nodes) == 1, f"nodes/ holds one node document ({[p.name for p in nodes]})")
cross = out / "comm" / "cross-node.json"
check(cross.is_file(), "comm/cross-node.json was written")
check(not (out / "nodes" / "cross-node.json").exists(),
      "no cross-node document in nodes/ (the node step selected no cross-node benchmark)")
files = [str(p) for p in nodes + [cross] if p.is_file()]
if files:
    v = subprocess.run([validate, *files], capture_output=True, text=True)
    check(v.returncode == 0, f"{len(files)} document(s) validate against the schema" +
          ("" if v.returncode == 0 else f": {v.stdout}{v.stderr}".rstrip()))
for path in nodes:
    doc = json.loads(path.read_text())
    suite = doc["suite"]
    check(suite.get("node") == path.stem, f"{path.name}: suite.node is {suite.get('node')!r}")
    ran = [r["benchmark"] for r in suite["results"]]
    check(ran == ["memory/stream_triad"] and suite["results"][0]["status"] == "ok",
          f"{path.name}: the node suite ran memory/stream_triad, ok ({ran})")
if cross.is_file():
    suite = json.loads(cross.read_text())["suite"]
    fleet = suite.get("fleet", {})
    node = nodes[0].stem if nodes else None
    check(fleet.get("role") == "cross-node" and fleet.get("rank_nodes") == [node, node],
          f"cross-node.json: two ranks on node {node} ({fleet})")
    results = suite["results"]
    check([r["benchmark"] for r in results] == ["comm/allreduce"] and results[0]["status"] == "ok",
          f"cross-node.json: comm/allreduce ran, ok ({[(r['benchmark'], r['status']) for r in results]})")
fleet_txt, fleet_json = out / "fleet.txt", out / "fleet.json"
job = (out / "job.txt").read_text() if (out / "job.txt").is_file() else ""
if "fleet: skipped" in job:
    print("ok   fleet step skipped: " + job.split("fleet: skipped: ")[1].splitlines()[0])
else:
    check(fleet_txt.is_file() and fleet_txt.stat().st_size > 0, "fleet.txt was written")
    try:
        diagnosis = json.loads(fleet_json.read_text())
        check(nodes and nodes[0].stem in json.dumps(diagnosis), "fleet.json names the node")
    except (OSError, ValueError) as error:
        check(False, f"fleet.json: {error}")
for step in ("node", "comm"):
    check(f"step {step}: exit 0" in job, f"job.txt records step {step}, exit 0")
sys.exit(1 if failures else 0)
PY
grep -q 'results in' "$work/submit/accelbench-$all.log" 2>/dev/null ||
  fail "the job's log accelbench-$all.log is not in the submit directory"

# 2. The comm step alone, ranks started by mpirun inside the allocation, one
# per physical core (two where that is one, or too many for a quick test).
cores=$(lscpu --parse=CORE,SOCKET | grep -v '^#' | sort -u | wc -l)
tasks=core ranks=$cores
[[ $cores -ge 2 && $cores -le 16 ]] || tasks=2 ranks=2
comm=$(submit accelbench-mpirun "${common[@]}" ACCELBENCH_LAUNCHER=mpirun ACCELBENCH_STEPS=comm \
  ACCELBENCH_COMM_TASKS=$tasks) || { fail "sbatch refused the mpirun job"; exit 1; }
job_ids+=("$comm")
read -r job_state job_exit < <(wait_job "$comm")
out=$work/submit/accelbench-$comm
if [[ $job_state == COMPLETED && $job_exit == 0 && -f $out/comm/cross-node.json ]] &&
  "$root/scripts/validate-results" "$out/comm/cross-node.json" >/dev/null; then
  ok "job $comm (comm step, mpirun) completed, exit 0, its cross-node document validates"
else
  fail "job $comm (mpirun) ended $job_state, exit $job_exit"
  show_logs "$work/submit/accelbench-$comm.log" "$out/job.txt"
fi
grep -q "^launcher: mpirun; comm ranks per node: $ranks ($tasks)" "$out/job.txt" 2>/dev/null ||
  fail "job.txt does not say mpirun, $ranks rank(s) per node ($tasks): $(grep launcher "$out/job.txt")"
rank_nodes=$(/usr/bin/python3 -c '
import json, sys
print(len(json.load(open(sys.argv[1]))["suite"]["fleet"]["rank_nodes"]))' "$out/comm/cross-node.json" 2>&1)
if [[ $rank_nodes == "$ranks" ]]; then
  ok "ACCELBENCH_COMM_TASKS=$tasks ran $ranks rank(s) on the node"
else
  fail "ACCELBENCH_COMM_TASKS=$tasks: the cross-node document has rank_nodes of $rank_nodes rank(s), want $ranks"
fi

# 3. One rank per node with a node step that ran a cross-node benchmark
# (nodes/cross-node.json): the comm step would repeat it and is skipped.
node_comm=$(submit accelbench-node-comm "${common[@]}" ACCELBENCH_COMM_TASKS=node \
  "ACCELBENCH_NODE_ARGS=--filter memory/stream_triad/cpu:0/|comm/allreduce/.*in_place:0$ --param array_bytes=1MiB --param threads=1 --param message_bytes=64KiB") ||
  { fail "sbatch refused the one-rank-per-node job"; exit 1; }
job_ids+=("$node_comm")
read -r job_state job_exit < <(wait_job "$node_comm")
out=$work/submit/accelbench-$node_comm
if [[ $job_state == COMPLETED && $job_exit == 0 && -f $out/nodes/cross-node.json && ! -e $out/comm ]] &&
  grep -q '^comm: skipped: one rank per node' "$out/job.txt" &&
  "$root/scripts/validate-results" "$out/nodes/cross-node.json" >/dev/null; then
  ok "job $node_comm (one rank per node): nodes/cross-node.json validates, the comm step was skipped"
else
  fail "job $node_comm (one rank per node) ended $job_state, exit $job_exit"
  show_logs "$work/submit/accelbench-$node_comm.log" "$out/job.txt"
fi

# 4. A bad option value: exit 2, one line naming the variable, no results.
bad=$(submit accelbench-bad "${common[@]}" ACCELBENCH_COMM_TASKS=many) ||
  { fail "sbatch refused the bad job"; exit 1; }
job_ids+=("$bad")
read -r job_state job_exit < <(wait_job "$bad")
log=$work/submit/accelbench-$bad.log
if [[ $job_state == FAILED && $job_exit == 2 ]] && [[ $(wc -l <"$log") -eq 1 ]] &&
  grep -q "^accelbench.sbatch: error: ACCELBENCH_COMM_TASKS='many'" "$log" &&
  [[ ! -e $work/submit/accelbench-$bad ]]; then
  ok "a bad ACCELBENCH_COMM_TASKS fails the job with exit 2 and one line: $(cat "$log")"
else
  fail "the bad job ended $job_state, exit $job_exit, log: $(cat "$log" 2>/dev/null)"
fi

[[ $failures -eq 0 ]] || exit 1
