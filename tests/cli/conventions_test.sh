#!/usr/bin/env bash
# The conventions a figure is measured by (issue 20): interconnect/core_to_core
# by protocol (two_lines, one_line, cas) and memory/latency on the CPU by page
# size (4k, huge) and order (lines, pages). Quick runs the defaults, full all
# of them; each variant runs here with a tiny --min-time and its results file
# must carry the convention, its figures and a passed verification.
set -eu
exe=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python=/usr/bin/python3

"$exe" list --json --filter 'core_to_core/cpu|memory/latency/cpu' >"$work/quick.json"
"$exe" list --json --suite full --filter 'core_to_core/cpu|memory/latency/cpu' >"$work/full.json"
"$exe" run --suite full --filter 'core_to_core/cpu' --min-time 0.01 --repetitions 1 \
  --out "$work/c2c.json" >"$work/c2c.txt"
"$exe" run --suite full --filter 'memory/latency/cpu' --param working_set_bytes=64KiB \
  --min-time 0.01 --repetitions 1 --out "$work/latency.json" >"$work/latency.txt"
"$python" "$source_dir/scripts/validate-results" "$work/c2c.json" "$work/latency.json"

"$python" - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
failures = []
def check(condition, what):
    if not condition:
        failures.append(what)

def names(listing):
    return [b["name"] for b in json.load(open(os.path.join(work, listing)))["benchmarks"]]

quick, full = names("quick.json"), names("full.json")
c2c_quick = [n for n in quick if "core_to_core" in n]
check(len(c2c_quick) == 1 and c2c_quick[0].endswith("/protocol:two_lines"),
      "quick runs core_to_core with two_lines only: %s" % c2c_quick)
check(all("/pages:4k/order:lines/" in n for n in quick if "memory/latency" in n),
      "quick runs memory/latency with 4k pages and line order only")
for variant in ("protocol:two_lines", "protocol:one_line", "protocol:cas", "pages:huge/order:lines",
                "pages:4k/order:pages", "pages:huge/order:pages"):
    check(any(variant in n for n in full), "full lists " + variant)

def results(name):
    return json.load(open(os.path.join(work, name)))

# core_to_core: one result per protocol, verified, with median and minimum.
c2c = results("c2c.json")
runs = {b["suite"]["params"]["protocol"]: b["suite"] for b in c2c["benchmarks"] if "work" in b["suite"]}
rows = {r["params"]["protocol"]: r for r in c2c["suite"]["results"]}
check(sorted(rows) == ["cas", "one_line", "two_lines"], "three protocols run: %s" % sorted(rows))
for protocol, row in rows.items():
    if row["status"] == "skipped":  # a machine with one core: no pair
        check("no pair" in row.get("reason", ""), protocol + " skipped for a reason")
        continue
    check(row["status"] == "ok", protocol + " ok")
    check(row["verification"]["outcome"] == "passed", protocol + " verified")
    run = runs[protocol]
    check(protocol in run["work"]["convention"], protocol + " named in the work convention")
    check(run["statistics"]["min"] <= run["statistics"]["median"], protocol + " min and median")
    details = row["details"]
    check(details["protocol"] == protocol, protocol + " in details")
    check(details["heatmap"]["title"] == "core to core (%s)" % protocol, protocol + " heat map title")
    cores = details["cores"]
    check(len(details["heatmap"]["values"]) == cores and details["heatmap"]["values"][0][1] is not None,
          protocol + " heat map is the cores x cores matrix")
    for group in details["groups"].values():
        check(0 < group["min_sample_ns"] <= group["median_ns"], protocol + " group min_sample_ns")
summary = c2c["suite"]["analyses"][0]["summary"]
for protocol in rows:
    check(protocol + ", " in summary and "min" in summary, "analysis names " + protocol + ": " + summary)

# memory/latency: four conventions at 64 KiB, each recording the pages it got.
latency = results("latency.json")
rows = {(r["params"]["pages"], r["params"]["order"]): r for r in latency["suite"]["results"]}
check(len(rows) == 4, "four conventions run: %s" % sorted(rows))
for (pages, order), row in rows.items():
    label = pages + "/" + order
    if row["status"] == "skipped":
        check(pages == "huge" and "transparent huge pages" in row.get("reason", ""),
              label + " skipped only for want of transparent huge pages: %s" % row.get("reason"))
        continue
    check(row["status"] == "ok" and row["verification"]["outcome"] == "passed", label + " ok, verified")
    record = row["details"]["pages"]
    check(record["requested"] == pages, label + " records the pages requested")
    check(isinstance(record["huge_page_bytes"], int), label + " records the huge page bytes obtained")
    if pages == "4k":
        check(record["huge_page_bytes"] == 0 and record["obtained"] == "4 KiB pages",
              label + " got 4 KiB pages: %s" % record)
    else:
        check(("MiB pages on" in record["obtained"]) == (record["huge_page_bytes"] > 0),
              label + " says what it got: %s" % record)
    check(("page-crossing" if order == "pages" else "random line order") in row["details"]["convention"],
          label + " convention in details")
analysis = latency["suite"]["analyses"][0]
check(len(analysis["conventions"]) == sum(r["status"] == "ok" for r in rows.values()),
      "one analysis entry per measured convention")
for words in ("4 KiB pages, random line order", "4 KiB pages, page-crossing order"):
    check(words in analysis["summary"], "analysis names " + words + ": " + analysis["summary"])

if failures:
    print("FAIL " + "\nFAIL ".join(failures))
    sys.exit(1)
print("ok   protocols and page conventions recorded")
PY
# The console breaks long "#" lines at spaces, continuing with "#   ": join them.
unwrap() { sed -e ':a' -e 'N' -e '$!ba' -e 's/\n#   / /g' "$1"; }
unwrap "$work/c2c.txt" | grep -q "two_lines, " || { echo "FAIL console analysis lacks the protocol"; exit 1; }
unwrap "$work/latency.txt" | grep -q "page-crossing order" || { echo "FAIL console lacks the order"; exit 1; }
echo "ok   console names each convention"

# The report draws one core-to-core heat map per protocol (where there is a pair).
measured=$("$python" -c 'import json, sys
print(sum(r["status"] == "ok" for r in json.load(open(sys.argv[1]))["suite"]["results"]))' "$work/c2c.json")
[[ $measured -eq 3 ]] || { echo "ok   no pair of cores here: no heat maps to check"; exit 0; }
"$exe" report "$work/c2c.json" -o "$work/report.html" >/dev/null
for protocol in two_lines one_line cas; do
  grep -q "\"title\":\"core to core ($protocol), c2c.json" "$work/report.html" ||
    { echo "FAIL the report has no heat map for $protocol"; exit 1; }
done
echo "ok   one heat map per protocol in the report"
