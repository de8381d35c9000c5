#!/usr/bin/env bash
# Proof by simulation (issue 18): a fleet of nine nodes made here by real
# runs, one after another so they do not disturb each other, named by their
# file names. Three are disturbed:
#   node07: every iteration stalled (--inject delay:2:1): far slower (> 3x);
#   node08: a bit flipped in every result (--inject bitflip:1): invalid;
#   node09: its GPU telemetry's corrected-ECC counter moved during its runs
#           (the NVML stand-in, tests/cli/fake_nvml.cpp, counts up on every
#           read; without the CUDA backend, which loads NVML, a clean run's
#           telemetry is given the readings the stand-in produces).
# `accelbench fleet DIR` must name exactly these three (not healthy), flag no
# clean node, say why (the rule and the evidence) and exit 1.
#
# The benchmarks are L1-resident and single-threaded and the run's stability
# limits loose. Still, this shared 2-vCPU VM moves a whole clean run by up to
# ~20-40% when the other vCPU is busy (measured: a clean node at -18.7% of the
# fleet median, robust z -127, since the quiet nodes agree to 0.5%), which
# the default rules rightly call slow (15% and 30% below the median). So the
# test runs with the default rules from results/examples/fleet-rules.example.yaml
# (YAML, through --rules) with only below_fleet_median raised to 50% and 65%:
# the delayed node is ~10x slower (-90%), far beyond either. When the machine
# is oversubscribed even that is not enough: see the reruns below.
#
#   fleet_simulation_test.sh EXE SOURCE_DIR [FAKE_NVML_DIR]
set -u
exe=$1
source_dir=$2
fake_nvml_dir=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fleet=$tmp/fleet
mkdir -p "$fleet"

common=(--filter '^memory/stream_(copy|triad)/cpu:0/' --param array_bytes=16KiB --param threads=1
        --min-time 0.05 --max-cv 10 --max-tail-ratio 1000 --quiet --format csv)
node_run() {  # node_run NAME [extra run options...]
  local name=$1
  shift
  "$@" >/dev/null 2>"$tmp/$name.err"
  local rc=$?
  [[ -f $fleet/$name.json ]] || { echo "FAIL: the run of $name wrote no file (exit $rc):"; cat "$tmp/$name.err"; exit 1; }
}
for i in 01 02 03 04 05 06; do
  node_run "node$i" "$exe" run "${common[@]}" --out "$fleet/node$i.json"
done
node_run node07 "$exe" run "${common[@]}" --inject delay:2:1 --out "$fleet/node07.json"
node_run node08 "$exe" run "${common[@]}" --inject bitflip:1 --out "$fleet/node08.json"
if [[ -n $fake_nvml_dir ]]; then
  node_run node09 env LD_LIBRARY_PATH="$fake_nvml_dir" "$exe" run "${common[@]}" --out "$fleet/node09.json"
else
  node_run node09 "$exe" run "${common[@]}" --out "$fleet/node09.json"
  /usr/bin/python3 - "$fleet/node09.json" <<'PY'
import json, sys
path = sys.argv[1]
doc = json.load(open(path))
# What tests/cli/fake_nvml.cpp gives: the corrected count up by one per read.
for k, result in enumerate(doc["suite"]["results"]):
    telemetry = result.setdefault("telemetry", {"samples": 2, "readings": {}})
    before = 10 * k
    after = before + max(1, telemetry.get("samples", 2))
    telemetry["readings"]["nvml.gpu0.ecc_corrected"] = {"min": before, "max": after, "before": before, "after": after}
    telemetry["readings"]["nvml.gpu0.ecc_uncorrected"] = {"min": 0, "max": 0, "before": 0, "after": 0}
json.dump(doc, open(path, "w"), indent=1)
PY
fi

sed -e 's/percent: 15, min_robust_z/percent: 50, min_robust_z/' \
  -e 's/percent: 30, min_robust_z/percent: 65, min_robust_z/' \
  "$source_dir/results/examples/fleet-rules.example.yaml" >"$tmp/rules.yaml"
grep -q 'percent: 65, min_robust_z' "$tmp/rules.yaml" || { echo "FAIL: the example rules changed shape"; exit 1; }
rules=(--rules "$tmp/rules.yaml")
# A clean node judged slower than the fleet was starved by the machine, not
# disturbed (with several builds on the two vCPUs a clean run's share of its
# core, and so its bandwidth, can drop below half): its run is made again, up
# to twice, as isolation_test.sh retries its clean run. Only clean nodes are
# rerun, only for slowness; the disturbed nodes' files are never touched.
for round in 1 2; do
  "$exe" fleet "$fleet" "${rules[@]}" --format json >"$tmp/round.json" 2>/dev/null
  starved=$(/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join(n["node"] for n in d["nodes"] if n["node"] not in ("node07", "node08", "node09")
               and n["findings"] and all(f["kind"] == "below_fleet_median" for f in n["findings"])))
' "$tmp/round.json")
  [[ -z $starved ]] && break
  echo "round $round: rerunning clean node(s) judged slow (starved by the machine): $starved"
  for name in $starved; do
    node_run "$name" "$exe" run "${common[@]}" --out "$fleet/$name.json"
  done
done
"$exe" fleet "$fleet" "${rules[@]}" >"$tmp/fleet.txt" 2>"$tmp/fleet.err"
rc=$?
"$exe" fleet "$fleet" "${rules[@]}" --format json >"$tmp/fleet.json" 2>/dev/null
"$exe" fleet "$fleet" "${rules[@]}" --format markdown >"$tmp/fleet.md" 2>/dev/null
sed 's/^/  | /' "$tmp/fleet.txt"
/usr/bin/python3 - "$tmp" "$rc" <<'PY'
import json, sys
tmp, rc = sys.argv[1], int(sys.argv[2])
failures = []
def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)
d = json.load(open(f"{tmp}/fleet.json"))
health = {n["node"]: n["health"] for n in d["nodes"]}
kinds = {n["node"]: {f["kind"] for f in n["findings"]} for n in d["nodes"]}
check(len(health) == 9, f"nine nodes named by their files: {sorted(health)}")
flagged = sorted(n for n, h in health.items() if h != "healthy")
check(flagged == ["node07", "node08", "node09"], f"exactly the disturbed nodes are flagged: {flagged}")
check(health.get("node07") == "defective" and "below_fleet_median" in kinds.get("node07", ()),
      f"node07 (delayed) is defective, slower than the fleet: {health.get('node07')} {kinds.get('node07')}")
check(health.get("node08") == "defective" and "verification" in kinds.get("node08", ()),
      f"node08 (bit flips) is defective by verification: {health.get('node08')} {kinds.get('node08')}")
check(health.get("node09") in ("suspect", "defective") and "counter_delta" in kinds.get("node09", ()),
      f"node09 (ECC counter moved) is flagged by the counter: {health.get('node09')} {kinds.get('node09')}")
slow = [e for n in d["nodes"] if n["node"] == "node07" for f in n["findings"]
        if f["kind"] == "below_fleet_median" for e in f["evidence"]]
check(bool(slow) and all(e["deviation_percent"] < -65 for e in slow),
      f"node07's evidence: deviation below -65% ({[round(e['deviation_percent'], 1) for e in slow]})")
order = [n["health"] for n in d["nodes"]]
rank = {"defective": 0, "suspect": 1, "healthy": 2}
check(order == sorted(order, key=rank.get), f"defective nodes first: {order}")
check(rc == 1, f"exit 1 when a node is defective (got {rc})")
err = open(f"{tmp}/fleet.err").read().strip()
# node09 is suspect by its counter; a starved run can make it slow (defective) too.
defective = ", ".join(n for n in ("node07", "node08", "node09") if health.get(n) == "defective")
check(err == f"accelbench: error: fleet: {defective.count(',') + 1} defective node(s): {defective}",
      f"one stderr line names the defective nodes: {err!r}")
text = open(f"{tmp}/fleet.txt").read()
suspect = 1 if health.get("node09") == "suspect" else 0
check(text.startswith(f"# fleet: {2 + 1 - suspect} defective, {suspect} suspect, 6 healthy of 9 nodes"),
      "the text summary line")
check("node07  DEFECTIVE" in text and "fleet median" in text, "text names node07 with the fleet median")
md = open(f"{tmp}/fleet.md").read()
check("| node07 | defective |" in md and f"### node09: {health.get('node09')}" in md,
      "markdown: table and sections")
sys.exit(1 if failures else 0)
PY
[[ $? -eq 0 ]] || exit 1

# The HTML report of the same nodes, each named by suite.node (as run
# --per-node writes them): a fleet section with the same diagnosis, defective
# nodes first, and a nodes x benchmarks heat map of the deviation.
mkdir -p "$tmp/named"
/usr/bin/python3 - "$fleet" "$tmp/named" <<'PY'
import json, os, sys
for name in sorted(os.listdir(sys.argv[1])):
    doc = json.load(open(os.path.join(sys.argv[1], name)))
    doc["suite"]["node"] = name[:-len(".json")]
    json.dump(doc, open(os.path.join(sys.argv[2], "r-" + name), "w"))
PY
"$exe" report "$tmp"/named/*.json -o "$tmp/fleet.html" >/dev/null || { echo "FAIL: report exited $?"; exit 1; }
/usr/bin/python3 - "$tmp/fleet.html" <<'PY' || exit 1
import json, re, sys
page = open(sys.argv[1]).read()
data = json.loads(re.search(r'<script type="application/json" id="accelbench-data">(.*?)</script>',
                            page, re.S).group(1))
fleet = data.get("fleet")
assert fleet, "the report has no fleet section"
got = [(n["node"], n["health"]) for n in fleet["nodes"]]
health = dict(got)
# The report judges by the default rules (15% below the median is slow), which
# a clean node on this busy VM may cross: only the disturbed nodes are pinned.
assert health["node07"] == health["node08"] == "defective" and health["node09"] != "healthy", got
rank = {"defective": 0, "suspect": 1, "healthy": 2}
assert [rank[h] for _, h in got] == sorted(rank[h] for _, h in got), got
assert all(len(n["deviation_percent"]) == len(fleet["instances"]) for n in fleet["nodes"])
slow = next(n for n in fleet["nodes"] if n["node"] == "node07")
assert all(d is not None and d < -65 for d in slow["deviation_percent"]), slow["deviation_percent"]
print(f"ok   the report's fleet section: {got[:3]} first, a {len(got)} x {len(fleet['instances'])} heat map")
PY
REPORT_NO_CHARTS=1 /usr/bin/python3 "$source_dir/tests/cli/report_check.py" "$tmp/fleet.html" "$tmp/fleet.png" >"$tmp/check.log" 2>&1
case $? in
  0) echo "ok   the fleet report in headless Chromium: no errors, no request, drawn" ;;
  77) echo "skip the fleet report in headless Chromium: no Chromium here" ;;
  *) echo "FAIL the fleet report in headless Chromium:"; cat "$tmp/check.log"; exit 1 ;;
esac
