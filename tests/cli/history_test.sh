#!/usr/bin/env bash
# accelbench history finds a planted step in a synthetic series of results
# files, at the right run and revision, and nothing in a flat noisy one.
set -u
exe=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
/usr/bin/python3 - "$work" <<'PY'
import json, random, sys
random.seed(3)
for i in range(30):
    step = 0.88 if i >= 18 else 1.0  # a 12% loss from run 18 (revision r18)
    results = [
        {"name": "memory/stepped/cpu:0", "benchmark": "memory/stepped", "status": "ok",
         "metric": {"value": 100 * step * random.gauss(1, 0.01), "unit": "GB/s", "direction": "higher_is_better"}},
        {"name": "memory/flat/cpu:0", "benchmark": "memory/flat", "status": "ok",
         "metric": {"value": 100 * random.gauss(1, 0.02), "unit": "GB/s", "direction": "higher_is_better"}},
    ]
    doc = {"context": {}, "benchmarks": [],
           "suite": {"schema_version": 1, "started_at": f"2026-11-{1 + i // 24:02d}T{i % 24:02d}:00:00Z",
                     "fingerprint": {"info": {"build": {"git_revision": f"r{i}"}}}, "results": results}}
    json.dump(doc, open(f"{sys.argv[1]}/run{i:02d}.json", "w"))
open(f"{sys.argv[1]}/notes.json", "w").write('{"not": "a results file"}')
PY
"$exe" history "$work" --format json >"$work/h.json" || { echo "FAIL history exited $?"; failures=$((failures + 1)); }
/usr/bin/python3 - "$work/h.json" <<'PY' || failures=$((failures + 1))
import json, sys
h = json.load(open(sys.argv[1]))
b = {x["name"]: x for x in h["benchmarks"]}
stepped = b["memory/stepped/cpu:0"]["change_points"]
assert h["runs"] == 30, h["runs"]
assert len(stepped) == 1 and stepped[0]["revision"] == "r18", stepped
assert -14 < stepped[0]["change_percent"] < -10, stepped
assert b["memory/flat/cpu:0"]["change_points"] == [], b["memory/flat/cpu:0"]["change_points"]
print("ok   planted step found at r18 (%+.1f%%), none in the flat series" % stepped[0]["change_percent"])
PY
"$exe" history "$work/run00.json" 2>/dev/null
[[ $? -eq 2 ]] || { echo "FAIL history of one file should exit 2"; failures=$((failures + 1)); }
"$exe" history "$work/run00.json" "$work/notes.json" 2>/dev/null
[[ $? -eq 2 ]] || { echo "FAIL history with a non-results file named should exit 2"; failures=$((failures + 1)); }
# Two machines: the second is 50% faster. Their runs are two series, never one
# series with a +50% change point.
mkdir "$work/two"
/usr/bin/python3 - "$work/two" <<'PY'
import json, random, sys
random.seed(5)
for i in range(20):
    machine = "a" * 16 if i < 10 else "b" * 16
    value = (100 if i < 10 else 150) * random.gauss(1, 0.01)
    results = [{"name": "memory/x/cpu:0", "benchmark": "memory/x", "status": "ok",
                "metric": {"value": value, "unit": "GB/s", "direction": "higher_is_better"}}]
    doc = {"context": {}, "benchmarks": [],
           "suite": {"schema_version": 1, "started_at": f"2026-11-01T{i:02d}:00:00Z",
                     "fingerprint": {"hash": machine,
                                     "identity": {"cpu_model": f"cpu {machine[0]}"},
                                     "info": {"hostname": f"host-{machine[0]}",
                                              "build": {"git_revision": f"r{i}"}}},
                     "results": results}}
    json.dump(doc, open(f"{sys.argv[1]}/run{i:02d}.json", "w"))
PY
"$exe" history "$work/two" --format json >"$work/two.json" || { echo "FAIL history of two machines exited $?"; failures=$((failures + 1)); }
/usr/bin/python3 - "$work/two.json" <<'PY' || failures=$((failures + 1))
import json, sys
h = json.load(open(sys.argv[1]))
machines = {m["hash"]: m for m in h["machines"]}
assert set(machines) == {"a" * 16, "b" * 16}, h["machines"]
assert machines["a" * 16]["runs"] == 10 and machines["a" * 16]["host"] == "host-a", machines
series = {b["machine"]: b for b in h["benchmarks"]}
assert len(h["benchmarks"]) == 2 and set(series) == set(machines), h["benchmarks"]
assert all(len(b["points"]) == 10 and b["change_points"] == [] for b in series.values()), series
print("ok   two machines: two series of 10 runs, no change point across the hosts")
PY
"$exe" history "$work/two" >"$work/two.txt"
grep -q "^# machine bbbbbbbbbbbbbbbb: host-b, cpu b, 10 run(s)" "$work/two.txt" ||
  { echo "FAIL the text output does not name each machine: $(cat "$work/two.txt")"; failures=$((failures + 1)); }
echo "$failures failed"
[[ $failures -eq 0 ]]
