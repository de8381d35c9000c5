#!/usr/bin/env bash
# compute/gemm on the CPU records the BLAS library and kernel that ran
# (details.blas: OpenBLAS's config, core name, thread count, the kernel's and
# the CPU's ISA, OPENBLAS_CORETYPE), and the console's analysis line carries
# the warning exactly when one is recorded. The environment is left as it is
# (MACHINE.md: never change OPENBLAS_CORETYPE in tests); the decision itself
# is unit tested (tests/unit/gemm_test.cpp, OpenblasKernel.*).
set -u
exe=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$exe" run --filter 'compute/gemm/cpu:0/dtype:fp64/' --param matrix_size=64 --param threads=1 \
  --min-time 0.01 --out "$tmp/run.json" >"$tmp/console.txt" 2>"$tmp/err.txt" ||
  { echo "FAIL the run exited $?: $(cat "$tmp/err.txt")"; exit 1; }
/usr/bin/python3 - "$tmp/console.txt" "$tmp/run.json" <<'PY'
import json, os, sys
console = open(sys.argv[1]).read()
results = json.load(open(sys.argv[2]))["suite"]["results"]
assert len(results) == 1, [r["name"] for r in results]
r = results[0]
if r["status"] == "skipped":
    print("SKIP", r["reason"])
    sys.exit(77)
assert r["status"] == "ok", r
blas = r["details"]["blas"]
assert blas["library"] == "OpenBLAS" and blas["config"].startswith("OpenBLAS "), blas
assert blas["kernel"] and blas["kernel"] in blas["config"], blas
assert blas["threads"] == 1, blas
isas = ["unknown", "sse", "avx", "avx2", "avx512"]
assert blas["kernel_isa"] in isas and blas["cpu_isa"] in isas, blas
flags = set(next(l for l in open("/proc/cpuinfo") if l.startswith("flags")).split(":")[1].split())
if os.uname().machine == "x86_64":
    widest = ("avx512" if "avx512f" in flags else "avx2" if {"avx2", "fma"} <= flags
              else "avx" if "avx" in flags else "sse")
    assert blas["cpu_isa"] == widest, (blas["cpu_isa"], widest)
variable = os.environ.get("OPENBLAS_CORETYPE") or None
assert blas["coretype_variable"] == variable, (blas["coretype_variable"], variable)
narrower = "unknown" not in (blas["kernel_isa"], blas["cpu_isa"]) and \
    isas.index(blas["kernel_isa"]) < isas.index(blas["cpu_isa"])
assert ("warning" in blas) == narrower, blas
if narrower and variable and variable.lower() == blas["kernel"].lower():
    assert blas["warning"].startswith(f"OPENBLAS_CORETYPE={variable} pins"), blas["warning"]
# The console breaks long "#" lines at spaces, continuing with "#   ".
lines = []
for line in console.splitlines():
    if line.startswith("#   ") and lines:
        lines[-1] += " " + line[4:]
    else:
        lines.append(line)
analysis = [l for l in lines if l.startswith("# compute/gemm on cpu:0:")]
assert len(analysis) == 1, console
assert ("WARNING: " + blas["warning"] in analysis[0]) if narrower else "WARNING" not in analysis[0], analysis
print(f"ok   gemm records OpenBLAS {blas['kernel']} ({blas['kernel_isa']}) on a CPU with "
      f"{blas['cpu_isa']}, {blas['threads']} thread(s), OPENBLAS_CORETYPE={variable}; "
      f"warning {'shown' if narrower else 'absent, as it should be'}")
PY
