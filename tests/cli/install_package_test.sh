#!/usr/bin/env bash
# The Debian package of this build folder, as a user gets it: cpack builds the
# .deb, dpkg -i installs it into this machine, and the installed copy (not the
# build folder's) runs --version, sysinfo, one benchmark, the report, and
# accelbench-validate-results on that run with the installed schemas. Depends
# must name the package of every library the executable links. The package is
# removed on every way out.
# Usage: install_package_test.sh BUILD_DIR CPACK "ENABLED;BACKENDS"
# Exit 77 (skipped) when not root, without dpkg, or when an accelbench package
# this test did not install is there (it is not replaced).
set -euo pipefail
build=$1 cpack=$2 backends=$3
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || skip "not root: dpkg -i installs into /usr"
if ! command -v dpkg >/dev/null || ! command -v dpkg-deb >/dev/null; then skip "no dpkg: not a Debian machine"; fi

# One run at a time on this machine (another build folder's run would install
# and remove the same package under this one).
lock=/run/lock/accelbench-install-package-test.lock
exec 9>"$lock"
flock -w 90 9 || fail "another run of this test held $lock for 90 s"

# Set while the package installed is this test's: a run killed before its
# cleanup leaves it, and the next run removes that package.
marker=/var/tmp/accelbench-install-package-test.installed
installed_version() { dpkg-query -W -f='${Status} ${Version}' accelbench 2>/dev/null | sed -n 's/^install ok installed //p'; }
if [[ -n $(installed_version) && ! -e $marker ]]; then
  skip "an accelbench package ($(installed_version)) is installed, not by this test: not replacing it (dpkg -r accelbench lets this test run)"
fi

# dpkg, retried while another dpkg or apt holds its lock (up to 60 s).
run_dpkg() {
  local output
  for _ in $(seq 30); do
    if output=$(dpkg "$@" 2>&1); then return 0; fi
    grep -qi 'lock' <<<"$output" || { echo "$output" >&2; return 1; }
    sleep 2
  done
  echo "$output" >&2
  fail "dpkg $* waited 60 s for the dpkg lock"
}

tmp=$(mktemp -d)
cleanup() {
  local status=$?
  if [[ -e $marker ]]; then
    if run_dpkg -r accelbench; then rm -f "$marker"; else echo "FAIL: dpkg -r accelbench failed" >&2; status=1; fi
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
[[ -n $(installed_version) ]] && { echo "removing the package an interrupted run left"; run_dpkg -r accelbench; rm -f "$marker"; }

# The package, staged and written under $tmp (never in the build folder, which
# other tests read). cpack first builds what is out of date (the preinstall
# target): nothing, after the build ctest runs on.
(cd "$tmp" && "$cpack" --config "$build/CPackConfig.cmake" -B "$tmp/package" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; fail "cpack failed"; }
debs=("$tmp"/package/accelbench_*.deb)
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || { cat "$tmp/cpack.log"; fail "cpack wrote no single accelbench_*.deb: ${debs[*]}"; }
deb=${debs[0]}
depends=$(dpkg-deb -f "$deb" Depends)
echo "package: $(basename "$deb"), Depends: $depends"

touch "$marker"
run_dpkg -i "$deb" || fail "dpkg -i $(basename "$deb") failed"
[[ -n $(installed_version) ]] || fail "dpkg -i returned 0 but accelbench is not installed"

# The documented layout (README.md, Install).
files=$(dpkg -L accelbench)
for path in /usr/bin/accelbench /usr/bin/accelbench-validate-results \
  /usr/share/accelbench/schema/results.schema.json /usr/share/accelbench/schema/soak.schema.json \
  /usr/share/doc/accelbench/README.md; do
  grep -qx "$path" <<<"$files" || fail "the package lacks $path; it has: $files"
done
exe=/usr/bin/accelbench

# The packages Depends names, and those they depend on (Debian's libopenblas0
# is the choice of libopenblas0-pthread, -openmp or -serial): one of them must
# own each linked library.
package_names() { sed -E 's/\([^)]*\)//g; s/[,|]/ /g' | tr -s ' ' '\n' | sed '/^$/d'; }
mapfile -t named < <(package_names <<<"$depends" | sort -u)
provided=" $(
  {
    printf '%s\n' "${named[@]}"
    dpkg-query -W -f='${Depends}\n' "${named[@]}" 2>/dev/null | package_names
  } | sort -u | tr '\n' ' '
) "
covered() { [[ $provided == *" $1 "* ]]; }

# Every library the executable links comes from a Debian package named in
# Depends (the toolkit's libraries, NCCL's too, are loaded at run time, not
# linked). One dpkg -S for all (each call reads the whole file list): each path as ldd found it, under /usr and
# not (merged /usr), and the file a symlink leads to (alternatives).
ldd "$exe" | grep -q 'not found' && fail "$exe: a library is not found: $(ldd "$exe" | grep 'not found')"
# (The loader, ld-linux, is libc6's; ldd prints no "=>" for it.)
needed=$(objdump -p "$exe" | awk '$1 == "NEEDED" && $2 !~ /^ld-linux/ { print $2 }')
mapfile -t linked < <(ldd "$exe" | awk -v needed="$needed" '
  BEGIN { split(needed, names, "\n"); for (i in names) wanted[names[i]] = 1 }
  $2 == "=>" && $3 ~ /^\// && ($1 in wanted) { print $1, $3 }')
[[ ${#linked[@]} -eq $(wc -l <<<"$needed") ]] || fail "ldd resolved ${#linked[@]} of the NEEDED libraries: $needed"
candidates() { echo "$1" "/usr$1" "${1#/usr}" "$(readlink -f "$1")"; }
owners=$(for entry in "${linked[@]}"; do candidates "${entry#* }"; done | xargs dpkg -S 2>/dev/null || true)
for entry in "${linked[@]}"; do
  soname=${entry%% *} path=${entry#* } owner=
  for candidate in $(candidates "$path"); do
    owner=$(awk -v file="$candidate" '$2 == file { sub(/:.*/, "", $1); print $1; exit }' <<<"$owners")
    [[ -n $owner ]] && break
  done
  if [[ -z $owner ]]; then
    fail "$exe links $soname ($path), which no Debian package installed: Depends cannot name it"
  fi
  covered "$owner" || fail "$exe links $soname from $owner, which Depends ($depends) does not name"
  echo "$soname: $owner"
done

built_version=$("$build/accelbench" --version)
[[ $("$exe" --version) == "$built_version" ]] || fail "installed --version '$("$exe" --version)' is not the build's '$built_version'"

"$exe" sysinfo >"$tmp/sysinfo.txt" 2>&1 || { cat "$tmp/sysinfo.txt"; fail "installed accelbench sysinfo failed"; }
grep -q '^# device cpu:0' "$tmp/sysinfo.txt" || { cat "$tmp/sysinfo.txt"; fail "sysinfo names no cpu:0"; }
if [[ ";$backends;" == *";cuda;"* ]]; then
  # Without a GPU driver the CUDA backend is reported, not a failure to start.
  grep -Eq '^# (device cuda:[0-9]+|not available: cuda \()' "$tmp/sysinfo.txt" ||
    { cat "$tmp/sysinfo.txt"; fail "sysinfo says nothing of the CUDA backend"; }
  grep -E '^# (device cuda:|not available: cuda )' "$tmp/sysinfo.txt"
fi
if [[ ";$backends;" == *";nccl;"* ]]; then
  # NCCL is loaded at run time: without it the package starts and says why.
  ACCELBENCH_NCCL_LIBRARY=/nonexistent/libnccl.so.2 "$exe" sysinfo >"$tmp/no-nccl.txt" 2>&1 ||
    { cat "$tmp/no-nccl.txt"; fail "installed accelbench sysinfo failed without NCCL"; }
  grep -q '^# not available: nccl (cannot load NCCL: /nonexistent/libnccl.so.2: ' "$tmp/no-nccl.txt" ||
    { cat "$tmp/no-nccl.txt"; fail "sysinfo without NCCL does not say that it cannot load it"; }
  grep '^# not available: nccl ' "$tmp/no-nccl.txt"
fi

# One benchmark, from a folder that is not the checkout.
(cd "$tmp" && "$exe" run --filter stream_triad --device cpu:0 --min-time 0.01 --param array_bytes=65536 \
  --out run.json >run.txt 2>&1) || { cat "$tmp/run.txt"; fail "installed accelbench run failed"; }
python3 - "$tmp/run.json" <<'EOF' || fail "the run's results file"
import json, sys
results = json.load(open(sys.argv[1]))["suite"]["results"]
ok = [r["benchmark"] for r in results if r["status"] == "ok" and r["benchmark"] == "memory/stream_triad"]
if not ok:
    sys.exit(f"no memory/stream_triad result is ok: {[(r['benchmark'], r['status']) for r in results]}")
print(f"{len(ok)} memory/stream_triad result(s) ok")
EOF
/usr/bin/accelbench-validate-results "$tmp/run.json" || fail "the installed schema rejects the installed accelbench's results"
# ... and rejects a results file that breaks it (the schema is read, not skipped).
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["suite"]["results"][0]["status"]=7; json.dump(d, open(sys.argv[2], "w"))' \
  "$tmp/run.json" "$tmp/broken.json"
if /usr/bin/accelbench-validate-results "$tmp/broken.json" 2>/dev/null; then
  fail "accelbench-validate-results accepted a result whose status is 7"
fi
"$exe" report "$tmp/run.json" -o "$tmp/run.html" >/dev/null || fail "installed accelbench report failed"
grep -q '<html' "$tmp/run.html" || fail "the installed report wrote no HTML"
echo "installed, ran and removed $(basename "$deb")"
