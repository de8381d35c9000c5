#!/usr/bin/env bash
# DCMI against the libdcmi.so stand-in (tests/stand_ins/dcmi): the telemetry
# provider "dcmi" gives every NPU's readings in a run, before and after; ECC
# counts that move (fault ecc_errors) are found by `fleet` as NVML's are, and
# the soak series carries the readings; a DCMI function that fails leaves its
# reading out and nothing else. With the AscendCL stand-in too (a third
# argument "with-acl"), sysinfo shows each ascend device's DCMI description:
# the (card, device) of its logical id, chip, PCI bus id, health.
# Usage: dcmi_test.sh ACCELBENCH STAND_IN_DIR [with-acl]
set -u
exe=$1
stand_ins=$(cd "$2" && pwd) || { echo "FAIL: no folder $2"; exit 1; }
export ACCELBENCH_ASCEND_LIBRARY_DIR=$stand_ins  # absolute: a symlink below points into it
with_acl=${3:-}
[ -f "$ACCELBENCH_ASCEND_LIBRARY_DIR/libdcmi.so" ] ||
  { echo "FAIL: no libdcmi.so stand-in in $ACCELBENCH_ASCEND_LIBRARY_DIR (build target ascend_standin_dcmi)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset ACCELBENCH_STANDIN_ASCEND_FAULT ACCELBENCH_STANDIN_ASCEND_DEVICES ASCEND_RT_VISIBLE_DEVICES

short_run() {  # OUT [env...]: a short run on cpu:0 while the sampler reads DCMI
  local out=$1
  shift
  env "$@" "$exe" run --device cpu:0 --filter '^memory/stream_copy/' --param array_bytes=1MiB \
    --min-time 0.05 --out "$out" --format csv >/dev/null ||
    { echo "FAIL: the run ($*) exited $?"; exit 1; }
}

short_run "$tmp/clean.json"
short_run "$tmp/ecc.json" ACCELBENCH_STANDIN_ASCEND_FAULT=ecc_errors ACCELBENCH_STANDIN_ASCEND_DEVICES=3
short_run "$tmp/no_temperature.json" ACCELBENCH_STANDIN_ASCEND_FAULT=error:dcmi_get_device_temperature
short_run "$tmp/typo.json" ACCELBENCH_STANDIN_ASCEND_FAULT=ecc_eror 2>"$tmp/typo.err"
mkdir "$tmp/fleet"
cp "$tmp/clean.json" "$tmp/fleet/clean.json"
cp "$tmp/ecc.json" "$tmp/fleet/ecc.json"
"$exe" fleet "$tmp/fleet" --format json --out "$tmp/fleet.json" >/dev/null 2>&1
echo "fleet exited $?" >"$tmp/fleet_rc"
env ACCELBENCH_STANDIN_ASCEND_FAULT=ecc_errors "$exe" soak --duration 2s --interval 0.5 \
  --device cpu:0 --filter '^memory/stream_copy/' --param array_bytes=1MiB --quiet \
  --out "$tmp/soak.json" >/dev/null || { echo "FAIL: the soak exited $?"; exit 1; }

if [ "$with_acl" = with-acl ]; then
  "$exe" sysinfo --json >"$tmp/sysinfo.json" || { echo "FAIL: sysinfo exited $?"; exit 1; }
  env ACCELBENCH_STANDIN_ASCEND_FAULT=error:dcmi_get_device_pcie_info_v2 "$exe" sysinfo --json \
    >"$tmp/sysinfo_no_pci.json" || { echo "FAIL: sysinfo without PCI exited $?"; exit 1; }
  env ASCEND_RT_VISIBLE_DEVICES=1 "$exe" sysinfo --json >"$tmp/sysinfo_visible.json" ||
    { echo "FAIL: sysinfo with ASCEND_RT_VISIBLE_DEVICES exited $?"; exit 1; }
  env ACCELBENCH_STANDIN_ASCEND_FAULT=error:dcmi_init "$exe" sysinfo --json >"$tmp/sysinfo_no_init.json" ||
    { echo "FAIL: sysinfo with a failing dcmi_init exited $?"; exit 1; }
  mkdir "$tmp/acl_only"  # AscendCL without DCMI
  ln -s "$ACCELBENCH_ASCEND_LIBRARY_DIR/libascendcl.so" "$tmp/acl_only/libascendcl.so"
  env ACCELBENCH_ASCEND_LIBRARY_DIR="$tmp/acl_only" "$exe" sysinfo --json >"$tmp/sysinfo_no_dcmi.json" ||
    { echo "FAIL: sysinfo without libdcmi.so exited $?"; exit 1; }
fi

/usr/bin/python3 - "$tmp" "$with_acl" <<'PY'
import json, os, sys
tmp, with_acl = sys.argv[1], sys.argv[2] == "with-acl"
failures = []
def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)
def load(name):
    return json.load(open(os.path.join(tmp, name)))
def readings(name):
    suite = load(name)["suite"]
    check("dcmi" in suite["telemetry"]["providers"], f"{name}: the dcmi provider is loaded from the stand-in")
    return suite["results"][0]["telemetry"]["readings"]

# A clean run: every reading of both NPUs, before and after.
r = readings("clean.json")
for npu in ("npu0", "npu1"):
    def reading(kind):
        return r.get(f"dcmi.{npu}.{kind}")
    for kind, value in [("aicore_clock_mhz", 1800), ("hbm_used_bytes", 4096 * 2**20),
                        ("hbm_used_percent", 6.25), ("health", 0),
                        ("ecc_corrected", 0), ("ecc_uncorrected", 0)]:
        x = reading(kind)
        check(x is not None and x["min"] == x["max"] == x["before"] == x["after"] == value,
              f"{npu}.{kind} = {value}: {x}")
    t = reading("temperature_c")
    check(t is not None and 45 <= t["min"] < t["max"] <= 52,
          f"{npu}.temperature_c moves between reads, within 45-52 C: {t}")
    p = reading("power_w")
    check(p is not None and 150.0 <= p["min"] < p["max"] <= 156.3,
          f"{npu}.power_w: DCMI's 0.1 W as watts, moving: {p}")
check(not any(k.startswith("dcmi.npu2.") for k in r), "two NPUs by default: no npu2 readings")

# ecc_errors, three NPUs (the last card has one): the counters rise over the run.
r = readings("ecc.json")
for npu in ("npu0", "npu1", "npu2"):
    for kind in ("ecc_corrected", "ecc_uncorrected"):
        x = r.get(f"dcmi.{npu}.{kind}")
        check(x is not None and x["after"] > x["before"] and x["after"] - x["before"] == x["max"] - x["min"],
              f"ecc_errors: {npu}.{kind} after > before ({x})")
    h = r.get(f"dcmi.{npu}.health")
    check(h is not None and h["max"] == 1, f"ecc_errors: {npu}.health 1 (minor alarm): {h}")

# The fleet finds the change, as it finds NVML's counters.
fleet = load("fleet.json")
nodes = {n["node"]: n for n in fleet["nodes"]}
rules = {f["rule"]: f for f in nodes.get("ecc", {}).get("findings", [])}
check(nodes.get("ecc", {}).get("health") == "defective" and "uncorrectable_errors" in rules and
      any(e.get("counter") == "dcmi.npu0.ecc_uncorrected" for e in rules["uncorrectable_errors"]["evidence"]),
      "fleet: the node whose multi-bit ECC count rose is defective (uncorrectable_errors on dcmi.npu0)")
check("corrected_errors" in rules and
      any(e.get("counter") == "dcmi.npu0.ecc_corrected" for e in rules["corrected_errors"]["evidence"]),
      "fleet: its single-bit count is found too (corrected_errors on dcmi.npu0)")
check("clean" in nodes and not any(f["kind"] == "counter_delta" for f in nodes["clean"]["findings"]),
      "fleet: no counter finding on the node whose counts stayed 0")
check(open(os.path.join(tmp, "fleet_rc")).read().strip() == "fleet exited 1", "fleet exits 1 on a defective node")

# The soak's series has the readings, and the whole soak's window the ECC change.
soak = load("soak.json")["soak"]["telemetry"]
check(len(soak["series"]) >= 2 and all("dcmi.npu0.temperature_c" in s for s in soak["series"]),
      f"soak: every sample of the series has dcmi.npu0.temperature_c ({len(soak['series'])} samples)")
w = soak["whole_soak"]["readings"].get("dcmi.npu1.ecc_corrected")
check(w is not None and w["after"] > w["before"], f"soak: the whole soak's ECC change ({w})")

# error:dcmi_get_device_temperature: that reading is left out, nothing else.
r = readings("no_temperature.json")
check(not any(k.endswith(".temperature_c") for k in r if k.startswith("dcmi.")),
      "a failing dcmi_get_device_temperature leaves temperature_c out")
check(all(f"dcmi.npu{i}.{k}" in r for i in (0, 1) for k in ("power_w", "aicore_clock_mhz", "health")),
      "... and every other reading in")
suite = load("no_temperature.json")["suite"]
check(suite["status"] == "ok" and all(x["status"] == "ok" for x in suite["results"]),
      "... and the run is ok")

# A fault of no known form is not taken for a run without faults.
typo = load("typo.json")["suite"]["telemetry"]["providers"]
check("dcmi" not in typo and "unknown fault 'ecc_eror'" in open(os.path.join(tmp, "typo.err")).read(),
      f"a misspelt fault: no DCMI, the entry named on stderr (providers {typo})")

if with_acl:
    def ascend(name):
        devices = load(name)["devices"]
        return {d["id"]: d for d in devices if d["backend"] == "ascend"}
    devices = ascend("sysinfo.json")
    check(sorted(devices) == ["ascend:0", "ascend:1"], f"sysinfo: two ascend devices ({sorted(devices)})")
    # The stand-in's logical ids run backwards over (card, device).
    for acl_id, card, device, bus in [(0, 1, 1, "0000:c1:00.0"), (1, 1, 0, "0000:c2:00.0")]:
        d = devices.get(f"ascend:{acl_id}", {}).get("description", {})
        dcmi = d.get("dcmi", {})
        check(isinstance(dcmi, dict) and dcmi.get("card") == card and dcmi.get("device") == device
              and dcmi.get("logic_id") == acl_id,
              f"ascend:{acl_id} is DCMI's logical id {acl_id}: card {card}, device {device} ({dcmi})")
        check(dcmi.get("pci_bus_id") == bus and d.get("pci_bus_id") == bus,
              f"ascend:{acl_id}: PCI bus id {bus} in hwloc's form ({dcmi.get('pci_bus_id')}, {d.get('pci_bus_id')})")
        check("stand-in" in dcmi.get("chip", ""), f"ascend:{acl_id}: the chip says stand-in ({dcmi.get('chip')})")
        check(dcmi.get("health") == 0 and dcmi.get("health_meaning") == "normal",
              f"ascend:{acl_id}: health 0, normal")
        check("stand-in" in dcmi.get("driver_version", ""), f"ascend:{acl_id}: driver version ({dcmi.get('driver_version')})")
        check(dcmi.get("unread", {}).get("dcmi_get_dcmi_version") == "absent from this libdcmi.so"
              and "dcmi_version" not in dcmi,
              f"ascend:{acl_id}: a function the driver lacks is named, its fact left out")
    d = ascend("sysinfo_no_pci.json").get("ascend:0", {}).get("description", {})
    dcmi = d.get("dcmi", {})
    check("pci_bus_id" not in d and "pci_bus_id" not in dcmi and
          dcmi.get("unread", {}).get("dcmi_get_device_pcie_info_v2") == "error -8005" and
          "stand-in" in dcmi.get("chip", ""),
          f"error:dcmi_get_device_pcie_info_v2: no bus id, the error named, the rest read ({dcmi})")
    d = ascend("sysinfo_visible.json").get("ascend:0", {}).get("description", {})
    dcmi = d.get("dcmi", {})
    check(isinstance(dcmi, dict) and dcmi.get("logic_id") == 1 and dcmi.get("pci_bus_id") == "0000:c2:00.0",
          f"ASCEND_RT_VISIBLE_DEVICES=1: AscendCL's device 0 is logical id 1 ({dcmi})")
    d = ascend("sysinfo_visible.json").get("ascend:1", {}).get("description", {})
    check(d == {} or str(d.get("dcmi")).startswith("not read: AscendCL's device 1 is not among"),
          f"ASCEND_RT_VISIBLE_DEVICES=1: a device beyond the list has no DCMI description ({d.get('dcmi')})")
    d = ascend("sysinfo_no_dcmi.json").get("ascend:0", {}).get("description", {})
    check(str(d.get("dcmi", "")).startswith("not read: no DCMI: cannot load libdcmi.so") and "pci_bus_id" not in d,
          f"without libdcmi.so the description says why ({str(d.get('dcmi'))[:80]}...)")
    d = ascend("sysinfo_no_init.json").get("ascend:1", {}).get("description", {})
    check(d.get("dcmi") == "not read: no DCMI: dcmi_init failed with error -8005" and "pci_bus_id" not in d,
          f"a failing dcmi_init: the description says so ({d.get('dcmi')})")
sys.exit(1 if failures else 0)
PY
