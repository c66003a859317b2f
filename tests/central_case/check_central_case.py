#!/usr/bin/python3
"""The deterministic run is the central case of the Monte Carlo (SPEC §5.7;
docs/central-case.md): for each scenario, `cisim run` against `cisim mc`
(same engine, the scenario's seed, SAMPLES samples), per sector:

  band   the deterministic operability lies within the Monte Carlo P10-P90
         band (± 1e-6, the files' rounding) at >= BAND_SHARE of the time steps;
  ih     its inoperability-hours lie within IH_REL of the Monte Carlo median,
         or within IH_FLOOR inoperability-hours of it when that is larger: a
         sector the samples barely touch (median ~0) would otherwise fail on
         any hour at all. The floor is one hour of a full sector outage.

The deterministic run combines 32 stratified realisations (median curves,
engines/CentralEnsemble.hpp). A pointwise median need not have the median's
inoperability-hours when sectors fail in different places in different
samples: the sectors it misses are recorded below (KNOWN_MISSES), with why,
and must stay within their recorded bounds, so that a change that moves them
is seen (and docs/central-case.md updated). A recorded miss that starts to
pass fails too: remove it from the list.

Prints one row per sector (and the share of steps in band counting only the
steps where the band or the run is below 1, where the comparison is not
trivially met). Exit status 1 when a check fails, 2 when cisim fails."""
import argparse
import csv
import json
import subprocess
import sys
from pathlib import Path

TOLERANCE = 1e-6

# (scenario, sector) -> recorded miss: the deterministic IH must stay in [lo, hi]
# and the in-band share at or above band; see docs/central-case.md for why.
KNOWN_MISSES = {
    ("noto-2024", "telecom"): {"ih": (4.2, 5.6), "band": 0.90,
                               "why": "-26 % (1.7 h): at each hour the median lies above the curve of the median "
                                      "sample, as different areas fail in different samples; the samples' own "
                                      "pointwise median curve misses the same way (5.0 against 6.6)"},
}


def run(cmd):
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"FAILED ({done.returncode}): {' '.join(map(str, cmd))}\n{done.stderr}", file=sys.stderr)
        sys.exit(2)


def sector_curves(path, ids):
    """Sector operability by (id, t_h text) from timeseries.csv (sector rows only)."""
    curves = {}
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            if ",sector," not in line:
                continue
            t, _level, rest = line.rstrip("\n").split(",", 2)
            sid, value = rest.rsplit(",", 1)
            if sid in ids:
                curves[(sid, float(t))] = float(value)
    return curves


def check(cisim, scenario, out, samples, threads, band_share, ih_rel, ih_floor):
    name = Path(scenario).stem
    run([cisim, "run", scenario, "--out", out / name / "run", "--force"])
    run([cisim, "mc", scenario, "--samples", str(samples), "--threads", str(threads),
         "--out", out / name / "mc", "--force"])
    det = json.loads((out / name / "run" / "summary.json").read_text(encoding="utf-8"))
    mc = json.loads((out / name / "mc" / "summary.json").read_text(encoding="utf-8"))["monte_carlo"]
    ids = [s["id"] for s in det["sectors"]]
    curves = sector_curves(out / name / "run" / "timeseries.csv", set(ids))
    inside = {sid: [0, 0, 0, 0] for sid in ids}  # in band, steps, in band (active), active steps
    with open(out / name / "mc" / "mc_bands.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            sid = row["id"]
            if sid not in inside:
                continue
            v = curves[(sid, float(row["t_h"]))]
            p10, p90 = float(row["p10"]), float(row["p90"])
            ok = p10 - TOLERANCE <= v <= p90 + TOLERANCE
            active = min(v, p10) < 1 - TOLERANCE
            c = inside[sid]
            c[0] += ok
            c[1] += 1
            c[2] += ok and active
            c[3] += active
    median = {s["id"]: s["inoperability_hours"]["p50"] for s in mc["sectors"]}
    failures = []
    print(f"{name}: {samples} samples")
    print(f"  {'sector':14s} {'in band':>8s} {'(active)':>9s} {'IH det':>10s} {'IH P50':>10s} {'diff':>8s}  verdict")
    for s in det["sectors"]:
        sid = s["id"]
        n_in, n, a_in, a = inside[sid]
        share = n_in / n if n else 1.0
        active = f"{a_in / a:.3f}" if a else "-"
        ih, med = s["inoperability_hours"], median[sid]
        allowed = max(ih_rel * med, ih_floor)
        rel = f"{(ih - med) / med:+.1%}" if med > 0 else "-"
        problems = []
        if share < band_share:
            problems.append(f"in band at {share:.1%} of steps (< {band_share:.0%})")
        if abs(ih - med) > allowed:
            problems.append(f"IH {ih:.1f} vs median {med:.1f} (allowed ± {allowed:.1f})")
        miss = KNOWN_MISSES.get((name, sid))
        if miss is None:
            verdict = "ok" if not problems else "FAIL: " + "; ".join(problems)
            failures += [f"{name}: {sid}: {p}" for p in problems]
        elif not problems:
            verdict = "FAIL: a recorded miss now passes: remove it from KNOWN_MISSES"
            failures.append(f"{name}: {sid}: recorded miss passes")
        else:
            lo, hi = miss["ih"]
            moved = [] if lo <= ih <= hi else [f"IH {ih:.1f} left its recorded range [{lo}, {hi}]"]
            moved += [] if share >= miss["band"] else [f"in band {share:.1%} below the recorded {miss['band']:.0%}"]
            verdict = ("recorded miss (" + miss["why"] + ")") if not moved else "FAIL: " + "; ".join(moved)
            failures += [f"{name}: {sid}: {p}" for p in moved]
        print(f"  {sid:14s} {share:8.3f} {active:>9s} {ih:10.1f} {med:10.1f} {rel:>8s}  {verdict}")
    total, total_med = det["overall"]["inoperability_hours"], mc["overall"]["inoperability_hours"]["p50"]
    print(f"  {'all sectors':14s} {'':8s} {'':9s} {total:10.1f} {total_med:10.1f} {(total - total_med) / total_med:+8.1%}")
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cisim", required=True)
    ap.add_argument("--scenario", action="append", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--samples", type=int, default=200)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--band-share", type=float, default=0.90)
    ap.add_argument("--ih-rel", type=float, default=0.20)
    ap.add_argument("--ih-floor", type=float, default=1.0)
    a = ap.parse_args()
    out = Path(a.out)
    failures = []
    for scenario in a.scenario:
        failures += check(a.cisim, scenario, out, a.samples, a.threads, a.band_share, a.ih_rel, a.ih_floor)
    for f in failures:
        print("FAIL:", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
