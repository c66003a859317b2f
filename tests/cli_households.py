"""Households and people without service through `cisim run` and `cisim mc`
on tests/fixtures/households.json (SPEC §3, §8), with values computed by hand:
sub-1 (1000 households, 2300 people) is out for t in [1, 5) at 1 h steps, so
power counts 1000 households for 4 h (4000 household-hours); power is then at
0.5 and water (500 households, 1200 people, half its function from power) at
0.75: 125 households and 300 people out for 4 h.

Usage: cli_households.py CASE CISIM SOURCE_DIR WORK_DIR   (run by tests/cli_households.cmake)
"""
import csv
import json
import os

import cli_support
from cli_support import check, fixture, one_line_error, read_json, read_text, run, write_json

CISIM = SOURCE = WORK = None  # set by cli_support.main()


def read(out, name):
    return read_text(os.path.join(out, name))


def sectors(out):
    summary = json.loads(read(out, "summary.json"))
    # An mc summary keeps the deterministic run's scores under deterministic_central_case.
    scores = summary.get("deterministic_central_case", summary)
    return {s["id"]: s for s in scores["sectors"]}


EXPECTED = {  # id -> (households peak, at, household-hours, people peak, at, person-hours)
    "power": (1000, 1, 4000, 2300, 1, 9200),
    "water": (125, 1, 500, 300, 1, 1200),
}
KEYS = ("households_out_peak", "households_out_peak_t_h", "household_hours",
        "population_out_peak", "population_out_peak_t_h", "person_hours")


def check_counts(out):
    by_id = sectors(out)
    for sid, values in EXPECTED.items():
        got = tuple(by_id[sid].get(k) for k in KEYS)
        check(got == values, f"{sid}: {dict(zip(KEYS, got))}, expected {dict(zip(KEYS, values))}")
    check(not any(k in by_id["finance"] for k in KEYS), "finance gives no households: no keys")
    rows = list(csv.reader(read(out, "households.csv").splitlines()))
    check(rows[0] == ["t_h", "sector", "households_out", "population_out"], f"header {rows[0]}")
    body = rows[1:]
    check(len(body) == 9 * 2, f"9 steps × 2 counted sectors, got {len(body)} rows")
    check(body[0] == ["0", "power", "0.000", "0.000"], f"first row {body[0]}")
    check(["1", "power", "1000.000", "2300.000"] in body, "power at T+1")
    check(["4", "water", "125.000", "300.000"] in body, "water at T+4")
    check(["5", "power", "0.000", "0.000"] in body, "power back at T+5")
    check(all(r[1] != "finance" for r in body), "finance not in households.csv")


def case_run():
    out = os.path.join(WORK, "run")
    run("run", fixture("households-scenario.json"), "--out", out)
    check_counts(out)
    # households.csv agrees with timeseries.csv: households × (1 − operability).
    ops = {(r["t_h"], r["id"]): float(r["operability"])
           for r in csv.DictReader(read(out, "timeseries.csv").splitlines())}
    for r in csv.DictReader(read(out, "households.csv").splitlines()):
        if r["sector"] == "water":
            check(abs(float(r["households_out"]) - 500 * (1 - ops[(r["t_h"], "water")])) < 1e-3, f"water {r}")
        else:
            by_nodes = 1000 * (1 - ops[(r["t_h"], "sub-1")]) + 3000 * (1 - ops[(r["t_h"], "sub-2")])
            check(abs(float(r["households_out"]) - by_nodes) < 1e-3, f"power {r}")
    # The model in the result directory keeps the figures.
    model = json.loads(read(out, "model.json"))
    check(model["sectors"][1]["households"] == 500 and model["nodes"][0]["population"] == 2300, "model.json")


def case_mc():
    out = os.path.join(WORK, "mc")
    run("mc", fixture("households-scenario.json"), "--samples", "20", "--out", out)
    check_counts(out)  # the deterministic central case's figures
    summary = json.loads(read(out, "summary.json"))
    check(summary["monte_carlo"]["households_basis"].startswith("deterministic_central_case.sectors[]: cisim run's central case"),
          "mc labels its basis")
    # The scenario has nothing uncertain: every sample peaks as the central case.
    by_id = {s["id"]: s for s in summary["monte_carlo"]["sectors"]}
    for sid, (households, _at, _hh, people, _at2, _ph) in EXPECTED.items():
        for key, value in (("households_out_peak", households), ("population_out_peak", people)):
            stats = by_id[sid].get(key)
            check(stats == {"mean": value, "sd": 0, "p10": value, "p50": value, "p90": value},
                  f"{sid} {key} over the samples: {stats}")
    check("households_out_peak" not in by_id["finance"], "finance: no peaks over the samples")


def case_none():
    out = os.path.join(WORK, "plain")
    run("run", fixture("scenario-chain3.json"), "--out", out)
    check(not os.path.exists(os.path.join(out, "households.csv")), "no households.csv without households")
    for s in sectors(out).values():
        check(not any(k in s for k in KEYS), f"{s['id']}: no households keys")


def case_bad_input():
    model = read_json(fixture("households.json"))
    model.pop("$schema")
    cases = [
        (("sectors", 1, "households", -5), "/sectors/1/households", "-5"),
        (("sectors", 1, "population", 12.5), "/sectors/1/population", "not a whole number"),
        (("nodes", 0, "households", "many"), "/nodes/0/households", ""),
        # validate lists every broken rule: both nodes of the sector.
        (("sectors", 0, "households", 4000), ("/nodes/0/households", "/nodes/1/households"),
         "give them on the sector or on its nodes"),
    ]
    for (array, index, key, value), pointer, message in cases:
        bad = json.loads(json.dumps(model))
        bad[array][index][key] = value
        path = write_json(os.path.join(WORK, "bad.json"), bad)
        pointers = pointer if isinstance(pointer, tuple) else (pointer,)
        p = run("validate", path, expect=2)
        lines = p.stderr.splitlines()
        check(len(lines) == len(pointers) and p.stdout == "", f"{len(pointers)} lines on stderr, nothing on stdout: {p.stderr!r}")
        for line, at in zip(lines, pointers):
            check(f"bad.json: {at}" in line and message in line, f"{at!r} and {message!r} in {line!r}")
    # A run on a bad model writes nothing.
    scenario = read_json(fixture("households-scenario.json"))
    scenario["model"] = "bad.json"
    write_json(os.path.join(WORK, "scenario.json"), scenario)
    one_line_error(run("run", os.path.join(WORK, "scenario.json"), "--out", os.path.join(WORK, "out"), expect=2))
    check(not os.path.exists(os.path.join(WORK, "out")), "nothing written")


def case_graphml():
    graphml = os.path.join(WORK, "households.graphml")
    back = os.path.join(WORK, "back.json")
    run("convert", fixture("households.json"), graphml)
    run("convert", graphml, back)
    model = read_json(back)
    check(model["sectors"][1].get("households") == 500 and model["sectors"][1].get("population") == 1200,
          "sector figures survive GraphML")
    check(model["nodes"][1].get("households") == 3000 and model["nodes"][1].get("population") == 6900,
          "node figures survive GraphML")
    out = os.path.join(WORK, "run")
    run("run", fixture("households-scenario.json"), "--model", graphml, "--out", out)
    check_counts(out)


if __name__ == "__main__":
    cli_support.main(globals())
