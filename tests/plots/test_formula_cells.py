#!/usr/bin/python3
"""CSV cells that a spreadsheet would read as formulas: ids and names from a
model ("=HYPERLINK(...)", "-x", "@x", "+x") reach events.csv, timeseries.csv,
injects.csv, households.csv. cisim writes such text cells with a leading
single quote (OWASP); numbers stay numbers; plots/results.py strips the
quote, so the ids it reads still match the model's.
    test_formula_cells.py CISIM"""
import csv
import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import support  # noqa: F401
from support import SOURCE_DIR

from plots import results

CISIM = None
HYPERLINK = '=HYPERLINK("http://example.invalid/x")'
IDS = {"a": HYPERLINK, "b": "-x", "c": "@c"}
FORMULA_START = tuple("=+-@\t\r")


def rename(value):
    """The chain3 fixture with its sector ids replaced by hostile ones."""
    if isinstance(value, dict):
        return {k: (IDS.get(v, v) if k in ("id", "from", "to", "target") else rename(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [rename(v) for v in value]
    return value


def is_number(cell):
    try:
        float(cell)
        return True
    except ValueError:
        return False


class FormulaCells(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="cisim-formula-"))
        fixtures = SOURCE_DIR / "tests" / "fixtures"
        model = rename(json.loads((fixtures / "chain3.json").read_text()))
        model["sectors"][0]["name"] = "+SUM(A1:A9)"
        (cls.tmp / "chain3.json").write_text(json.dumps(model))
        scenario = rename(json.loads((fixtures / "scenario-chain3.json").read_text()))
        scenario["events"][0]["id"] = "-cmd"
        (cls.tmp / "scenario.json").write_text(json.dumps(scenario))
        cls.out = cls.tmp / "out"
        subprocess.run([CISIM, "run", str(cls.tmp / "scenario.json"), "--out", str(cls.out)], check=True,
                       stdout=subprocess.DEVNULL)

    def test_no_cell_starts_a_formula(self):
        checked = 0
        for name in ("events.csv", "timeseries.csv", "injects.csv"):
            with open(self.out / name, newline="", encoding="utf-8") as f:
                for row in csv.reader(f):
                    for cell in row:
                        checked += 1
                        self.assertFalse(cell.startswith(FORMULA_START) and not is_number(cell), (name, cell))
        self.assertGreater(checked, 100)

    def test_ids_are_quoted_and_numbers_are_not(self):
        with open(self.out / "timeseries.csv", newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))[1:]
        self.assertIn("'" + HYPERLINK, {r[2] for r in rows})
        self.assertIn("'-x", {r[2] for r in rows})
        with open(self.out / "events.csv", newline="", encoding="utf-8") as f:
            events = list(csv.DictReader(f))
        self.assertIn("'-cmd", {e["event"] for e in events})

    def test_plots_read_the_model_ids(self):
        res = results.load(self.out)
        self.assertEqual(set(res.sector_series), set(IDS.values()))
        self.assertTrue({e["id"] for e in res.events} <= set(IDS.values()), res.events)
        self.assertIn("-cmd", {e["event"] for e in res.events})
        self.assertTrue(res.injects)
        self.assertTrue({i["sector"] for i in res.injects} <= set(IDS.values()))


if __name__ == "__main__":
    CISIM = sys.argv.pop(1)
    unittest.main()
