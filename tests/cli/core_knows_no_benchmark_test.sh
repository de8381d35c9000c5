#!/usr/bin/env bash
# The core knows no benchmark by name (DESIGN.md, idea 9): no file under
# harness/src names a benchmark id that `accelbench list` shows
# ("memory/stream_triad"), the compound name part of one ("stream_triad",
# "core_to_core", "numa_latency") or a benchmark group as an id prefix
# ("comm/", "interconnect/*"). The core reads claims, metrics, Work, specs and
# the details contracts (accelbench/details.h) instead.
set -u
exe=$1
source_dir=$2
/usr/bin/python3 - "$exe" "$source_dir" <<'PY'
import json, pathlib, re, subprocess, sys
exe, source_dir = sys.argv[1], pathlib.Path(sys.argv[2])
listing = json.loads(subprocess.run([exe, "list", "--json"], check=True, capture_output=True,
                                    text=True).stdout)
ids = sorted({b["benchmark"] for b in listing["benchmarks"]})
# Not vacuous: the cpu backend alone registers more than ten benchmarks here.
if len(ids) < 10:
    print(f"FAIL accelbench list shows only {len(ids)} benchmark ids: {ids}")
    sys.exit(1)
groups = sorted({i.split("/")[0] for i in ids})
names = sorted({i.split("/")[1] for i in ids if "_" in i.split("/")[1]})
edge = r"(?<![A-Za-z0-9_])"
after = r"(?![A-Za-z0-9_])"
patterns = [re.compile(edge + re.escape(i) + after) for i in ids]
patterns += [re.compile(edge + re.escape(n) + after) for n in names]
patterns += [re.compile(r"(?<![A-Za-z0-9_./-])" + re.escape(g) + r"/") for g in groups]
files = sorted(p for p in (source_dir / "harness" / "src").rglob("*") if p.is_file())
if not files:
    print("FAIL no files under harness/src"); sys.exit(1)
hits = []
for path in files:
    for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
        for pattern in patterns:
            if pattern.search(line):
                hits.append(f"{path.relative_to(source_dir)}:{number}: names "
                            f"'{pattern.pattern}': {line.strip()}")
                break
for hit in hits:
    print("FAIL " + hit)
print(f"{'ok  ' if not hits else 'FAIL'} {len(files)} files under harness/src against "
      f"{len(ids)} benchmark ids, {len(names)} compound names and groups {groups}")
sys.exit(1 if hits else 0)
PY
