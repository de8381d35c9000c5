#!/usr/bin/env bash
# `accelbench list` shows a benchmark registered from every folder
# benchmarks/<group>/<name>/ that has a source for a backend this build has
# (<name>_<backend>.cpp or .cu): guards against registrations the linker
# dropped. Each listed benchmark names the file that registered it.
set -u
exe=$1
source_dir=$2
/usr/bin/python3 - "$exe" "$source_dir" <<'PY'
import json, pathlib, subprocess, sys
exe, source_dir = sys.argv[1], pathlib.Path(sys.argv[2])
listing = json.loads(subprocess.run([exe, "list", "--json"], check=True, capture_output=True,
                                    text=True).stdout)
info = json.loads(subprocess.run([exe, "sysinfo", "--json"], check=True, capture_output=True,
                                 text=True).stdout)
built = {name for name, b in info["fingerprint"]["info"]["build"]["backends"].items() if b["enabled"]}
sources = {b["source"] for b in listing["benchmarks"]}
failures = checked = 0
for folder in sorted(p for p in (source_dir / "benchmarks").glob("*/*") if p.is_dir()):
    name = folder.name
    backends = {f.stem[len(name) + 1:] for f in folder.iterdir()
                if f.stem.startswith(name + "_") and f.suffix in (".cpp", ".cu")}
    relative = f"{folder.parent.name}/{name}/"
    if not backends & built:
        print(f"--   {relative} has no source for a backend this build has ({sorted(backends)})")
        continue
    checked += 1
    if any(s.startswith(relative) for s in sources):
        print(f"ok   {relative}")
    else:
        print(f"FAIL {relative} has sources for {sorted(backends & built)} but registers nothing "
              f"in 'accelbench list'")
        failures += 1
if checked == 0:
    print("FAIL no benchmark folders found"); sys.exit(1)
print(f"{checked} folders, {failures} failed")
sys.exit(1 if failures else 0)
PY
