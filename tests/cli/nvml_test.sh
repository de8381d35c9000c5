#!/usr/bin/env bash
# NVML telemetry against a stand-in libnvidia-ml.so.1 (tests/cli/fake_nvml.cpp)
# with an older driver's function names: every reading it gives arrives in a
# run's telemetry, found through the fallback names; the readings it lacks are
# absent, never invented; a counter that moves shows after > before.
set -u
exe=$1
fake_dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

LD_LIBRARY_PATH=$fake_dir "$exe" run --device cpu:0 --filter '^memory/stream_copy/' \
  --param array_bytes=1MiB --min-time 0.05 --out "$tmp/run.json" --format csv >/dev/null ||
  { echo "FAIL: the run exited $?"; exit 1; }
/usr/bin/python3 - "$tmp/run.json" <<'PY'
import json, sys
suite = json.load(open(sys.argv[1]))["suite"]
failures = []
def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)
check("nvml" in suite["telemetry"]["providers"], "the nvml provider is loaded from the stand-in")
readings = suite["results"][0]["telemetry"]["readings"]
def reading(name):
    return readings.get("nvml.gpu0." + name)
for name, value in [("sm_clock_mhz", 1980), ("memory_clock_mhz", 3201), ("temperature_c", 41),
                    ("clock_event_reasons", 4), ("ecc_uncorrected", 0)]:
    r = reading(name)
    check(r is not None and r["min"] == r["max"] == r["before"] == r["after"] == value,
          f"{name} = {value}: {r}")
ecc = reading("ecc_corrected")
check(ecc is not None and ecc["after"] > ecc["before"] and ecc["after"] - ecc["before"] == ecc["max"] - ecc["min"],
      f"a counter that moved: after > before ({ecc})")
for absent in ["power_w", "pcie_replays", "remapped_rows_corrected", "nvlink_replays"]:
    check(reading(absent) is None, f"{absent} absent: the stand-in does not give it")
sys.exit(1 if failures else 0)
PY
