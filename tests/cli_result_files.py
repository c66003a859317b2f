"""What a result directory keeps of its inputs and unit curves (issue 23):
the model's bytes as read (model.json, or model.graphml for GraphML input)
whose SHA-256 summary.json records, also for a model on stdin; and the unit
series forms of --unit-series.

Usage: cli_result_files.py CASE CISIM SOURCE_DIR WORK_DIR   (run by tests/cli_result_files.cmake)
"""
import csv
import hashlib
import os
import subprocess

import cli_support
from cli_support import check, read_bytes as data, read_json

CISIM = SOURCE = WORK = None  # set by cli_support.main()


def run(*args, expect=0, stdin=None):
    """Quiet, in bytes: the model's bytes go in on stdin."""
    return cli_support.run(*args, "-q", expect=expect, stdin=stdin, text=False)


def summary_model(out):
    return read_json(os.path.join(out, "summary.json"))["model"]


SCENARIO = "scenarios/faxai-2019-chiba.json"
MODEL = "models/chiba.json"


def case_model_copy():
    model = data(os.path.join(SOURCE, MODEL))
    for command, extra in (("run", []), ("mc", ["--samples", "2"])):
        out = os.path.join(WORK, command)
        run(command, SCENARIO, "--out", out, *extra)
        check(data(os.path.join(out, "model.json")) == model, f"{command}: model.json is the model's bytes")
        check(summary_model(out)["sha256"] == hashlib.sha256(model).hexdigest(), f"{command}: summary sha256")
        check(not os.path.exists(os.path.join(out, "model.graphml")), f"{command}: no model.graphml for JSON input")
    # On stdin: the bytes read, with a hash and a file name of <stdin>.
    out = os.path.join(WORK, "stdin")
    run("run", SCENARIO, "--model", "-", "--out", out, stdin=model)
    check(data(os.path.join(out, "model.json")) == model, "stdin: model.json is the bytes read")
    check(summary_model(out) == {**summary_model(os.path.join(WORK, "run")), "file": "<stdin>"}, "stdin: summary")
    # Bad input writes no directory at all.
    out = os.path.join(WORK, "bad")
    run("run", SCENARIO, "--model", "-", "--out", out, expect=2, stdin=b'{"schema": "cisim-model/1"')
    check(not os.path.exists(out), "bad input: no result directory")
    check(not [n for n in os.listdir(WORK) if n.startswith(".bad")], "bad input: no staging left")


def case_graphml():
    graphml = os.path.join(WORK, "chiba.graphml")
    run("convert", MODEL, graphml)
    for name, extra, stdin in (("file", [graphml], None), ("stdin", ["-"], data(graphml))):
        out = os.path.join(WORK, name)
        run("run", SCENARIO, "--model", *extra, "--out", out, stdin=stdin)
        check(data(os.path.join(out, "model.graphml")) == data(graphml), f"{name}: model.graphml is the bytes read")
        check(summary_model(out)["sha256"] == hashlib.sha256(data(graphml)).hexdigest(), f"{name}: summary sha256")
        # model.json beside it, for its readers: the canonical JSON of the same model.
        copy = read_json(os.path.join(out, "model.json"))
        original = read_json(os.path.join(SOURCE, MODEL))
        check([n["id"] for n in copy["nodes"]] == [n["id"] for n in original["nodes"]], f"{name}: model.json nodes")


def rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def case_unit_series():
    outs = {}
    for form in ("full", "changes", "auto"):
        outs[form] = os.path.join(WORK, form)
        run("run", SCENARIO, "--out", outs[form], "--unit-series", form)
    full = rows(os.path.join(outs["full"], "timeseries.csv"))
    # auto: a small model is written in full, byte for byte.
    check(data(os.path.join(outs["auto"], "timeseries.csv")) == data(os.path.join(outs["full"], "timeseries.csv")),
          "auto is full for a small model")
    check(not os.path.exists(os.path.join(outs["auto"], "unit_changes.csv")), "auto: no unit_changes.csv")
    sector_rows = [r for r in full if r[1] != "node"]
    check(rows(os.path.join(outs["changes"], "timeseries.csv")) == sector_rows, "changes: timeseries.csv = sector rows")
    changes = rows(os.path.join(outs["changes"], "unit_changes.csv"))
    check(changes[0] == ["t_h", "id", "operability"], "unit_changes.csv header")
    # Expanded (a unit keeps its value until its next row), the changes are the full node rows.
    times = list(dict.fromkeys(r[0] for r in full[1:]))
    units = list(dict.fromkeys(r[2] for r in full[1:] if r[1] == "node"))
    value, at, expanded = {}, {}, []
    for t, uid, v in changes[1:]:
        at.setdefault(t, []).append((uid, v))
    check(set(at) <= set(times) and len(at[times[0]]) == len(units), "changes: every unit at the first step")
    for t in times:
        value.update(at.get(t, []))
        expanded += [[t, "node", uid, value[uid]] for uid in units]
    check(expanded == [r for r in full[1:] if r[1] == "node"], "changes expanded = full node rows")
    check(len(changes) - 1 < len(expanded), "changes: fewer rows than the full form")
    p = subprocess.run([CISIM, "run", SCENARIO, "--unit-series", "sparse"], capture_output=True, text=True, cwd=SOURCE)
    check(p.returncode != 0 and "unit-series" in p.stderr, "an unknown form is refused")


if __name__ == "__main__":
    cli_support.main(globals(), in_source=True)
    print("ok")
