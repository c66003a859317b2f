#!/usr/bin/python3
"""Ground motion of the 2011 scenario against observed JMA intensities.

Puts one asset at each site of jma-2011-sites.csv (no dependencies, site
amplification 1.41: AVS30 = 400 m/s, Fujimoto & Midorikawa 2006, the firm-soil
factor NIED uses for Vs 600 -> 400 m/s), runs the earthquake events of
scenarios/tohoku-2011.json on it with `cisim run`, and reads the computed JMA
intensity per site and sub-source from hazard.csv. A site's computed intensity
is the highest over the sub-sources. Tolerance, fixed before the comparison:
the computed class within one JMA class of the observed one (classes 0, 1, 2,
3, 4, 5-, 5+, 6-, 6+, 7).

--markdown prints the table of docs/validation.md's last section; --check DOC
recomputes it and fails unless DOC holds exactly that table (between the
jma-sites markers), so the document cannot drift from the code.

Usage: jma_sites_2011.py --cisim PATH --scenario PATH --out DIR (--markdown | --check DOC)
"""
import argparse
import csv
import json
import os
import subprocess
import sys

CLASSES = ["0", "1", "2", "3", "4", "5-", "5+", "6-", "6+", "7"]
UPPER = [0.5, 1.5, 2.5, 3.5, 4.5, 5.0, 5.5, 6.0, 6.5]  # JMA class boundaries of the instrumental intensity
AMPLIFICATION = 1.41
TOLERANCE = 1  # classes
BEGIN, END = "<!-- jma-sites:begin -->", "<!-- jma-sites:end -->"


def jma_class(i):
    for k, upper in enumerate(UPPER):
        if i < upper:
            return CLASSES[k]
    return CLASSES[-1]


def read_sites(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def compute(cisim, scenario_path, sites, out):
    with open(scenario_path, encoding="utf-8") as f:
        scenario = json.load(f)
    quakes = [e for e in scenario["events"] if e["kind"] == "earthquake"]
    os.makedirs(out, exist_ok=True)
    model = {
        "schema": "cisim-model/1", "name": "JMA intensity sites of 2011", "time_unit": "h",
        "sectors": [{"id": "sites", "name": "Observation sites"}],
        "nodes": [{"id": s["site"], "sector": "sites", "class": "site", "region": "site",
                   "lat": float(s["lat"]), "lon": float(s["lon"]), "site_amplification": AMPLIFICATION}
                  for s in sites],
    }
    run = {"schema": "cisim-scenario/1", "name": "2011 mainshock sub-sources at the JMA sites",
           "model": "sites-model.json", "horizon_h": 1, "step_h": 1, "events": quakes}
    with open(os.path.join(out, "sites-model.json"), "w", encoding="utf-8") as f:
        json.dump(model, f)
    with open(os.path.join(out, "sites-scenario.json"), "w", encoding="utf-8") as f:
        json.dump(run, f)
    subprocess.run([cisim, "run", os.path.join(out, "sites-scenario.json"), "--out", os.path.join(out, "run"),
                    "--force"], check=True, stdout=subprocess.DEVNULL)
    best = {}
    with open(os.path.join(out, "run", "hazard.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(line for line in f if not line.startswith("#")):
            i = float(row["jma_intensity"])
            if row["id"] not in best or i > best[row["id"]][0]:
                best[row["id"]] = (i, row["event"])
    return best, len(quakes)


def table(sites, best):
    lines = ["| site | observed | computed intensity | computed class | classes off | within ±1 class |",
             "|---|---|---|---|---|---|"]
    hits, misses, offsets = 0, [], []
    for s in sites:
        i, _event = best[s["site"]]
        got = jma_class(i)
        off = CLASSES.index(got) - CLASSES.index(s["observed"])
        offsets.append(off)
        ok = abs(off) <= TOLERANCE
        hits += ok
        if not ok:
            misses.append(f"{s['name']} ({s['observed']} observed, {got} computed)")
        lines.append(f"| {s['name']} | {s['observed']} | {i:.2f} | {got} | {off:+d} | {'yes' if ok else '**no**'} |")
    lines.append("")
    lines.append(f"{hits} of {len(sites)} sites within one class; mean offset {sum(offsets) / len(offsets):+.2f} "
                 f"classes (negative: computed weaker than observed).")
    lines.append("Misses: " + ("; ".join(misses) if misses else "none") + ".")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cisim", required=True)
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--sites", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "jma-2011-sites.csv"))
    ap.add_argument("--out", required=True)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--markdown", action="store_true")
    mode.add_argument("--check")
    a = ap.parse_args()
    sites = read_sites(a.sites)
    best, quakes = compute(a.cisim, a.scenario, sites, a.out)
    if quakes == 0 or set(best) != {s["site"] for s in sites}:
        print("FAIL: the scenario's earthquakes do not reach every site", file=sys.stderr)
        return 1
    text = table(sites, best)
    if a.markdown:
        print(BEGIN + "\n" + text + "\n" + END)
        return 0
    with open(a.check, encoding="utf-8") as f:
        doc = f.read()
    if BEGIN not in doc or END not in doc:
        print(f"FAIL: {a.check} has no {BEGIN} ... {END} block", file=sys.stderr)
        return 1
    recorded = doc.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    if recorded != text:
        print(f"FAIL: the table in {a.check} differs from the recomputed one; regenerate it with --markdown:",
              file=sys.stderr)
        print(text, file=sys.stderr)
        return 1
    print(f"ok: {a.check} matches the recomputed intensities")
    return 0


if __name__ == "__main__":
    sys.exit(main())
