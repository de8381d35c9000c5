#!/usr/bin/env python3
"""Include rules of the backend kit, checked on a source tree (default: this one).

A file under benchmarks/ or harness/backends/ may include the public harness
headers (harness/include/accelbench/*), backend headers (harness/backends/*)
and, for a benchmark, the files of its own folder. It may not include a
harness/src header, nor (a benchmark) another benchmark's files, nor (a
backend) a benchmark's. Prints one line per violation; exit 1 if any.
"""
import re
import sys
from pathlib import Path

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.MULTILINE)
SUFFIXES = {".cpp", ".h", ".cu", ".cuh", ".hpp"}


def resolve(root, source, quote, name):
    """The file of the tree an include names, or None (a system header)."""
    search = [root / "harness/backends", root / "harness/include", root / "harness/src",
              root / "benchmarks"]
    if quote == '"':
        search.insert(0, source.parent)
    for folder in search:
        candidate = (folder / name).resolve()
        if candidate.is_file():
            return candidate
    return None


def benchmark_folder(root, path):
    parts = path.relative_to(root / "benchmarks").parts
    return parts[:2] if len(parts) >= 3 else parts[:-1]


def violations(root):
    root = root.resolve()
    src, benchmarks, backends = root / "harness/src", root / "benchmarks", root / "harness/backends"
    files = [p for folder in (benchmarks, backends) for p in sorted(folder.rglob("*"))
             if p.suffix in SUFFIXES and p.is_file()]
    for source in files:
        for match in INCLUDE.finditer(source.read_text(errors="replace")):
            quote, name = match.groups()
            target = resolve(root, source, quote, name)
            if target is None:
                continue
            close = '"' if quote == '"' else ">"
            where = f"{source.relative_to(root)}: #include {quote}{name}{close}"
            if target.is_relative_to(src):
                yield f"{where}: a harness/src header (make it public in harness/include/accelbench or move it)"
            elif target.is_relative_to(benchmarks):
                if source.is_relative_to(backends):
                    yield f"{where}: a backend includes a benchmark's file"
                elif benchmark_folder(root, target) != benchmark_folder(root, source.resolve()):
                    yield f"{where}: another benchmark's file"


def main():
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2]
    found = list(violations(root))
    for line in found:
        print(line)
    if not found:
        print(f"ok   every include under benchmarks/ and harness/backends/ of {root} is allowed")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
