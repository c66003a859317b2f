#!/usr/bin/python3
"""Validation of the 2011 scenario against observed restoration curves.

Runs `cisim run scenarios/tohoku-2011.json`, reads timeseries.csv and
model.json of the result, and compares simulated outage shares with the
observed ones of docs/validation.md (figures and sources:
/work/shared/data/japan-reference.md, Tohoku Electric releases).

Checks (a regression guard on what docs/validation.md states, not a tuned
pass): each checkpoint either agrees with the observation within TOLERANCE,
or is a miss the document records, and then must stay within MISS_BAND of
the simulated value recorded there. Plus the battery lag: the base-station
outage peak comes at least the base-station battery time (3 h) after the
power-outage peak.

Usage: check_2011.py --cisim PATH --scenario PATH --out DIR [--markdown]
"""
import argparse
import csv
import json
import subprocess
import sys
from collections import defaultdict

TOLERANCE = 0.15   # absolute, on shares in [0, 1]
MISS_BAND = 0.05   # documented misses must stay this close to the recorded value
BATTERY_H = 3.0    # base-station battery (models/east-japan.json, pd-* -> bs-* buffer_h)

# t = 0 is 2011-03-11 14:46 JST.
# Power: households (contracts) out of Tohoku Electric's ~7.6 M (assumption, docs/validation.md).
POWER_CONTRACTS = 7.6e6
POWER = [  # label, t_h, observed households out, documented simulated share if a miss (else None)
    ("peak (3/11 evening)", None, 4.66e6, 0.474),
    ("3/12 night (21:00)", 30.2, 2.14e6, 0.465),
    ("3/13 night (21:00)", 54.2, 1.31e6, 0.383),
    ("3/15 22:00", 103.2, 614e3, None),
    ("3/20 20:00", 221.2, 244e3, None),
    ("4/7 (before the aftershock)", 621.2, 159e3, None),
]
# Docomo base stations still down, as a share of its peak (6,720): the station count in the area
# is not public in the reference figures, so the comparison is of the curve's shape.
DOCOMO_PEAK = 6720
BASE_STATIONS = [
    ("3/15", 93.2, 2470, None),
    ("3/18", 165.2, 1660, None),
    ("3/22", 261.2, 900, None),
    ("3/29", 429.2, 680, None),
    ("4/2", 525.2, 570, None),
]
# Water: households without water, as a share of the peak (2.57 M).
WATER_PEAK = 2.57e6
WATER = [
    ("3/17", 141.2, 1.6e6, None),
    ("3/31", 477.2, 300e3, 0.311),
    ("4/17", 885.2, 110e3, None),
]


def load(out):
    model = json.load(open(f"{out}/model.json"))
    nodes = {n["id"]: n for n in model["nodes"]}
    series = defaultdict(dict)
    with open(f"{out}/timeseries.csv") as f:
        for row in csv.DictReader(f):
            if row["level"] == "node":
                series[row["id"]][float(row["t_h"])] = float(row["operability"])
    times = sorted(next(iter(series.values())).keys())
    return nodes, series, times


def outage(nodes, series, times, cls, region_prefixes):
    """Capacity-weighted share out (1 − operability) of a class's nodes in the regions, per time."""
    ids = [i for i, n in nodes.items()
           if n.get("class") == cls and any(n.get("region", "").startswith(p) for p in region_prefixes)]
    cap = sum(nodes[i]["capacity"] for i in ids)
    return {t: sum(nodes[i]["capacity"] * (1 - series[i][t]) for i in ids) / cap for t in times}, cap


def at(curve, times, t):
    """Value at the last recorded step at or before t."""
    best = times[0]
    for x in times:
        if x <= t + 1e-9:
            best = x
    return curve[best]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cisim", required=True)
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--markdown", action="store_true", help="print the comparison tables of docs/validation.md")
    args = ap.parse_args()
    run = subprocess.run([args.cisim, "run", args.scenario, "--out", args.out, "--force"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if run.returncode != 0:
        print(run.stdout, run.stderr, sep="\n")
        print(f"FAIL: cisim run exited with {run.returncode}")
        return 1
    nodes, series, times = load(args.out)
    power, _ = outage(nodes, series, times, "power_distribution", ["tohoku-"])
    bs, _ = outage(nodes, series, times, "base_station", ["tohoku-"])
    water, water_cap = outage(nodes, series, times, "water_distribution", ["tohoku-", "kanto-"])

    failures = []
    rows = defaultdict(list)

    def check(table, label, sim, obs, documented):
        if documented is None:
            ok = abs(sim - obs) <= TOLERANCE + 1e-12
            verdict = "agrees" if ok else "FAIL"
        else:
            ok = abs(sim - documented) <= MISS_BAND + 1e-12
            verdict = f"documented miss ({documented:.2f})" if ok else "FAIL (documented miss moved)"
        rows[table].append((label, obs, sim, sim - obs, verdict))
        if not ok:
            failures.append(f"{table} {label}: simulated {sim:.3f}, observed {obs:.3f} ({verdict})")

    power_peak_t = max(times, key=lambda t: power[t])
    for label, t, households, documented in POWER:
        sim = power[power_peak_t] if t is None else at(power, times, t)
        check("power", label, sim, households / POWER_CONTRACTS, documented)

    # The base-station peak of the first days (the later tail is tsunami damage).
    early = [t for t in times if t <= 72]
    bs_peak_t = max(early, key=lambda t: bs[t])
    for label, t, down, documented in BASE_STATIONS:
        check("base stations", label, at(bs, times, t) / bs[bs_peak_t], down / DOCOMO_PEAK, documented)

    water_peak_t = max(early, key=lambda t: water[t])
    for label, t, households, documented in WATER:
        check("water", label, at(water, times, t) / water[water_peak_t], households / WATER_PEAK, documented)

    lag = bs_peak_t - power_peak_t
    lag_ok = lag >= BATTERY_H - 1e-9
    if not lag_ok:
        failures.append(f"base-station peak at {bs_peak_t} h lags the power peak at {power_peak_t} h by {lag} h < {BATTERY_H} h")

    print(f"power peak: {power[power_peak_t]:.3f} at T+{power_peak_t:g} h; base-station peak: {bs[bs_peak_t]:.3f} at T+{bs_peak_t:g} h "
          f"(lag {lag:g} h, battery {BATTERY_H:g} h: {'ok' if lag_ok else 'FAIL'}); "
          f"water peak: {water[water_peak_t]:.3f} of {water_cap:.0f} k households = {water[water_peak_t] * water_cap / 1000:.2f} M at T+{water_peak_t:g} h")
    for table, entries in rows.items():
        if args.markdown:
            print(f"\n| {table} | observed | simulated | difference | verdict |\n|---|---|---|---|---|")
            for label, obs, sim, diff, verdict in entries:
                print(f"| {label} | {obs:.3f} | {sim:.3f} | {diff:+.3f} | {verdict} |")
        else:
            for label, obs, sim, diff, verdict in entries:
                print(f"{table:14s} {label:30s} observed {obs:.3f} simulated {sim:.3f} ({diff:+.3f}) {verdict}")
    if failures:
        print("\n".join("FAIL: " + f for f in failures))
        return 1
    print("validation 2011: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
