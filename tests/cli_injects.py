"""`cisim injects` through the command line (SPEC §7, §11; injects.csv of outputs.md).

Usage: cli_injects.py CASE CISIM SOURCE_DIR WORK_DIR   (run by tests/cli_injects.cmake)
Each CASE is one ctest test; it exits non-zero with a message when a check fails.
"""
import csv
import io
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


def one_line_error(p, *fragments):
    lines = p.stderr.splitlines()
    check(len(lines) == 1 and p.stdout == "", f"one line on stderr, nothing on stdout: {p.stderr!r} {p.stdout!r}")
    for f in fragments:
        check(f in lines[0], f"{f!r} in {lines[0]!r}")


HEADER = ["time", "t_h", "sector", "node", "what", "cause_chain", "recipients"]
CHAIN = "tests/fixtures/injects-chain-scenario.json"
KDDI = "scenarios/kddi-2022-mobile-core.json"


def rows_of(text):
    rows = list(csv.reader(io.StringIO(text)))
    check(rows and rows[0] == HEADER, f"header {rows[:1]}")
    out = [dict(zip(HEADER, r)) for r in rows[1:]]
    for r in out:
        check(len(r) == len(HEADER), f"row width {r}")
        t = float(r["t_h"])
        check(r["time"] == "T+%02d:%02d" % divmod(round(t * 60), 60), f"time {r['time']} for t_h {t}")
    times = [float(r["t_h"]) for r in out]
    check(times == sorted(times), "rows in time order")
    return out


def case_chain():
    rows = rows_of(run("injects", CHAIN).stdout)
    first = rows[0]
    check(first["t_h"] == "1" and first["sector"] == "power" and first["cause_chain"] == "grid-failure",
          f"the initiating event first: {first}")
    check("Control system failure" in first["what"], "event description")

    def row(sector, fragment):
        found = [r for r in rows if r["sector"] == sector and fragment in r["what"]]
        check(found, f"a {sector} row with {fragment!r}")
        return found[0]

    check(row("telecom", "Backup for Electric power supply exhausted")["time"] == "T+03:00", "telecom backup at 3")
    fin = row("finance", "Operability below 90 %")
    check(fin["time"] == "T+06:00", "finance below service at 6")
    check(fin["cause_chain"] == "finance <- telecom <- power <- grid-failure", f"chain {fin['cause_chain']}")
    check(fin["recipients"].split(";") == ["Finance operators", "FSA", "NCO (ex-NISC)"], f"recipients {fin['recipients']}")
    rto = row("finance", "RTO of 4 h breached")
    check(rto["time"] == "T+10:00" and rto["cause_chain"] == fin["cause_chain"], f"RTO row {rto}")
    check(not [r for r in rows if "MTPD" in r["what"] or "tolerable" in r["what"]], "MTPD of 8 h not breached")
    restored = [r["sector"] for r in rows if r["t_h"] == "11" and "Fully restored" in r["what"]]
    check(restored == ["power", "telecom", "finance"], f"same time: model order {restored}")
    check(run("injects", CHAIN).stdout == run("injects", CHAIN).stdout, "same input, same list")


def case_kddi():
    rows = rows_of(run("injects", KDDI).stdout)
    event = rows[0]
    check(event["sector"] == "telecom" and event["cause_chain"] == "kddi-volte-core", f"the outage first: {event}")
    start = float(event["t_h"])
    for sector in ("logistics", "finance", "government"):
        mine = [r for r in rows if r["sector"] == sector]
        check(mine, f"{sector} is listed")
        first = mine[0]
        check(float(first["t_h"]) >= start, f"{sector} after the outage starts")
        check(first["cause_chain"].endswith("telecom <- kddi-volte-core"),
              f"{sector} traced back to the telecom outage: {first['cause_chain']}")
        check(first["cause_chain"].startswith(sector + " <- "), f"{sector} chain starts at itself")
        players = first["recipients"].split(";")
        check(players[0].endswith(" operators") and players[-1] == "NCO (ex-NISC)", f"{sector} recipients {players}")
    regulators = {r["sector"]: r["recipients"].split(";")[1] for r in rows if r["sector"]}
    check(regulators.get("finance") == "FSA" and regulators.get("logistics") == "MLIT" and
          regulators.get("telecom") == "MIC", f"regulators {regulators}")
    check("Cabinet Secretariat" in [r for r in rows if r["sector"] == "government"][0]["recipients"], "government")


def case_markdown():
    text = run("injects", CHAIN, "--format", "md").stdout
    lines = text.splitlines()
    check(lines[0] == "| Time | Sector | Node | What happens | Cause chain | Recipients |", f"header {lines[0]}")
    check(lines[1] == "|---|---|---|---|---|---|", "separator")
    check(len(lines) == len(rows_of(run("injects", CHAIN).stdout)) + 2, "one line per inject")
    for line in lines:
        pipes = sum(1 for i, c in enumerate(line) if c == "|" and (i == 0 or line[i - 1] != "\\"))
        check(pipes == 7, f"seven cell borders: {line}")
    check("| T+06:00 | Finance |" in text and "finance ← telecom ← power ← grid-failure" in text, "finance row")


def case_out_file():
    path = os.path.join(WORK, "injects.csv")
    check(run("injects", CHAIN, "--out", path).stdout == "", "nothing on stdout with --out")
    with open(path, encoding="utf-8") as f:
        written = f.read()
    check(written == run("injects", CHAIN).stdout, "the file holds what stdout would")
    one_line_error(run("injects", CHAIN, "--out", path, expect=2), "injects.csv")
    run("injects", CHAIN, "--out", path, "--force", "--format", "md")
    with open(path, encoding="utf-8") as f:
        check(f.read().startswith("| Time |"), "--force overwrote it")
    check(sorted(os.listdir(WORK)) == ["injects.csv"], f"no temporary files: {os.listdir(WORK)}")


def case_errors():
    one_line_error(run("injects", CHAIN, "--format", "xml", expect=2), "--format")
    one_line_error(run("injects", CHAIN, "--engine", "nope", expect=2), "--engine")
    one_line_error(run("injects", "tests/fixtures/no-such-scenario.json", expect=2), "no-such-scenario.json")
    missing_dir = os.path.join(WORK, "no", "such", "dir", "x.csv")
    one_line_error(run("injects", CHAIN, "--out", missing_dir, expect=2), "x.csv")


if __name__ == "__main__":
    case, CISIM, SOURCE, WORK = sys.argv[1:5]
    WORK = os.path.abspath(WORK)
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    globals()["case_" + case.replace("-", "_")]()
