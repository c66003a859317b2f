"""`cisim measures` through the command line (SPEC §6, §11; measures.json of outputs.md).

Usage: cli_measures.py CASE CISIM SOURCE_DIR WORK_DIR   (run by tests/cli_measures.cmake)
Each CASE is one ctest test; it exits non-zero with a message when a check fails.
The star fixture's figures are worked out by hand in its "description".
"""
import json
import os
import shutil
import subprocess
import sys


def run(*args, expect=0):
    p = subprocess.run([CISIM, *args], capture_output=True, text=True, timeout=300, cwd=SOURCE)
    if p.returncode != expect:
        sys.exit(f"cisim {' '.join(args)}: exit {p.returncode}, expected {expect}\n"
                 f"stdout:\n{p.stdout}\nstderr:\n{p.stderr}")
    return p


def check(cond, what):
    if not cond:
        sys.exit("FAILED: " + what)


def close(a, b, tol=1e-9):
    return a is not None and abs(a - b) <= tol * max(1.0, abs(b))


def one_line_error(p, *fragments):
    lines = p.stderr.splitlines()
    check(len(lines) == 1 and p.stdout == "", f"one line on stderr, nothing on stdout: {p.stderr!r} {p.stdout!r}")
    for f in fragments:
        check(f in lines[0], f"{f!r} in {lines[0]!r}")


STAR = "tests/fixtures/measures-star-scenario.json"
HOSPITAL = "scenarios/osaka-hospital-2022-ransomware.json"


def ranking(scenario, *extra):
    return json.loads(run("measures", scenario, "--json", *extra).stdout)


def check_format(out):
    check(list(out) == ["baseline", "measures", "portfolio"], f"top-level keys {list(out)}")
    for key in ("grade", "rto_compliance", "inoperability_hours", "loss"):
        check(key in out["baseline"], f"baseline.{key}")
    for m in out["measures"]:
        for key in ("id", "name", "cost", "grade", "rto_compliance", "score_gain", "inoperability_hours_avoided",
                    "loss_avoided", "gain_per_cost", "loss_avoided_per_cost"):
            check(key in m, f"measures[].{key} in {m}")
        check(m["grade"] in ("A", "B", "C", "D"), "grade letter")
    for key in ("budget", "picked", "cost", "grade", "rto_compliance", "inoperability_hours", "loss"):
        check(key in out["portfolio"], f"portfolio.{key}")


def check_ranked(measures):
    """The documented order: free measures that help first, then gain per cost, then hours avoided per cost."""
    def key(m):
        free_help = m["cost"] == 0 and m["helps"]
        if free_help:
            return (0, -m["score_gain"], -m["inoperability_hours_avoided"])
        gpc = m["gain_per_cost"] if m["gain_per_cost"] is not None else 0.0
        ipc = m["inoperability_hours_avoided_per_cost"] if m["inoperability_hours_avoided_per_cost"] is not None else 0.0
        return (1, -gpc, -ipc)
    keys = [key(m) for m in measures]
    check(keys == sorted(keys), f"ranked by the documented key: {[m['id'] for m in measures]}")


def case_star_ranking():
    out = ranking(STAR)
    check_format(out)
    b = out["baseline"]
    check(b["grade"] == "D" and close(b["rto_compliance"], 1 / 3), f"baseline {b}")
    check(close(b["inoperability_hours"], 40) and close(b["loss"], 10), f"baseline {b}")
    ids = [m["id"] for m in out["measures"]]
    check(ids == ["c-buffer", "a-repair", "b-buffer", "d-buffer"], f"order {ids}")
    by_id = {m["id"]: m for m in out["measures"]}
    check(close(by_id["c-buffer"]["gain_per_cost"], 1 / 15), "c-buffer gain per cost")
    check(close(by_id["c-buffer"]["inoperability_hours_avoided"], 8), "c-buffer hours")
    check(by_id["a-repair"]["grade"] == "A" and close(by_id["a-repair"]["inoperability_hours_avoided"], 28),
          "a-repair: repair_scale shortens the outage of a and of its dependents")
    check(close(by_id["a-repair"]["loss_avoided"], 7), "a-repair loss avoided")
    check(close(by_id["d-buffer"]["score_gain"], 0) and close(by_id["d-buffer"]["loss_avoided_per_cost"], 10),
          "d-buffer: no compliance gain, 10 per cost")
    check_ranked(out["measures"])
    p = out["portfolio"]
    check(p["budget"] is None and p["picked"] == ["c-buffer", "b-buffer", "d-buffer", "a-repair"], f"portfolio {p}")
    check(close(p["cost"], 28) and close(p["inoperability_hours"], 3) and p["grade"] == "A", f"portfolio {p}")
    # The human table carries the same facts.
    text = run("measures", STAR).stdout
    for fragment in ("baseline: grade D", "rank", "c-buffer", "portfolio (budget unlimited): c-buffer, b-buffer, d-buffer, a-repair"):
        check(fragment in text, f"{fragment!r} in the table:\n{text}")


def case_star_budget():
    expected = {"0": [], "5": ["c-buffer"], "6": ["c-buffer", "d-buffer"],
                "17": ["c-buffer", "b-buffer", "d-buffer"]}
    baseline = None
    for budget, picked in expected.items():
        out = ranking(STAR, "--budget", budget)
        p = out["portfolio"]
        check(p["picked"] == picked, f"budget {budget}: picked {p['picked']}, expected {picked}")
        check(p["cost"] <= float(budget) and close(p["budget"], float(budget)), f"budget {budget}: cost {p['cost']}")
        # The ranking of single measures and the baseline do not depend on the budget.
        check([m["id"] for m in out["measures"]] == ["c-buffer", "a-repair", "b-buffer", "d-buffer"], "order")
        check(baseline is None or out["baseline"] == baseline, "baseline independent of the budget")
        baseline = out["baseline"]
    one_line_error(run("measures", STAR, "--budget", "-1", expect=2), "--budget")


def case_hospital():
    out = ranking(HOSPITAL)
    check_format(out)
    check(len(out["measures"]) >= 2, "the hospital scenario offers several measures")
    check_ranked(out["measures"])
    helpful = [m for m in out["measures"] if m["helps"]]
    check(helpful, "some measure helps")
    # Measures act through repair_scale on medical: each that helps avoids inoperability-hours.
    for m in helpful:
        check(m["inoperability_hours_avoided"] > 0 or m["score_gain"] > 0, f"{m['id']} helps")
    unlimited = out["portfolio"]
    check(set(unlimited["picked"]) == {m["id"] for m in helpful}, "unlimited budget takes every measure that helps")
    # The portfolio follows the budget: nothing at 0, only affordable measures in between.
    costs = sorted(m["cost"] for m in helpful)
    check(ranking(HOSPITAL, "--budget", "0")["portfolio"]["picked"] == [] or costs[0] == 0, "budget 0")
    small = ranking(HOSPITAL, "--budget", repr(costs[0]))["portfolio"]
    check(0 < len(small["picked"]) < len(unlimited["picked"]) or len(helpful) == 1, f"small budget {small}")
    check(small["cost"] <= costs[0], "small budget respected")
    check(small["inoperability_hours"] >= unlimited["inoperability_hours"], "more budget never scores worse")
    check(small["picked"] != unlimited["picked"], "the portfolio changes with the budget")


def case_out_dir():
    out_dir = os.path.join(WORK, "result")
    run("measures", STAR, "--out", out_dir, "--budget", "6")
    path = os.path.join(out_dir, "measures.json")
    with open(path, encoding="utf-8") as f:
        written = json.load(f)
    check_format(written)
    check(written["portfolio"]["picked"] == ["c-buffer", "d-buffer"], "written portfolio")
    check(written == ranking(STAR, "--budget", "6"), "--json prints what --out writes")
    before = os.stat(path).st_mtime_ns
    one_line_error(run("measures", STAR, "--out", out_dir, expect=2), "measures.json", "--force")
    check(os.stat(path).st_mtime_ns == before, "an existing measures.json is left alone")
    run("measures", STAR, "--out", out_dir, "--force")
    with open(path, encoding="utf-8") as f:
        check(json.load(f)["portfolio"]["budget"] is None, "--force overwrote it")
    check(sorted(os.listdir(out_dir)) == ["measures.json"], f"no temporary files: {os.listdir(out_dir)}")
    # An existing result directory (e.g. from cisim run) gets measures.json added.
    other = os.path.join(WORK, "existing")
    os.makedirs(other)
    with open(os.path.join(other, "summary.json"), "w", encoding="utf-8") as f:
        f.write("{}")
    run("measures", STAR, "--out", other)
    check(sorted(os.listdir(other)) == ["measures.json", "summary.json"], "added beside summary.json")


def case_errors():
    one_line_error(run("measures", "tests/fixtures/measures-none.json", expect=2),
                   "tests/fixtures/measures-none.json: /measures:", "no measures")
    one_line_error(run("measures", STAR, "--engine", "nope", expect=2), "--engine")
    one_line_error(run("measures", "tests/fixtures/no-such-scenario.json", expect=2), "no-such-scenario.json")
    # Nothing is written on bad input.
    out_dir = os.path.join(WORK, "never")
    run("measures", "tests/fixtures/measures-none.json", "--out", out_dir, expect=2)
    check(not os.path.exists(out_dir), "no directory on bad input")


if __name__ == "__main__":
    case, CISIM, SOURCE, WORK = sys.argv[1:5]
    WORK = os.path.abspath(WORK)
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    globals()["case_" + case.replace("-", "_")]()
