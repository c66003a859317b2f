#!/usr/bin/python3
"""Validation on three events, compared on levels (docs/validation.md).

Runs `cisim run` on scenarios/tohoku-2011.json, faxai-2019-chiba.json and
noto-2024.json, turns each run's node operability into the levels the
observations report (households, contracts, facilities, shares of a stated
denominator) and peak times, and compares them with the checkpoints fixed in
docs/validation.md before the first run: a level agrees within a factor of 2, a
time within 12 h. Unscored checkpoints are shown with their reason.

  --write   regenerate the results tables of docs/validation.md (between the
            `<!-- results:NAME begin/end -->` markers)
  --check   fail if the tables in docs/validation.md differ from this run's
            (a guard against drift, not a pass/fail on the misses)
  (neither) print the tables

Usage: validate_events.py --cisim PATH --out DIR [--root DIR] [--write | --check]
"""
import argparse
import csv
import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

LEVEL_FACTOR = 2.0   # a level agrees when 1/2 <= simulated / observed <= 2
TIME_TOL_H = 12.0    # a time agrees within 12 h (of a point or of a window)


# ---------------------------------------------------------------- run and read

class Run:
    """One scenario's run: node operability over time, and the model's node fields."""

    def __init__(self, cisim, root, scenario, out):
        scen_path = Path(root) / "scenarios" / scenario
        proc = subprocess.run([cisim, "run", str(scen_path), "--out", str(out), "--force"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"cisim run {scenario} exited with {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
        scen = json.loads(scen_path.read_text())
        model = json.loads((scen_path.parent / scen["model"]).resolve().read_text())
        self.nodes = {n["id"]: n for n in model.get("nodes", [])}
        op, sector_op = defaultdict(dict), defaultdict(dict)
        with open(Path(out) / "timeseries.csv") as f:
            for row in csv.DictReader(f):
                (op if row["level"] == "node" else sector_op)[row["id"]][float(row["t_h"])] = float(row["operability"])
        self.op, self.sector_op = op, sector_op
        self.times = sorted(next(iter(sector_op.values())).keys())
        # The levels here count households as cisim's own households output does
        # (households × (1 − operability) per unit): the two must agree at the peak.
        for s in json.loads((Path(out) / "summary.json").read_text()).get("sectors", []):
            ids = [i for i, n in self.nodes.items() if n["sector"] == s["id"] and "households" in n]
            if "households_out_peak" in s and ids:
                mine = max(self.curve({i: self.nodes[i]["households"] for i in ids}).values())
                if abs(mine - s["households_out_peak"]) > 1.0:
                    raise RuntimeError(f"{scenario}: {s['id']}: households out peak {mine:.0f} here, "
                                       f"{s['households_out_peak']:.0f} in cisim's summary.json")

    def select(self, cls, regions=("",), ids=None):
        return [i for i, n in self.nodes.items()
                if (ids is None or i in ids) and n["class"] == cls
                and any(n.get("region", "").startswith(r) for r in regions)]

    def households(self, i):
        n = self.nodes[i]
        return n["households"] if "households" in n else n["capacity"] * 1000.0

    def curve(self, weights):
        """Σ weight × (1 − operability) over the given {node: weight}, per time."""
        return {t: sum(w * (1.0 - self.op[i][t]) for i, w in weights.items()) for t in self.times}

    def households_out(self, cls, regions=("",), ids=None):
        return self.curve({i: self.households(i) for i in self.select(cls, regions, ids)})

    def facilities_out(self, cls, regions=("",), ids=None):
        return self.curve({i: self.nodes[i].get("facilities", 1) for i in self.select(cls, regions, ids)})

    def share_out(self, cls, regions=("",), ids=None):
        sel = self.select(cls, regions, ids)
        total = sum(self.households(i) for i in sel)
        return self.curve({i: self.households(i) / total for i in sel})


def at(curve, t):
    """Value at the last step at or before t."""
    keys = [x for x in curve if x <= t + 1e-9]
    return curve[max(keys)]


def peak(curve, until=None):
    """(value, first time of the maximum) over t <= until."""
    ts = [t for t in sorted(curve) if until is None or t <= until + 1e-9]
    best = max(curve[t] for t in ts)
    return best, next(t for t in ts if curve[t] >= best - 1e-12)


def first_reaching(curve, level):
    return next((t for t in sorted(curve) if curve[t] >= level - 1e-12), None)


# ---------------------------------------------------------------- checkpoints

def fmt_level(v, kind):
    if kind == "share":
        return f"{v:.3f}"
    if abs(v) >= 1e6:
        return f"{v / 1e6:.2f} M"
    return f"{v:,.0f}"


def level(cid, what, when, observed, simulated, kind="count", scored=True, reason=""):
    ratio = simulated / observed if observed else float("inf")
    if not scored:
        verdict = f"not scored ({reason})"
    else:
        verdict = "agrees" if 1 / LEVEL_FACTOR - 1e-12 <= ratio <= LEVEL_FACTOR + 1e-12 else "**miss**"
    return {"id": cid, "what": what, "when": when, "obs": fmt_level(observed, kind),
            "sim": fmt_level(simulated, kind), "cmp": f"×{ratio:.2f}", "verdict": verdict, "scored": scored,
            "agrees": scored and verdict == "agrees"}


def timing(cid, what, window, simulated, scored=True, reason="", obs_text=None):
    lo, hi = window
    if simulated is None:
        dist, sim_text = float("inf"), "never"
    else:
        dist, sim_text = max(lo - simulated, 0.0, simulated - hi), f"T+{simulated:g} h"
    if not scored:
        verdict = f"not scored ({reason})"
    else:
        verdict = "agrees" if dist <= TIME_TOL_H + 1e-9 else "**miss**"
    obs = obs_text or (f"T+{lo:g} h" if lo == hi else f"T+{lo:g}–{hi:g} h")
    off = "—" if simulated is None else ("0 h" if dist == 0 else f"{dist:+.1f} h".replace("+", "") + (" late" if simulated > hi else " early"))
    return {"id": cid, "what": what, "when": "", "obs": obs, "sim": sim_text, "cmp": off, "verdict": verdict,
            "scored": scored, "agrees": scored and verdict == "agrees"}


def tohoku(run):
    """2011: t = 0 is 2011-03-11 14:46."""
    contracts = 7.6e6                 # assumption, see docs/validation.md
    docomo_stations, japan_households = 60000, 51.95e6
    power = run.share_out("power_distribution", ("tohoku-",))
    bs = run.households_out("base_station", ("tohoku-", "kanto-"))
    docomo = {t: v * docomo_stations / japan_households for t, v in bs.items()}
    water = run.households_out("water_distribution", ("tohoku-", "kanto-"))
    p_peak, p_peak_t = peak(power)
    b_peak, b_peak_t = peak(docomo, 72)
    w_peak, w_peak_t = peak(water, 72)
    tsunami = "tsunami repair time from 2011 figures"
    rows = [
        level("T-P1", "contracts without power, peak", f"T+{p_peak_t:g} h", 4.66e6, p_peak * contracts,
              scored=False, reason="denominator chosen from it"),
        level("T-P2", "contracts without power", "3/12 21:00", 2.14e6, at(power, 30.2) * contracts),
        level("T-P3", "contracts without power", "3/13 21:00", 1.31e6, at(power, 54.2) * contracts),
        level("T-P4", "contracts without power", "3/15 22:00", 614e3, at(power, 103.2) * contracts),
        level("T-P5", "contracts without power", "3/20 20:00", 244e3, at(power, 221.2) * contracts),
        level("T-P6", "contracts without power", "4/7 12:00", 159e3, at(power, 621.2) * contracts, scored=False, reason=tsunami),
        level("T-B1", "Docomo stations down, peak (first 72 h)", f"T+{b_peak_t:g} h", 6720, b_peak),
        timing("T-B2", "time of the base-station peak", (9.2, 33.2), b_peak_t, obs_text="3/12 (T+9.2–33.2 h)"),
        level("T-B3", "Docomo stations down", "3/15 12:00", 2470, at(docomo, 93.2)),
        level("T-B4", "Docomo stations down", "3/18 12:00", 1660, at(docomo, 165.2)),
        level("T-B5", "Docomo stations down", "3/22 12:00", 900, at(docomo, 261.2)),
        level("T-B6", "Docomo stations down", "3/29 12:00", 680, at(docomo, 429.2), scored=False, reason=tsunami),
        level("T-B7", "Docomo stations down", "4/2 12:00", 570, at(docomo, 525.2), scored=False, reason=tsunami),
        level("T-W1", "households without water, peak (first 72 h)", f"T+{w_peak_t:g} h", 2.57e6, w_peak),
        level("T-W2", "households without water", "3/17 12:00", 1.6e6, at(water, 141.2)),
        level("T-W3", "households without water", "3/31 12:00", 300e3, at(water, 477.2), scored=False, reason=tsunami),
        level("T-W4", "households without water", "4/17 12:00", 110e3, at(water, 885.2), scored=False, reason=tsunami),
    ]
    notes = [f"Power peak {p_peak:.3f} of Tohoku's households at T+{p_peak_t:g} h; "
             f"base-station peak at T+{b_peak_t:g} h; water peak at T+{w_peak_t:g} h."]
    return rows, notes


def faxai(run, sector_run):
    """2019: t = 0 is 2019-09-09 05:00; sector_run is the same blackout on japan-ci.json."""
    buildings = run.facilities_out("telecom_office")
    n_buildings = sum(run.nodes[i].get("facilities", 1) for i in run.select("telecom_office"))
    stations = run.facilities_out("base_station")
    water = run.households_out("water_distribution")
    hospitals = run.curve({i: 1.0 / len(run.select("hospital")) for i in run.select("hospital")})
    n_peak, n_peak_t = peak(buildings)
    s_peak, s_peak_t = peak(stations)
    w_peak, w_peak_t = peak(water)
    rows = [
        level("F-N1", "NTT East buildings down, peak", f"T+{n_peak_t:g} h", 67, n_peak),
        timing("F-N2", "time of that peak", (50, 50), n_peak_t, obs_text="9/11 07:00 (T+50 h)"),
        timing("F-N3", f"onset: ≥ 5 % of the {n_buildings:g} buildings down", (24, 24),
               first_reaching(buildings, 0.05 * n_buildings), obs_text="~1 day (T+24 h)"),
        timing("F-B1", "time of the base-station peak", (19, 50), s_peak_t, obs_text="9/10 00:00 – 9/11 07:00"),
        level("F-B2", "base stations down, peak", f"T+{s_peak_t:g} h", 2846, s_peak, scored=False, reason="no denominator"),
        level("F-W1", "households without water, peak", f"T+{w_peak_t:g} h", 133000, w_peak),
        level("F-W2", "households without water", "9/10 00:00", 89000, at(water, 19)),
        level("F-W3", "households without water", "9/10 16:00", 84000, at(water, 35)),
        level("F-W4", "households without water", "9/11 15:00", 20600, at(water, 58)),
        level("F-W5", "households without water", "9/12 20:00", 29349, at(water, 87)),
        level("F-W6", "households without water", "9/14 15:00", 24000, at(water, 130)),
        level("F-W7", "households without water", "9/17 15:00", 10078, at(water, 202)),
        level("F-W8", "households without water", "9/19 08:00", 5000, at(water, 243)),
        level("F-H1", "hospitals, share of function lost (obs.: dialysis centres unable, 9 of 87)", "9/12 08:00",
              9 / 87, at(hospitals, 75), kind="share"),
    ]
    japan_households = 55704949  # 2020 census (e-Stat), docs/validation.md
    s_water = {t: japan_households * (1.0 - sector_run.sector_op["water"][t]) for t in sector_run.times}
    sw_peak, sw_peak_t = peak(s_water)
    rows += [
        level("F-S1", "sector-level model: households without water, peak", f"T+{sw_peak_t:g} h", 133000, sw_peak),
        level("F-S2", "sector-level model: households without water", "9/11 15:00", 20600, at(s_water, 58)),
    ]
    notes = [f"Buildings down peak {n_peak:.0f} at T+{n_peak_t:g} h; stations down peak {s_peak:.0f} "
             f"(of {sum(run.nodes[i].get('facilities', 1) for i in run.select('base_station')):g}, representative) "
             f"at T+{s_peak_t:g} h; water peak {w_peak:,.0f} at T+{w_peak_t:g} h."]
    return rows, notes


def noto(run):
    """2024: t = 0 is 2024-01-01 16:10."""
    hokuriku = ("ishikawa-", "toyama-")
    power = run.households_out("power_distribution", hokuriku)
    wajima = run.share_out("power_distribution", ids={"pd-wajima"})
    suzu = run.share_out("power_distribution", ids={"pd-suzu"})
    water_all = run.households_out("water_distribution")
    water_it = run.households_out("water_distribution", hokuriku)
    water_i = run.households_out("water_distribution", ("ishikawa-",))
    stations = run.facilities_out("base_station")
    p_peak, p_peak_t = peak(power)
    w_peak, w_peak_t = peak(water_all)
    s_peak, s_peak_t = peak(stations)
    shape = "shape, not a level"
    rows = [
        level("N-P1", "households without power (Ishikawa + Toyama), peak", f"T+{p_peak_t:g} h", 40000, p_peak),
        level("N-P2", "households without power", "1/2 07:00", 33000, at(power, 14.8)),
        level("N-P3", "households without power", "1/6 06:30", 24000, at(power, 110.3)),
        level("N-P4", "households without power", "1/10 16:30", 14500, at(power, 216.3)),
        level("N-P5", "households without power", "1/23 12:00", 5100, at(power, 523.8)),
        level("N-P6", "households without power", "1/31 12:00", 2500, at(power, 715.8)),
        level("N-P7", "households without power", "2/22 12:00", 800, at(power, 1243.8)),
        level("N-P8", "share of Wajima's households without power", "1/1 19:10", 0.83, at(wajima, 3), kind="share"),
        level("N-P9", "share of Suzu's households without power", "1/1 19:10", 0.88, at(suzu, 3), kind="share"),
        level("N-P10", "share of Wajima's households without power", "1/28 12:00", 0.13, at(wajima, 643.8), kind="share"),
        level("N-P11", "share of Suzu's households without power", "1/28 12:00", 0.17, at(suzu, 643.8), kind="share"),
        level("N-W1", "households without water, peak", f"T+{w_peak_t:g} h", 136740, w_peak),
        level("N-W2", "households without water (3 prefectures)", "1/3 12:00", 132881, at(water_all, 43.8)),
        level("N-W3", "households without water (3 prefectures)", "1/5 12:00", 76379, at(water_all, 91.8)),
        level("N-W4", "households without water (Ishikawa + Toyama)", "1/14 12:00", 56000, at(water_it, 307.8)),
        level("N-W5", "households without water (Ishikawa)", "1/31 12:00", 40890, at(water_i, 715.8)),
        level("N-W6", "households without water (Ishikawa)", "2/7 14:00", 37500, at(water_i, 885.8)),
        level("N-W7", "households without water (Ishikawa)", "4/5 12:00", 7000, at(water_i, 2251.8)),
        level("N-W8", "households without water (Ishikawa)", "5/31 17:00", 1821, at(water_i, 3624.8)),
        timing("N-B1", "time of the base-station peak", (39.3, 39.3), s_peak_t, obs_text="1/3 07:30 (T+39.3 h)"),
        level("N-B2", "base stations down / own peak", "1/6 14:30", 603 / 839, at(stations, 118.3) / s_peak,
              kind="share", scored=False, reason=shape),
        level("N-B3", "base stations down / own peak", "1/31 12:00", 122 / 839, at(stations, 715.8) / s_peak,
              kind="share", scored=False, reason=shape),
    ]
    notes = [f"Power peak {p_peak:,.0f} households at T+{p_peak_t:g} h; water peak {w_peak:,.0f} at T+{w_peak_t:g} h; "
             f"stations down peak {s_peak:.0f} (of {sum(run.nodes[i].get('facilities', 1) for i in run.select('base_station')):g}, representative) "
             f"at T+{s_peak_t:g} h."]
    return rows, notes


EVENTS = [  # name, scenarios (each run is passed to the measure), title, measure
    ("tohoku-2011", ["tohoku-2011.json"], "2011 Great East Japan Earthquake", tohoku),
    ("faxai-2019", ["faxai-2019-chiba.json", "faxai-2019-chiba-sector.json"], "2019 Typhoon Faxai, Chiba", faxai),
    ("noto-2024", ["noto-2024.json"], "2024 Noto Peninsula earthquake", noto),
]


def table(rows, notes):
    out = ["| id | quantity | time | observed | simulated | simulated / observed or off by | verdict |",
           "|---|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r['id']} | {r['what']} | {r['when']} | {r['obs']} | {r['sim']} | {r['cmp']} | {r['verdict']} |")
    scored = [r for r in rows if r["scored"]]
    out.append("")
    out.append(f"Score: **{sum(r['agrees'] for r in scored)} of {len(scored)}** scored checkpoints agree. " + " ".join(notes))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cisim", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--root", default=str(Path(__file__).resolve().parents[2]))
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    args = ap.parse_args()

    blocks, score_rows = {}, []
    for name, scenarios, title, measure in EVENTS:
        runs = [Run(args.cisim, args.root, sc, Path(args.out) / Path(sc).stem) for sc in scenarios]
        rows, notes = measure(*runs)
        blocks[name] = table(rows, notes)
        scored = [r for r in rows if r["scored"]]
        score_rows.append(f"| {title} | {sum(r['agrees'] for r in scored)} | {len(scored)} | "
                          f"{', '.join(r['id'] for r in scored if not r['agrees']) or '—'} |")
    blocks["score"] = "\n".join(["| event | agree | scored | misses |", "|---|---|---|---|"] + score_rows)

    doc_path = Path(args.root) / "docs" / "validation.md"
    doc = doc_path.read_text()
    new = doc
    for name, text in blocks.items():
        pattern = re.compile(rf"(<!-- results:{re.escape(name)} begin -->\n).*?(\n<!-- results:{re.escape(name)} end -->)", re.S)
        if not pattern.search(new):
            print(f"FAIL: {doc_path}: no results markers for {name}")
            return 1
        new = pattern.sub(lambda m: m.group(1) + text + m.group(2), new)
    if args.write:
        doc_path.write_text(new)
        print(f"{doc_path}: tables regenerated")
    elif args.check:
        if new != doc:
            import difflib
            sys.stdout.writelines(difflib.unified_diff(doc.splitlines(True), new.splitlines(True), "recorded", "this run"))
            print("FAIL: the figures in docs/validation.md drift from this run; regenerate with --write and explain the change")
            return 1
        print("validation: docs/validation.md matches this run")
    else:
        for name, text in blocks.items():
            print(f"## {name}\n{text}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
