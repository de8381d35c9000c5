#!/usr/bin/env bash
# A real link between two hosts on this machine: two network namespaces
# joined by a veth pair, one MPI rank in each (Open MPI's remote launch goes
# through an rsh agent that enters the other namespace; TCP only, over the
# veth). run --per-node across the two hosts (each its own host name) gathers
# both nodes' results. The link is rate-limited with tc tbf (netem is not available here):
# comm/p2p_bandwidth at 1 MiB must measure the configured rate within 15%,
# and the unlimited link must measure faster. The test creates and removes its
# namespaces; without the privileges it skips (77) with the reason.
set -u
exe=$1
work=$(mktemp -d)
ns_a=abl$$a
ns_b=abl$$b
cleanup() {
  ip netns del "$ns_a" 2>/dev/null
  ip netns del "$ns_b" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
skip() { echo "SKIP $*"; exit 77; }

command -v mpirun >/dev/null || skip "mpirun not found"
command -v ip >/dev/null && command -v tc >/dev/null || skip "ip or tc (iproute2) not found"
"$exe" list | grep -q '^comm/' || skip "accelbench built without MPI"
ip netns add "$ns_a" 2>"$work/err" || skip "cannot create a network namespace: $(cat "$work/err")"
ip netns add "$ns_b" || skip "cannot create a second network namespace"
subnet=10.$((77 + $$ % 100)).$(($$ / 100 % 250))
addr_a=$subnet.1
addr_b=$subnet.2
ip link add "v$$a" type veth peer name "v$$b" || skip "cannot create a veth pair"
ip link set "v$$a" netns "$ns_a"
ip link set "v$$b" netns "$ns_b"
ip -n "$ns_a" addr add "$addr_a/24" dev "v$$a"
ip -n "$ns_b" addr add "$addr_b/24" dev "v$$b"
for ns in "$ns_a" "$ns_b"; do ip -n "$ns" link set lo up; done
ip -n "$ns_a" link set "v$$a" up
ip -n "$ns_b" link set "v$$b" up

# The "remote shell" into the other host: run the command in its namespace.
cat >"$work/agent" <<AGENT
#!/bin/sh
host=\$1; shift
case \$host in
  $addr_a) ns=$ns_a ;;
  $addr_b) ns=$ns_b ;;
  *) echo "agent: unknown host \$host" >&2; exit 1 ;;
esac
exec ip netns exec \$ns sh -c "\$*"
AGENT
chmod +x "$work/agent"

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
bandwidth() {  # the median p2p_bandwidth at 1 MiB between the hosts, GB/s
  timeout 120 ip netns exec "$ns_a" mpirun -np 2 --host "$addr_a:1,$addr_b:1" \
    --mca plm_rsh_agent "$work/agent" --mca btl tcp,self \
    --mca btl_tcp_if_include "$subnet.0/24" --mca oob_tcp_if_include "$subnet.0/24" \
    -x OMPI_ALLOW_RUN_AS_ROOT -x OMPI_ALLOW_RUN_AS_ROOT_CONFIRM \
    "$exe" run --suite comm --filter 'comm/p2p_bandwidth/mpi:0/pair:0-1/message_bytes:1048576$' \
    --min-time 0.5 --format json >"$work/$1.json" 2>"$work/$1.err" || {
    echo "FAIL mpirun across the namespaces: $(tail -5 "$work/$1.err")" >&2
    return 1
  }
  /usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["suite"]["results"][0]
assert r["status"] == "ok" and r["verification"]["outcome"] == "passed", r
print(r["metric"]["value"])' "$work/$1.json"
}

unlimited=$(bandwidth unlimited) || exit 1

# run --per-node across the two hosts, each with its own host name (a UTS
# namespace per host): the host name is the node name, rank 0 gathers both
# nodes' documents and the cross-node document.
node_a=host-a-$$
node_b=host-b-$$
cat >"$work/node-agent" <<AGENT
#!/bin/sh
host=\$1; shift
case \$host in
  $addr_a) ns=$ns_a; name=$node_a ;;
  $addr_b) ns=$ns_b; name=$node_b ;;
  *) echo "agent: unknown host \$host" >&2; exit 1 ;;
esac
exec ip netns exec \$ns unshare --uts sh -c 'hostname "\$0" && exec sh -c "\$1"' "\$name" "\$*"
AGENT
chmod +x "$work/node-agent"
timeout 180 ip netns exec "$ns_a" unshare --uts sh -c 'hostname "$0" && exec "$@"' "$node_a" \
  mpirun -np 2 --host "$addr_a:1,$addr_b:1" \
  --mca plm_rsh_agent "$work/node-agent" --mca btl tcp,self \
  --mca btl_tcp_if_include "$subnet.0/24" --mca oob_tcp_if_include "$subnet.0/24" \
  -x OMPI_ALLOW_RUN_AS_ROOT -x OMPI_ALLOW_RUN_AS_ROOT_CONFIRM \
  "$exe" run --per-node --filter 'memory/stream_copy/cpu|comm/barrier/' --param array_bytes=64KiB \
  --param threads=1 --min-time 0.05 --out-dir "$work/nodes" >"$work/nodes.txt" 2>&1 || {
  echo "FAIL run --per-node across the namespaces: $(tail -5 "$work/nodes.txt")"
  exit 1
}
/usr/bin/python3 - "$work/nodes" "$node_a" "$node_b" <<'PY' || exit 1
import json, os, sys
folder, a, b = sys.argv[1:]
files = sorted(os.listdir(folder))
if files != sorted([a + ".json", b + ".json", "cross-node.json"]):
    print("FAIL run --per-node across the namespaces wrote", files); sys.exit(1)
for node in (a, b):
    s = json.load(open(os.path.join(folder, node + ".json")))["suite"]
    assert s["node"] == node and s["fingerprint"]["info"]["hostname"] == node, (node, s["node"])
    assert [r["status"] for r in s["results"]] == ["ok"], s["results"]
cross = json.load(open(os.path.join(folder, "cross-node.json")))["suite"]
assert cross["fleet"]["rank_nodes"] == [a, b], cross["fleet"]
assert all(r["status"] == "ok" for r in cross["results"] if r["backend"] == "mpi"), cross["results"]
print(f"ok   run --per-node across the namespaces: nodes {a} and {b} (their host names), "
      "each with its own document, and the cross-node document")
PY
rate_mbit=400
tc -n "$ns_a" qdisc add dev "v$$a" root tbf rate "${rate_mbit}mbit" burst 256kb latency 200ms ||
  skip "tc tbf is not available"
limited=$(bandwidth limited) || exit 1
/usr/bin/python3 - "$unlimited" "$limited" "$rate_mbit" <<'PY'
import sys
unlimited, limited, rate_mbit = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
configured = rate_mbit * 1e6 / 8 / 1e9  # GB/s
ratio = limited / configured
print(f"unlimited link {unlimited:.4g} GB/s; tbf {rate_mbit:.0f} Mbit/s = {configured:.4g} GB/s, "
      f"measured {limited:.4g} GB/s (ratio {ratio:.3f})")
failures = 0
if abs(ratio - 1) > 0.15:
    print("FAIL the rate-limited link is not measured within 15% of its rate"); failures += 1
else:
    print("ok   the rate-limited link measures its configured rate within 15%")
if unlimited <= limited * 1.15:
    print("FAIL the unlimited link does not measure faster"); failures += 1
else:
    print(f"ok   the unlimited link measures faster ({unlimited / limited:.1f}x)")
sys.exit(1 if failures else 0)
PY
