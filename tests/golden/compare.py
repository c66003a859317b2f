#!/usr/bin/env python3
"""Compare a run's summary.json with its checked-in golden copy.

Numbers must agree within an absolute tolerance of 1e-4 (hours, shares) or a
relative one of 1e-6, whichever is larger; strings, booleans, nulls and list
lengths must match exactly. Input paths, hashes and the version are ignored:
they change without the predictions changing.
"""
import json
import sys

IGNORED = {"file", "sha256", "cisim"}
ABS_TOL, REL_TOL = 1e-4, 1e-6


def diff(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key in IGNORED:
                continue
            if key not in a or key not in b:
                out.append(f"{path}/{key}: present in only one of the two")
                continue
            diff(a[key], b[key], f"{path}/{key}", out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items vs {len(b)} expected")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f"{path}/{i}", out)
    elif isinstance(a, bool) or isinstance(b, bool) or not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
        if a != b:
            out.append(f"{path}: {a!r} vs {b!r} expected")
    elif abs(a - b) > max(ABS_TOL, REL_TOL * abs(b)):
        out.append(f"{path}: {a} vs {b} expected")


def main():
    if len(sys.argv) != 3:
        print("usage: compare.py ACTUAL_SUMMARY GOLDEN_SUMMARY", file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        actual = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        golden = json.load(f)
    problems = []
    diff(actual, golden, "", problems)
    for p in problems[:40]:
        print(p)
    if problems:
        print(f"{len(problems)} difference(s) from {sys.argv[2]}; if the change is intended, "
              "run tests/golden/update.sh and explain it in the commit")
        return 1
    print("matches", sys.argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
