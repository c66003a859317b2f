"""bench/python/cisim_py.py against `cisim run` on models/japan-ci.json: every
sector's curve equal to the 6 decimals of timeseries.csv (a step of 5e-7 is
rounding). japan-week: bench/scenarios/japan-week.json as compare.sh runs it
(telecom split into 16 classes, latest vintage). vintage-blackout: the same
week as of 2011 with a 30 % blackout everywhere from 10 h to 60 h, which
drains spread buffers of many sectors and cuts their classes.

Usage: bench_reference.py CASE CISIM SOURCE_DIR WORK_DIR   (run by tests/bench_reference.cmake)
"""
import csv
import os
import subprocess
import sys

import cli_support
from cli_support import check, read_json, run, write_json

CISIM = SOURCE = WORK = None  # set by cli_support.main()


def curves(path, column):
    with open(path, encoding="utf-8") as f:
        return {(float(r["t_h"]), r["id"]): float(r[column]) for r in csv.DictReader(f)
                if r.get("level", "sector") == "sector"}


def compare(scenario):
    out = os.path.join(WORK, "run")
    run("run", scenario, "--out", out, "--force", "--quiet")
    engine = curves(os.path.join(out, "timeseries.csv"), "operability")
    py = os.path.join(WORK, "python.csv")
    p = subprocess.run([sys.executable, os.path.join(SOURCE, "bench", "python", "cisim_py.py"), "cascade",
                        os.path.join(SOURCE, "models", "japan-ci.json"), scenario, "--curves", py],
                       capture_output=True, text=True, timeout=120)
    check(p.returncode == 0, f"cisim_py.py cascade: exit {p.returncode}\n{p.stderr}")
    ref = curves(py, "operability")
    check(engine.keys() == ref.keys(), "the same steps and sectors")
    worst = max(abs(engine[k] - ref[k]) for k in engine)
    check(worst <= 1e-6, f"sector curves within 1e-6 of cisim run: max |diff| = {worst:.3g}")
    check(min(engine.values()) < 0.9, "the scenario takes sectors down")
    return engine


def case_japan_week():
    compare(os.path.join(SOURCE, "bench", "scenarios", "japan-week.json"))


def case_vintage_blackout():
    s = read_json(os.path.join(SOURCE, "bench", "scenarios", "japan-week.json"))
    s["model"] = os.path.join(SOURCE, "models", "japan-ci.json")
    s["events"].append({"kind": "blackout", "region": "*", "start_h": 10, "severity": 0.3, "duration_h": 50,
                        "recovery": "linear", "recovery_h": 20})
    latest = compare(write_json(os.path.join(WORK, "latest.json"), s))
    s["as_of"] = 2011
    old = compare(write_json(os.path.join(WORK, "as-of-2011.json"), s))
    # The 2011 vintage (telecom batteries of 1-3 h) gives a different week.
    check(max(abs(old[k] - latest[k]) for k in old) > 0.1, "as_of 2011 differs from the latest vintage")


if __name__ == "__main__":
    cli_support.main(globals())
