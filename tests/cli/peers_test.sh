#!/usr/bin/env bash
# scripts/peers' arithmetic on made-up rounds, without the peer tools: the
# ratio of each round, the median of those ratios (not the ratio of the
# medians), their range and spread, and the warning when they disagree by
# more than 10% (scripts/peers --summary recomputes an --out file; the
# module scripts/lib/peer_rounds.py is checked directly too); fewer than 5
# rounds, a bad --summary file or --summary with other options: exit 2.
set -u
source_dir=$2
peers=$source_dir/scripts/peers
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

# The module: a host that switched memory mode between rounds moves both
# tools, and the per-round ratios still agree; one that switched within a
# round (between accelbench and the peer) makes them disagree.
/usr/bin/python3 - "$source_dir/scripts/lib" <<'PY' || fail "peer_rounds module"
import sys
sys.path.insert(0, sys.argv[1])
import peer_rounds as pr

# Between rounds: 50 and 80 GB/s modes, the peer 2% slower in each round.
s = pr.summarize([50, 80, 51, 81, 50], [49, 78.4, 50, 79.4, 49])
assert abs(s["ratio"] - 50 / 49) < 1e-9, s
assert not s["rounds_disagree"] and s["ratio_spread"] < 0.01, s
assert s["accelbench_spread"] > 0.5, s  # the machine moved; the ratios did not

# Within a round: rounds 2 and 3 caught the switch between the two tools.
ours, theirs = [50, 52, 80, 82, 81], [50, 80, 52, 81, 80]
s = pr.summarize(ours, theirs)
assert [round(r, 3) for r in s["ratios"]] == [1.0, 0.65, 1.538, 1.012, 1.012], s["ratios"]
assert abs(s["ratio"] - 82 / 81) < 1e-9, s      # the median of the per-round ratios ...
assert s["accelbench_median"] / s["peer_median"] == 1.0  # ... not the ratio of the medians
assert s["rounds_disagree"] and abs(s["ratio_spread"] - (80 / 52) / (52 / 80) + 1) < 1e-9, s
lines = pr.lines("STREAM triad", "likwid", s)
assert len(lines) == 2 and "median of 5 rounds (0.650 to 1.538, spread 136.7%)" in lines[0], lines
assert lines[1].startswith("# WARNING: STREAM triad: the per-round ratios (1.000, 0.650, 1.538"), lines

# Just inside and just beyond 10%.
assert not pr.summarize([1.099, 1, 1, 1, 1], [1] * 5)["rounds_disagree"]
assert pr.summarize([1.101, 1, 1, 1, 1], [1] * 5)["rounds_disagree"]
assert len(pr.lines("x", "p", pr.summarize([1.0] * 5, [2.0] * 5))) == 1

for bad in (([1, 2], [1]), ([], []), ([1, 0], [1, 1]), ([1, -1], [1, 1]), ([1, "2"], [1, 1]),
            ([True], [1]), ([float("inf")], [1]), ([1], [float("nan")])):
    try:
        pr.summarize(*bad)
    except ValueError:
        continue
    raise AssertionError(f"accepted {bad}")
print("ok   peer_rounds: per-round ratios, their median and spread, the 10% warning")
PY

# --summary: the lines of an --out file, recomputed.
cat >"$tmp/rounds.json" <<'EOF'
[{"what": "STREAM triad, switched within rounds", "peer": "likwid-bench",
  "accelbench": [50, 52, 80, 82, 81], "peer_values": [50, 80, 52, 81, 80]},
 {"what": "STREAM triad, switched between rounds", "peer": "likwid-bench",
  "accelbench": [80, 50, 81, 51, 80], "peer_values": [79, 49.5, 80, 50, 79]}]
EOF
if "$peers" --summary "$tmp/rounds.json" >"$tmp/out.txt" 2>"$tmp/err.txt"; then
  grep -q '^# accelbench vs peers, 5 interleaved rounds each; ratio = accelbench / peer per round, median of the rounds$' "$tmp/out.txt" ||
    fail "--summary: no header: $(cat "$tmp/out.txt")"
  grep -q '^STREAM triad, switched within rounds .*ratio 1.012 median of 5 rounds (0.650 to 1.538, spread 136.7%)' "$tmp/out.txt" ||
    fail "--summary: the disagreeing comparison's line: $(cat "$tmp/out.txt")"
  grep -q '^# WARNING: STREAM triad, switched within rounds: .* disagree by 136.7% > 10%' "$tmp/out.txt" ||
    fail "--summary: no warning for rounds that disagree"
  grep -q '^STREAM triad, switched between rounds .*ratio 1.013 median of 5 rounds (1.010 to 1.020, spread 1.0%)' "$tmp/out.txt" ||
    fail "--summary: the agreeing comparison's line"
  [[ $(grep -c WARNING "$tmp/out.txt") -eq 1 ]] || fail "--summary: a warning for rounds that agree"
  [[ -s $tmp/err.txt ]] && fail "--summary wrote to stderr: $(cat "$tmp/err.txt")"
else
  fail "--summary exited $?: $(cat "$tmp/err.txt")"
fi
[[ $failures -eq 0 ]] && echo "ok   --summary: per-round ratios, median, spread, one warning"

# Bad input: exit 2 and a line naming the problem.
printf '[{"what": "x", "peer": "p", "accelbench": [1, 2], "peer_values": [1]}]' >"$tmp/uneven.json"
printf '{"what": "x"}' >"$tmp/object.json"
printf 'not json' >"$tmp/text.json"
printf '[{"what": "x", "peer": "p", "accelbench": [1, 0], "peer_values": [1, 1]}]' >"$tmp/zero.json"
bad() {  # PATTERN ARGS...
  local pattern=$1
  shift
  "$peers" "$@" >"$tmp/out.txt" 2>"$tmp/err.txt"
  local rc=$?
  if [[ $rc -ne 2 ]]; then
    fail "peers $*: exit $rc, not 2"
  elif ! tail -1 "$tmp/err.txt" | grep -Eq "^peers: error: .*$pattern"; then
    fail "peers $*: stderr does not name the problem: $(tail -1 "$tmp/err.txt")"
  elif [[ -s $tmp/out.txt ]]; then
    fail "peers $*: wrote to stdout"
  fi
}
bad '--rounds must be at least 5' --rounds 3
bad '--rounds must be at least 5' --rounds 0
bad "argument --rounds: invalid int value: 'five'" --rounds five
bad '--only: unknown' --only stream,bogus --rounds 5
bad '--summary cannot be given with --rounds' --summary "$tmp/rounds.json" --rounds 5
bad 'comparison 0: 2 accelbench values but 1 peer values' --summary "$tmp/uneven.json"
bad 'comparison 0: a round.s value must be a positive number, not 0' --summary "$tmp/zero.json"
bad 'not a list of comparisons' --summary "$tmp/object.json"
bad 'cannot read it as JSON' --summary "$tmp/text.json"
bad 'cannot read it as JSON' --summary "$tmp/missing.json"
[[ $failures -eq 0 ]] && echo "ok   bad input: exit 2, the problem named"

exit $((failures > 0))
