"""The arithmetic of scripts/peers, apart from the tools it runs.

A comparison runs accelbench and a peer tool alternately, round after round.
The host can change between rounds (this project's development machines
switch between two memory-bandwidth modes), so the result is the ratio within
each round, where both ran under the same conditions, and the median of those
per-round ratios; a ratio of the two medians can pair one tool's fast rounds
with the other's slow ones. When the per-round ratios themselves disagree,
the host changed within a round and no single figure is trustworthy: the
comparison says so.
"""
import math
import statistics

MIN_ROUNDS = 5
# Per-round ratios further apart than this (largest / smallest - 1) are a
# warning: the host changed within a round.
DISAGREEMENT = 0.10


def spread(values):
    """Largest / smallest - 1 of positive values."""
    return max(values) / min(values) - 1


def summarize(ours, theirs):
    """The per-round ratios ours[i] / theirs[i], their median and spread, and
    whether they disagree by more than DISAGREEMENT. Raises ValueError on
    lists of different lengths, no rounds, or a value that is not a positive finite number."""
    if len(ours) != len(theirs):
        raise ValueError(f"{len(ours)} accelbench values but {len(theirs)} peer values")
    if not ours:
        raise ValueError("no rounds")
    for value in (*ours, *theirs):
        if (isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0
                or not math.isfinite(value)):
            raise ValueError(f"a round's value must be a positive number, not {value!r}")
    ratios = [o / t for o, t in zip(ours, theirs)]
    return {
        "rounds": len(ratios),
        "ratios": ratios,
        "ratio": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
        "ratio_spread": spread(ratios),
        "rounds_disagree": spread(ratios) > DISAGREEMENT,
        "accelbench_median": statistics.median(ours),
        "peer_median": statistics.median(theirs),
        # How much each side moved between rounds (the host's modes); the
        # per-round ratios compare like with like regardless.
        "accelbench_spread": spread(ours),
        "peer_spread": spread(theirs),
    }


def lines(what, peer, summary):
    """The console lines of one comparison: the median of the per-round
    ratios with their range and spread, then a warning when they disagree."""
    s = summary
    out = [f"{what:<52} accelbench {s['accelbench_median']:9.2f}  peer {s['peer_median']:9.2f}"
           f"  ratio {s['ratio']:5.3f} median of {s['rounds']} rounds"
           f" ({s['ratio_min']:.3f} to {s['ratio_max']:.3f}, spread {100 * s['ratio_spread']:.1f}%)"
           f"  ({peer})"]
    if s["rounds_disagree"]:
        ratios = ", ".join(f"{r:.3f}" for r in s["ratios"])
        out.append(f"# WARNING: {what}: the per-round ratios ({ratios}) disagree by "
                   f"{100 * s['ratio_spread']:.1f}% > {100 * DISAGREEMENT:.0f}%: the host changed "
                   f"within a round (e.g. its memory mode); no single ratio holds, run it again")
    return out
