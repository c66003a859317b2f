"""`cisim injects` through the command line (SPEC §7, §11; injects.csv of outputs.md).

Usage: cli_injects.py CASE CISIM SOURCE_DIR WORK_DIR   (run by tests/cli_injects.cmake)
Each CASE is one ctest test; it exits non-zero with a message when a check fails.
"""
import csv
import io
import os
import re

import cli_support
from cli_support import check, one_line_error, read_text, run

CISIM = SOURCE = WORK = None  # set by cli_support.main()


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
    check(read_text(path) == run("injects", CHAIN).stdout, "the file holds what stdout would")
    one_line_error(run("injects", CHAIN, "--out", path, expect=2), "injects.csv")
    run("injects", CHAIN, "--out", path, "--force", "--format", "md")
    check(read_text(path).startswith("| Time |"), "--force overwrote it")
    check(sorted(os.listdir(WORK)) == ["injects.csv"], f"no temporary files: {os.listdir(WORK)}")


STRONG = "tests/fixtures/injects-kddi-strong-scenario.json"
TOKYO = "scenarios/tokyo-inland-m73.json"


def case_supply_returns():
    """Buffers that run dry at the instant telecom returns (t = 60) are no inject: those sectors never drop."""
    rows = rows_of(run("injects", STRONG).stdout)
    backups = [r for r in rows if "Backup for" in r["what"]]
    check(not [r for r in backups if r["t_h"] == "60"], f"no backup row at the return: {backups}")
    dropped = {r["sector"] for r in rows if "below" in r["what"] or "degraded" in r["what"]}
    for r in backups:
        check(r["sector"] in dropped, f"a backup row only for a sector that then drops: {r}")
    for sector in ("power", "water"):
        check(not [r for r in rows if r["sector"] == sector], f"{sector} never drops: no row")
    check([r for r in backups if r["sector"] == "finance" and r["t_h"] == "50"], f"finance's backup runs dry at 50: {backups}")
    check(not [r for r in rows if "supply supply" in r["what"]], "no doubled wording")
    # The engine does log those buffers at zero at 60 (events.csv), with no loss after.
    out = os.path.join(WORK, "run")
    run("run", STRONG, "--out", out)
    with open(os.path.join(out, "events.csv"), encoding="utf-8") as f:
        events = list(csv.DictReader(f))
    dry = [e for e in events if e["kind"] == "buffer_exhausted" and float(e["t_h"]) == 60]
    check({e["id"] for e in dry} >= {"power", "water"}, f"the engine logs the dry buffers at 60: {dry}")
    lost = [e for e in events if e["kind"] == "supply_lost" and float(e["t_h"]) == 60]
    check(not lost, f"no loss reaches them: {lost}")


def case_format_by_extension():
    md = os.path.join(WORK, "msel.md")
    run("injects", CHAIN, "--out", md)
    check(read_text(md) == run("injects", CHAIN, "--format", "md").stdout, ".md writes Markdown")
    plain = os.path.join(WORK, "msel.csv")
    run("injects", CHAIN, "--out", plain)
    check(read_text(plain) == run("injects", CHAIN).stdout, ".csv writes CSV")
    forced = os.path.join(WORK, "forced.md")
    run("injects", CHAIN, "--out", forced, "--format", "csv")
    check(read_text(forced).startswith("time,t_h,"), "--format wins over the extension")
    for name in ("msel.txt", "msel"):
        p = run("injects", CHAIN, "--out", os.path.join(WORK, name), expect=2)
        one_line_error(p, "--out", "--format")
        check(not os.path.exists(os.path.join(WORK, name)), f"nothing written for {name}")
    run("injects", CHAIN, "--out", os.path.join(WORK, "msel.txt"), "--format", "md")
    check(run("injects", CHAIN).stdout.startswith("time,t_h,"), "stdout stays CSV by default")


def case_node_cap():
    """--nodes keeps the earliest 200 asset rows and says on stderr how many it left out and how to get them."""
    few = ("--realisations", "4")  # the cap is the subject, not the central case (and 32 are slow under ASan)
    p = run("injects", TOKYO, "--nodes", *few)
    nodes = [r for r in rows_of(p.stdout) if r["node"]]
    check(len(nodes) == 200, f"capped at 200: {len(nodes)}")
    m = re.fullmatch(r"cisim injects: (\d+) asset rows left out after the earliest 200; "
                     r"--max-node-rows (\d+) lists them all\n", p.stderr)
    check(m is not None, f"stderr names the rows left out and the option: {p.stderr!r}")
    left, total = int(m.group(1)), int(m.group(2))
    check(left > 0 and total == 200 + left, f"{left} left out, {total} in all")
    p = run("injects", TOKYO, "--nodes", "--max-node-rows", str(total), *few)
    all_nodes = [r for r in rows_of(p.stdout) if r["node"]]
    check(len(all_nodes) == total and p.stderr == "", f"all {total} asset rows, nothing on stderr: {len(all_nodes)}")
    check(all_nodes[:200] == nodes, "the capped list is the earliest part of the full one")
    # cisim run caps the asset rows of its injects.csv the same way, and says so.
    p = run("run", TOKYO, "--out", os.path.join(WORK, "run"), *few)
    check(f"injects.csv: {left} asset rows left out after the earliest 200" in p.stderr and
          f"--max-node-rows {total}" in p.stderr, f"cisim run says what injects.csv left out: {p.stderr!r}")


def case_errors():
    one_line_error(run("injects", CHAIN, "--format", "xml", expect=2), "--format")
    one_line_error(run("injects", CHAIN, "--engine", "nope", expect=2), "--engine")
    one_line_error(run("injects", "tests/fixtures/no-such-scenario.json", expect=2), "no-such-scenario.json")
    missing_dir = os.path.join(WORK, "no", "such", "dir", "x.csv")
    one_line_error(run("injects", CHAIN, "--out", missing_dir, expect=2), "x.csv")


if __name__ == "__main__":
    cli_support.main(globals(), in_source=True, timeout=300)
