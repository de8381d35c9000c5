#!/usr/bin/env bash
# A child of accelbench dies with it: `run --isolate` and `soak` are killed
# with SIGKILL while their child hangs (--inject hang, so nothing but the
# parent's death can end it), and no child may be left running. Also: a
# temporary file left by a killed writer is removed by the next write into
# its folder, and one of a live process is kept.
set -u
exe=$1
work=$(mktemp -d)
pid=
trap '[[ -n $pid ]] && kill -9 $pid 2>/dev/null; rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
small=(--filter 'stream_copy/cpu' --param array_bytes=1MiB)

# The children of $1 that stay alive for a second (an enumeration child lives
# only briefly), waiting up to 20 s for one to appear.
lasting_children() {
  local parent=$1 now lasting
  for _ in $(seq 40); do
    now=$(pgrep -P "$parent" | sort)
    if [[ -n $now ]]; then
      sleep 1
      lasting=$(comm -12 <(echo "$now") <(pgrep -P "$parent" | sort))
      [[ -n $lasting ]] && { echo "$lasting"; return; }
    fi
    sleep 0.5
  done
}

# Running: exists and is not a zombie (an orphan's zombie is only waiting for
# a reaper that may not reap).
running() {
  [[ -r /proc/$1/stat ]] || return 1
  local state
  state=$(sed 's/^.*) //' "/proc/$1/stat" | cut -d' ' -f1)
  [[ $state != Z ]]
}

# Starts "$@" in the background, SIGKILLs it once its children are up and
# asserts that every child is gone within 5 s.
check_children_die() {
  local what=$1
  shift
  "$exe" "$@" >"$work/out.txt" 2>&1 &
  pid=$!
  local children
  children=$(lasting_children $pid)
  if [[ -z $children ]]; then
    fail "$what: no child process appeared ($(tail -3 "$work/out.txt"))"
    kill -9 $pid
    wait $pid 2>/dev/null
    pid=
    return
  fi
  kill -9 $pid
  wait $pid 2>/dev/null
  pid=
  local child left=
  for _ in $(seq 50); do
    left=
    for child in $children; do running "$child" && left+=" $child"; done
    [[ -z $left ]] && break
    sleep 0.1
  done
  if [[ -n $left ]]; then
    fail "$what: child process(es)$left still running after the parent was killed"
    for child in $left; do kill -9 "$child" 2>/dev/null; done
  else
    echo "ok   $what: $(wc -w <<<"$children") child process(es) died with the parent"
  fi
}

check_children_die "run --isolate" run --isolate --timeout 600 --inject hang "${small[@]}" \
  --min-time 0.01 --out "$work/r.json"
check_children_die "soak" soak --duration 600 --timeout 600 --inject hang "${small[@]}" \
  --interval 0.2 --out "$work/s.json"

# A run killed between creating its temporary file and the rename leaves
# ".NAME.accelbench-tmp.HOST.PID" behind; the next write into that folder
# removes it once that process is gone, and keeps it while it lives.
"$exe" run "${small[@]}" --min-time 0.01 --out "$work/a.json" >/dev/null || fail "run a.json"
left=$(find "$work" -name '*accelbench-tmp*' | wc -l)
[[ $left -eq 0 ]] || fail "a finished run left $left temporary file(s)"
host=$(hostname | tr -c 'A-Za-z0-9\n' '-')
stale_pid=$(sh -c 'echo $$') # a process that has exited
live_pid=$$                  # this script
cp "$work/a.json" "$work/.old.json.accelbench-tmp.$host.$stale_pid"
cp "$work/a.json" "$work/.busy.json.accelbench-tmp.$host.$live_pid"
"$exe" export --to bmf "$work/a.json" --out "$work/e.json" >/dev/null || fail "export"
[[ -e "$work/.old.json.accelbench-tmp.$host.$stale_pid" ]] &&
  fail "the temporary of an exited process was not removed by the next write"
[[ -e "$work/.busy.json.accelbench-tmp.$host.$live_pid" ]] ||
  fail "the temporary of a live process was removed"
echo "ok   stale temporaries: a dead writer's is removed by the next write, a live one's kept"

echo "$failures failed"
[[ $failures -eq 0 ]]
