#!/usr/bin/env bash
# `accelbench list` shows a benchmark for every folder benchmarks/<group>/<name>/
# whose CPU source exists: guards against registrations the linker dropped.
set -u
exe=$1
source_dir=$2
listing=$("$exe" list) || { echo "FAIL accelbench list exited $?"; exit 1; }
failures=0
checked=0
for folder in "$source_dir"/benchmarks/*/*/; do
  folder=${folder%/}
  name=$(basename "$folder")
  group=$(basename "$(dirname "$folder")")
  checked=$((checked + 1))
  if grep -q "^$group/$name" <<<"$listing"; then
    echo "ok   $group/$name"
  else
    echo "FAIL $group/$name is a benchmark folder but not in 'accelbench list'"
    failures=$((failures + 1))
  fi
done
if [[ $checked -eq 0 ]]; then
  echo "FAIL no benchmark folders found under $source_dir/benchmarks"
  exit 1
fi
echo "$checked folders, $failures failed"
[[ $failures -eq 0 ]]
