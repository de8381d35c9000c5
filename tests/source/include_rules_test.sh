#!/usr/bin/env bash
# The include rules (include_rules.py) hold on this tree, and the check finds
# each kind of violation in a made-up tree: a benchmark and a backend that
# include a harness/src header, a benchmark that includes another benchmark's
# file, a backend that includes a benchmark's file.
set -u
source_dir=$1
check="$source_dir/tests/source/include_rules.py"
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

python3 "$check" "$source_dir" || fail "this tree breaks the include rules (above)"

tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree"/harness/{src,include/accelbench,backends/gpu} "$tree"/benchmarks/memory/{a,b}
touch "$tree"/harness/src/stats.h "$tree"/harness/include/accelbench/work.h \
  "$tree"/benchmarks/memory/b/b.h "$tree"/benchmarks/memory/a/a.h "$tree"/harness/backends/gpu/gpu.h
printf '#include "a.h"\n#include <accelbench/work.h>\n#include "gpu/gpu.h"\n#include <vector>\n' \
  >"$tree"/benchmarks/memory/a/a.cpp
printf '#include "stats.h"\n' >"$tree"/benchmarks/memory/a/a_gpu.cpp
printf '#include "../b/b.h"\n' >"$tree"/benchmarks/memory/a/a_cpu.cpp
printf '#include <stats.h>\n#include "memory/a/a.h"\n' >"$tree"/harness/backends/gpu/gpu.cpp
out=$(python3 "$check" "$tree")
rc=$?
expect() {
  grep -qF "$1" <<<"$out" || fail "not reported: $1"
}
[[ $rc -eq 1 ]] || fail "a tree with violations passed (exit $rc)"
expect 'benchmarks/memory/a/a_gpu.cpp: #include "stats.h": a harness/src header'
expect 'benchmarks/memory/a/a_cpu.cpp: #include "../b/b.h": another benchmark'
expect 'harness/backends/gpu/gpu.cpp: #include <stats.h>: a harness/src header'
expect 'harness/backends/gpu/gpu.cpp: #include "memory/a/a.h": a backend includes a benchmark'
[[ $(wc -l <<<"$out") -eq 4 ]] || fail "allowed includes reported too: $out"
[[ $failures -eq 0 ]] && echo "ok   violations of each kind found in a made-up tree"
exit $((failures > 0))
