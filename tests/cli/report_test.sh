#!/usr/bin/env bash
# accelbench verdict on two results files with known ratios (B made from A:
# compute 2x slower, bandwidth and latency 1.25x worse, one benchmark left
# out), and accelbench report on them, a copy with a crashed instance and a
# soak, opened in headless Chromium: no console errors, no network requests,
# every chart drawn, a hostname holding <script> shown as text, the claims
# summary's figures and counts as in each results file. Bad input: exit 2.
set -u
exe=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python=/usr/bin/python3
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

"$exe" run --filter 'fma_peak/cpu:0/dtype:fp64/isa:avx2/threads:1$|stream_(copy|triad)/cpu|latency/cpu|core_to_core' \
  --param array_bytes=1MiB --param working_set_bytes=64KiB --min-time 0.02 --repetitions 3 \
  --out "$work/a.json" >/dev/null || fail "run exited $?"
"$exe" soak --duration 2 --interval 0.3 --filter 'stream_copy/cpu' --param array_bytes=1MiB \
  --out "$work/soak.json" >/dev/null 2>&1 || fail "soak exited $?"

"$python" - "$work/a.json" "$work/b.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
hostile = "<script>window.__pwned=1</script>"
a["suite"]["fingerprint"]["info"]["hostname"] = hostile
factor = {"compute": 2.0, "interconnect": 1.25}
dropped = next(r["name"] for r in a["suite"]["results"] if r["benchmark"] == "memory/stream_copy")
a["suite"]["results"] = [r for r in a["suite"]["results"] if r["name"] != dropped]
kept = []
for run in a["benchmarks"]:
    suite = run.get("suite", {})
    if suite.get("name") == dropped or run["name"].startswith(dropped + "/"): continue
    if run["run_type"] == "iteration":
        f = factor[suite["claim"]]
        suite["samples"]["seconds_per_iteration"] = [s * f for s in suite["samples"]["seconds_per_iteration"]]
    kept.append(run)
a["benchmarks"] = kept
json.dump(a, open(sys.argv[2], "w"))
PY

"$exe" verdict "$work/a.json" "$work/b.json" --format json --out "$work/verdict.json" >/dev/null ||
  fail "verdict exited $?"
"$python" - "$work/verdict.json" <<'PY' || fail "verdict does not reproduce the known ratios"
import json, sys
v = json.load(open(sys.argv[1]))[0]
claims = {c["claim"]: c for c in v["claims"]}
for claim, want in (("compute", 0.5), ("interconnect", 0.8)):
    rows = claims[claim]["rows"]
    assert rows, f"no {claim} rows"
    for r in rows:
        assert abs(r["performance_b_vs_a"] - want) < 1e-9, (claim, r)
        low, high = r["performance_ci95"]
        assert low <= want + 1e-9 and high >= want - 1e-9, (claim, r)
    assert claims[claim]["summary"].startswith("B reaches " + ("0.5x" if want == 0.5 else "0.8x")), claims[claim]["summary"]
reasons = {(m["benchmark"], m["lacking"], m["reason"]) for c in v["claims"] for m in c["missing"]}
assert ("memory/stream_copy", "B", "not measured on B") in reasons, reasons
assert v["instances"] is not None, "the same backend: instance by instance as well"
not_compared = {(n["benchmark"], n["reason"]) for n in v["instances"]["not_compared"]}
assert ("memory/stream_copy", "not measured on B") in not_compared, not_compared
print(f"ok   verdict: compute {len(claims['compute']['rows'])} rows at 0.5x, interconnect "
      f"{len(claims['interconnect']['rows'])} rows at 0.8x, stream_copy not measured on B")
PY
"$exe" verdict "$work/a.json" "$work/b.json" --format markdown | grep -q '^### compute: B reaches 0.5x' ||
  fail "markdown verdict lacks the compute line"
"$exe" verdict "$work/a.json" --devices cpu:0,cpu:0 --format text | grep -q 'B reaches 1x' ||
  fail "--devices within one file"

# c.json: a's FMA instance crashed; its headline (still in the file) must not
# reach the claims summary, and the crash must be counted.
"$python" - "$work/a.json" "$work/c.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
r = next(r for r in a["suite"]["results"] if r["benchmark"] == "compute/fma_peak")
r["status"], r["reason"] = "crashed", "signal 11 (injected by the test)"
assert any(h["instance"] == r["name"] for h in a["suite"]["headlines"])
# A second working-set size (2^20 x the first, a copy of its result) makes
# memory/latency a size sweep, on which the caches of the run's topology are marked.
latency = next(r for r in a["suite"]["results"] if r["benchmark"] == "memory/latency")
far = json.loads(json.dumps(latency))
far["params"]["working_set_bytes"] = latency["params"]["working_set_bytes"] << 20
far["name"] = latency["name"].replace(str(latency["params"]["working_set_bytes"]),
                                      str(far["params"]["working_set_bytes"]))
a["suite"]["results"].append(far)
json.dump(a, open(sys.argv[2], "w"))
PY
"$exe" report "$work/a.json" "$work/b.json" "$work/c.json" "$work/soak.json" -o "$work/report.html" \
  >/dev/null || fail "report exited $?"
grep -q '<script>window.__pwned' "$work/report.html" && fail "the hostile hostname is in the HTML unescaped"
REPORT_SUMMARY_FILES="a.json=$work/a.json,b.json=$work/b.json,c.json=$work/c.json,soak.json=$work/soak.json" \
REPORT_EXPECT_CACHE_MARKS=1 \
REPORT_EXPECT_TEXT='<script>window.__pwned=1</script>' \
  "$python" "$source_dir/tests/cli/report_check.py" "$work/report.html" "$PWD/report_screenshot.png"
rc=$?
[[ $rc -eq 77 ]] && { echo "SKIP chromium not found"; exit 77; }
[[ $rc -eq 0 ]] || fail "the report in headless Chromium"

expect_usage() {  # expect_usage WHAT ARGS...
  local what=$1; shift
  "$exe" "$@" >/dev/null 2>"$work/err"
  local rc=$?
  if [[ $rc -ne 2 ]] || [[ $(wc -l <"$work/err") -ne 1 ]]; then
    fail "$what: exit $rc, $(cat "$work/err")"
  else
    echo "ok   $what: $(cat "$work/err")"
  fi
}
echo '{"not": "accelbench"}' >"$work/other.json"
printf '{"suite": ' >"$work/truncated.json"
expect_usage "verdict of a missing file" verdict "$work/a.json" "$work/missing.json"
expect_usage "verdict of a foreign file" verdict "$work/a.json" "$work/other.json"
expect_usage "verdict of a truncated file" verdict "$work/truncated.json" "$work/a.json"
expect_usage "verdict of one file" verdict "$work/a.json"
expect_usage "verdict of a device not in the file" verdict "$work/a.json" --devices cpu:0,cuda:0
expect_usage "report of a foreign file" report "$work/other.json" -o "$work/r.html"
expect_usage "report without -o" report "$work/a.json"
[[ -e $work/r.html ]] && fail "a failed report left a file"

echo "$failures failures"
[[ $failures -eq 0 ]]
