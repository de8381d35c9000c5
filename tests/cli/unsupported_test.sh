#!/usr/bin/env bash
# Data types this CPU lacks are skipped with the missing feature named, never
# ok; those it has run and verify. Read from /proc/cpuinfo independently.
set -u
exe=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
flags=$(grep -m1 '^flags' /proc/cpuinfo)

check() {  # check DTYPE ISA CPU_FLAG
  local dtype=$1 isa=$2 flag=$3 want reason
  "$exe" run --filter "compute/fma_peak/cpu:0/dtype:$dtype/isa:$isa/threads:1\$" --min-time 0.01 \
    --format json >"$work/out.json" 2>"$work/err"
  local rc=$?
  read -r status reason < <(/usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["suite"]["results"][0]
print(r["status"], r.get("reason", ""))' "$work/out.json")
  if grep -qw "$flag" <<<"$flags"; then want=ok; else want=skipped; fi
  if [[ $status != "$want" || $rc -ne 0 ]]; then
    echo "FAIL $dtype/$isa: status $status (exit $rc), want $want (cpu flag $flag)"; failures=$((failures + 1))
  elif [[ $want == skipped && $reason != *needs* ]]; then
    echo "FAIL $dtype/$isa: skipped without naming what is missing: $reason"; failures=$((failures + 1))
  else
    echo "ok   $dtype/$isa: $status ${reason}"
  fi
}

check fp64 avx512 avx512f
check fp32 avx2 avx2
check bf16 avx512 avx512_bf16
check fp16 avx512 avx512_fp16
echo "$failures failed"
[[ $failures -eq 0 ]]
