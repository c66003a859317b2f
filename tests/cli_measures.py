"""`cisim measures` through the command line (SPEC §6, §11; measures.json of outputs.md).

Usage: cli_measures.py CASE CISIM SOURCE_DIR WORK_DIR   (run by tests/cli_measures.cmake)
Each CASE is one ctest test; it exits non-zero with a message when a check fails.
The star fixture's figures are worked out by hand in its "description".
"""
import json
import os

import cli_support
from cli_support import check, one_line_error, read_json, run, write_text

CISIM = SOURCE = WORK = None  # set by cli_support.main()


def close(a, b, tol=1e-9):
    return a is not None and abs(a - b) <= tol * max(1.0, abs(b))


STAR = "tests/fixtures/measures-star-scenario.json"
HOSPITAL = "scenarios/osaka-hospital-2022-ransomware.json"


def ranking(scenario, *extra):
    return json.loads(run("measures", scenario, "--json", *extra).stdout)


def check_format(out):
    check(list(out) == ["cost_unit", "baseline", "measures", "portfolio"], f"top-level keys {list(out)}")
    for key in ("grade", "rto_compliance", "inoperability_hours", "loss"):
        check(key in out["baseline"], f"baseline.{key}")
    for m in out["measures"]:
        for key in ("id", "name", "cost", "grade", "rto_compliance", "score_gain", "inoperability_hours_avoided",
                    "loss_avoided", "gain_per_cost", "loss_avoided_per_cost", "over_budget"):
            check(key in m, f"measures[].{key} in {m}")
        check(m["grade"] in ("A", "B", "C", "D"), "grade letter")
    for key in ("budget", "picked", "cost", "grade", "rto_compliance", "inoperability_hours", "loss", "search"):
        check(key in out["portfolio"], f"portfolio.{key}")
    search = out["portfolio"]["search"]
    check(search["method"] in ("exact", "greedy") and search["exact_limit"] >= 20, f"search {search}")
    for key in ("candidates", "combinations_simulated", "bound_violations"):
        check(isinstance(search[key], int) and search[key] >= 0, f"search.{key} in {search}")


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
    check(out["cost_unit"] == "JPY", "the scenario's cost unit")
    p = out["portfolio"]
    check(p["budget"] is None and p["picked"] == ["b-buffer", "c-buffer", "d-buffer", "a-repair"], f"portfolio {p}")
    check(close(p["cost"], 28) and close(p["inoperability_hours"], 3) and p["grade"] == "A", f"portfolio {p}")
    check(p["search"]["method"] == "exact" and p["search"]["candidates"] == 4, f"search {p['search']}")
    check(not any(m["over_budget"] for m in out["measures"]), "nothing is over an unlimited budget")
    # The human table carries the same facts, costs with their unit.
    text = run("measures", STAR).stdout
    for fragment in ("baseline: grade D", "rank", "c-buffer", "cost JPY", "compl/JPY", "portfolio (budget unlimited; exact search",
                     "): b-buffer, c-buffer, d-buffer, a-repair", "cost 28 JPY"):
        check(fragment in text, f"{fragment!r} in the table:\n{text}")


def case_star_budget():
    # 12 and 17: greedy per cost would take c-buffer first and do worse (the fixture's description).
    expected = {"0": [], "5": ["c-buffer"], "6": ["c-buffer", "d-buffer"], "12": ["a-repair"],
                "17": ["d-buffer", "a-repair"]}
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
        over = sorted(m["id"] for m in out["measures"] if m["over_budget"])
        check(over == sorted(m["id"] for m in out["measures"] if m["cost"] > float(budget)), f"over budget {over}")
    p17 = ranking(STAR, "--budget", "17")["portfolio"]
    check(p17["grade"] == "A" and close(p17["inoperability_hours"], 9) and close(p17["cost"], 13), f"budget 17 {p17}")
    text = run("measures", STAR, "--budget", "5").stdout
    lines = {line.split()[1]: line for line in text.splitlines() if line[:4].strip().isdigit()}
    check(lines["a-repair"].endswith("over budget") and lines["b-buffer"].endswith("over budget") and
          not lines["c-buffer"].endswith("over budget"), f"over budget marked in the table:\n{text}")
    check("portfolio (budget 5 JPY; exact search" in text, f"budget with its unit:\n{text}")
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
    check(out["cost_unit"] == "JPY", "the hospital's costs are in yen")


def case_osaka_budget():
    """The retainer has the best hours per yen, but the offline backups alone fit ¥50 M and avoid far more."""
    out = ranking(HOSPITAL, "--budget", "5e7")
    check_format(out)
    by_id = {m["id"]: m for m in out["measures"]}
    retainer, backups = by_id["ir-retainer"], by_id["offline-backups"]
    check(retainer["inoperability_hours_avoided_per_cost"] > backups["inoperability_hours_avoided_per_cost"],
          "the retainer avoids more hours per yen (greedy per cost would take it first)")
    check(backups["inoperability_hours_avoided"] > retainer["inoperability_hours_avoided"], "the backups avoid more")
    p = out["portfolio"]
    check(p["picked"] == ["offline-backups"], f"exact: the backups alone, not the retainer: {p['picked']}")
    check(close(p["cost"], 5e7) and close(p["inoperability_hours"], backups["inoperability_hours"]), f"portfolio {p}")
    check(p["search"]["method"] == "exact" and p["search"]["candidates"] == 2, f"search {p['search']}")
    check(p["search"]["combinations_simulated"] == 4 and p["search"]["bound_violations"] == 0, f"search {p['search']}")
    check(by_id["standby-emr"]["over_budget"] and not backups["over_budget"] and not retainer["over_budget"],
          "only the ¥300 M standby EMR is over the budget")
    text = run("measures", HOSPITAL, "--budget", "5e7").stdout
    for fragment in ("cost JPY", "portfolio (budget 5e+07 JPY; exact search, branch and bound: 4 combinations of 2 "
                     "affordable measures simulated): offline-backups", "cost 5e+07 JPY"):
        check(fragment in text, f"{fragment!r} in:\n{text}")
    emr = [line for line in text.splitlines() if " standby-emr " in line]
    check(len(emr) == 1 and emr[0].endswith("over budget"), f"standby-emr marked over budget: {emr}")


def case_out_dir():
    out_dir = os.path.join(WORK, "result")
    run("measures", STAR, "--out", out_dir, "--budget", "6")
    path = os.path.join(out_dir, "measures.json")
    written = read_json(path)
    check_format(written)
    check(written["portfolio"]["picked"] == ["c-buffer", "d-buffer"], "written portfolio")
    check(written == ranking(STAR, "--budget", "6"), "--json prints what --out writes")
    before = os.stat(path).st_mtime_ns
    one_line_error(run("measures", STAR, "--out", out_dir, expect=2), "measures.json", "--force")
    check(os.stat(path).st_mtime_ns == before, "an existing measures.json is left alone")
    run("measures", STAR, "--out", out_dir, "--force")
    check(read_json(path)["portfolio"]["budget"] is None, "--force overwrote it")
    check(sorted(os.listdir(out_dir)) == ["measures.json"], f"no temporary files: {os.listdir(out_dir)}")
    # An existing result directory (e.g. from cisim run) gets measures.json added.
    other = os.path.join(WORK, "existing")
    os.makedirs(other)
    write_text(os.path.join(other, "summary.json"), "{}")
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



def case_out_checked_first():
    """--out is tried before the ranking runs (which can take long): nothing is
    printed, the error names the directory. /proc refuses new entries even to root."""
    for out_dir, fragment in [("/proc/cisim-measures-test", "not writable"),
                              (os.path.join(WORK, "missing", "out"), "does not exist")]:
        p = run("measures", STAR, "--out", out_dir, expect=2)
        one_line_error(p, out_dir + ":", fragment)
    if os.geteuid() != 0:  # permission bits bind only non-root users
        locked = os.path.join(WORK, "locked")
        os.makedirs(locked, mode=0o555)
        one_line_error(run("measures", STAR, "--out", os.path.join(locked, "out"), expect=2), "not writable")
        existing = os.path.join(WORK, "existing-locked")
        os.makedirs(existing, mode=0o555)
        one_line_error(run("measures", STAR, "--out", existing, expect=2), "not writable")


def case_uncertain():
    """Under uncertainty (fixture description): S1->C strength s uniform 0-1; C (RTO 4 h) is down while
    its operability 1 - s is below 0.9. cap-s1 sets s = 0.05 (the measure wins over every draw): C never
    down, 0.5 h left; it raises compliance when s > 0.1 (P 0.9) and avoids 10 s - 0.5 h, so it helps when
    s > 0.05 (P 0.95), E[avoided] = 4.5, P10 = 0.5, P90 = 8.5."""
    unc = "tests/fixtures/measures-uncertain-scenario.json"
    out = ranking(unc, "--samples", "2000")
    check(out["uncertainty"] == {"samples": 2000, "seed": 1, "hazards": "central case",
                                 "inputs": ["/dependencies/0/strength", "/dependencies/1/strength"]},
          f"uncertainty {out['uncertainty']}")
    check([m["id"] for m in out["measures"]] == ["cap-s1", "cap-s2"], "ranked by expected gain")
    cap, useless = out["measures"]
    check(close(cap["inoperability_hours"], 10.5, 1e-6), f"the measure's strength wins over the draws: {cap}")
    check(abs(cap["score_gain"] - 0.9) < 0.03, f"expected compliance gain {cap['score_gain']}")
    check(abs(cap["inoperability_hours_avoided"] - 4.5) < 0.25, f"expected hours avoided {cap}")
    check(abs(cap["probability_helps"] - 0.95) < 0.02, f"P(helps) {cap['probability_helps']}")
    check(abs(cap["inoperability_hours_avoided_p10"] - 0.5) < 0.25, f"P10 {cap}")
    check(abs(cap["inoperability_hours_avoided_p90"] - 8.5) < 0.25, f"P90 {cap}")
    check(cap["score_gain_p90"] == 1.0, f"P90 of the compliance gain {cap}")
    check(useless["probability_helps"] == 0 and useless["inoperability_hours_avoided_p90"] == 0, f"cap-s2 {useless}")
    check(out["portfolio"]["picked"] == ["cap-s1"] and out["portfolio"]["rto_compliance"] == 1.0,
          f"portfolio {out['portfolio']}")
    # Common draws on any number of threads: the same file.
    one = run("measures", unc, "--samples", "2000", "--json").stdout
    check(run("measures", unc, "--samples", "2000", "--json", "--threads", "2").stdout == one, "--threads 2 differs")
    table = run("measures", unc, "--samples", "200").stdout
    check("under uncertainty" in table and "P(helps)" in table, f"table {table}")
    # --samples 0: the medians (s = 0.5), as without uncertain values.
    det = ranking(unc, "--samples", "0")
    check(list(det) == ["cost_unit", "baseline", "measures", "portfolio"], f"keys {list(det)}")
    check(det["baseline"]["rto_compliance"] == 0 and close(det["baseline"]["inoperability_hours"], 15, 1e-6),
          f"median baseline {det['baseline']}")


if __name__ == "__main__":
    cli_support.main(globals(), in_source=True, timeout=300)
