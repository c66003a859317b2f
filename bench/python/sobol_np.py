#!/usr/bin/python3
"""The Saltelli/Jansen estimate of sim/analysis/Sensitivity.cpp in NumPy, on the
outputs cisim's runs produced (bench/compare.sh, `cisim_workload sensitivity
--outputs Y.f64 --indices IDX.csv`): first-order S1 (Saltelli et al. 2010,
Table 2 (b), centred on the mean of A and B), total ST (Jansen), 95 %
bootstrap half-widths over the base rows (1.96 × sd of B resamples). Times the
estimate, and compares it with cisim's: the point estimates must agree to
rounding; the half-widths come from other resamples (NumPy's generator, not
cisim's mt19937_64), so they agree only within their own sampling error.

  sobol_np.py Y.f64 N K IDX.csv [--bootstrap 1000]   → one JSON line
"""
import argparse
import csv
import json
import sys
import time

import numpy as np


def indices(y, n, k, rows):
    """S1 and ST (k each) of one output column y ((k + 2) n runs: A, B, AB_1..AB_k)
    over base rows `rows` (an index array, or an (R, n) array of resamples: then (R, k) each)."""
    a, b, ab = y[:n][rows], y[n:2 * n][rows], y[2 * n:].reshape(k, n)[:, rows]
    mean = (a.sum(-1) + b.sum(-1)) / (2 * a.shape[-1])
    var = (((a - mean[..., None]) ** 2).sum(-1) + ((b - mean[..., None]) ** 2).sum(-1)) / (2 * a.shape[-1])
    safe = np.where(var > 0, var, 1.0)
    first = ((b - mean[..., None])[None] * (ab - a[None])).mean(-1) / safe  # (k, …)
    total = ((a[None] - ab) ** 2).mean(-1) / (2 * safe)
    zero = ~(var > 0)
    first[..., zero] = 0
    total[..., zero] = 0
    return first, total


def main():
    p = argparse.ArgumentParser()
    p.add_argument("y")
    p.add_argument("n", type=int)
    p.add_argument("k", type=int)
    p.add_argument("indices")
    p.add_argument("--bootstrap", type=int, default=1000)
    args = p.parse_args()
    n, k = args.n, args.k
    flat = np.fromfile(args.y, dtype="<f8")
    runs = (k + 2) * n
    if flat.size % runs:
        sys.exit(f"{args.y}: {flat.size} values is not a multiple of {runs} runs")
    y = flat.reshape(runs, flat.size // runs)
    theirs = {}
    with open(args.indices) as f:
        for r in csv.DictReader(f):
            theirs[(r["output"], int(r["parameter"]))] = [float(r[c]) for c in ("S1", "S1_conf", "ST", "ST_conf")]
    names = list(dict.fromkeys(o for o, _ in theirs))
    if len(names) != y.shape[1]:
        sys.exit(f"{args.indices}: {len(names)} outputs, the matrix has {y.shape[1]}")

    start = time.perf_counter()
    rng = np.random.default_rng(1)
    resamples = rng.integers(0, n, size=(args.bootstrap, n))
    mine = []
    chunk = 100  # resamples at a time: (k, chunk, n) arrays of some 16 MB
    for j in range(y.shape[1]):
        s1, st = indices(y[:, j], n, k, np.arange(n))
        parts = [indices(y[:, j], n, k, resamples[c:c + chunk]) for c in range(0, args.bootstrap, chunk)]
        b1 = np.concatenate([x[0] for x in parts], axis=-1)  # (k, B)
        bt = np.concatenate([x[1] for x in parts], axis=-1)
        mine.append((s1, 1.96 * b1.std(-1, ddof=1), st, 1.96 * bt.std(-1, ddof=1)))
    seconds = time.perf_counter() - start

    # Point estimates: to rounding. Half-widths: relative difference, where cisim's is at least 0.01.
    point, conf = 0.0, 0.0
    for j, name in enumerate(names):
        s1, c1, st, ct = mine[j]
        for i in range(k):
            t = theirs[(name, i)]
            point = max(point, abs(s1[i] - t[0]), abs(st[i] - t[2]))
            for ours, cisim in ((c1[i], t[1]), (ct[i], t[3])):
                if cisim >= 0.01:
                    conf = max(conf, abs(ours - cisim) / cisim)
    print(json.dumps({"workload": "sensitivity-numpy", "outputs": y.shape[1], "params": k, "samples": n,
                      "bootstrap": args.bootstrap, "estimate_s": round(seconds, 3),
                      "max_point_diff": float(f"{point:.3g}"), "max_conf_rel_diff": float(f"{conf:.3g}")}))


if __name__ == "__main__":
    main()
