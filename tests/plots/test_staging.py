#!/usr/bin/python3
"""Figures and report.html are written as one set: a failure while drawing
leaves the previous set (or none) untouched and nothing half-written; staging
directories of killed plot runs are removed by the next one."""
import os
import shutil
import subprocess
import sys
import unittest
from pathlib import Path
from unittest import mock

import support  # noqa: F401  (puts the source tree on sys.path)
from support import RUN_FIGURES, copy_fixture

import plots
from plots import report


def failing_heatmap(res):
    raise RuntimeError("heat map failed")


def with_failing_heatmap():
    """plots' figure list with the heat map (drawn after the others) failing."""
    return [(n, failing_heatmap if n == "heatmap" else f) for n, f in plots._MATPLOTLIB_FIGURES]


def snapshot(result_dir):
    """{relative path: (inode, bytes)} of report.html and every file in plots/."""
    files = [result_dir / "report.html"] + sorted((result_dir / "plots").iterdir())
    return {str(p.relative_to(result_dir)): (p.stat().st_ino, p.read_bytes()) for p in files}


def hidden(result_dir):
    return sorted(p.name for p in result_dir.iterdir() if p.name.startswith("."))


class OneSet(unittest.TestCase):
    def setUp(self):
        self.dir = copy_fixture("small-run")

    def tearDown(self):
        shutil.rmtree(self.dir.parent)

    def test_a_failing_figure_writes_nothing(self):
        with mock.patch.object(plots, "_MATPLOTLIB_FIGURES", with_failing_heatmap()):
            with self.assertRaisesRegex(RuntimeError, "heat map failed"):
                plots.build(self.dir)
        self.assertFalse((self.dir / "plots").exists(), "figures drawn before the failure were published")
        self.assertFalse((self.dir / "report.html").exists())
        self.assertEqual(hidden(self.dir), [])

    def test_a_failing_figure_leaves_the_previous_set_intact(self):
        plots.build(self.dir)
        before = snapshot(self.dir)
        with mock.patch.object(plots, "_MATPLOTLIB_FIGURES", with_failing_heatmap()):
            with self.assertRaises(RuntimeError):
                plots.build(self.dir)
        self.assertEqual(snapshot(self.dir), before, "a file of the previous set was replaced")
        self.assertEqual(hidden(self.dir), [])
        self.assertEqual(hidden(self.dir / "plots"), [])

    def test_a_failing_report_leaves_the_previous_set_intact(self):
        plots.build(self.dir)
        before = snapshot(self.dir)
        with mock.patch.object(report, "write", side_effect=OSError("disk full")):
            with self.assertRaises(OSError):
                plots.build(self.dir)
        self.assertEqual(snapshot(self.dir), before)
        self.assertEqual(hidden(self.dir), [])

    def test_a_new_set_replaces_the_whole_previous_one(self):
        plots.build(self.dir)
        (self.dir / "plots" / "from-an-older-run.svg").write_text("<svg/>")
        figures, page = plots.build(self.dir)
        self.assertEqual(page, self.dir / "report.html")
        self.assertEqual(sorted(figures), sorted(RUN_FIGURES))
        for name, path in figures.items():
            self.assertEqual(path, self.dir / "plots" / f"{name}.svg")
            self.assertTrue(path.is_file(), name)
        self.assertFalse((self.dir / "plots" / "from-an-older-run.svg").exists())
        self.assertEqual(hidden(self.dir), [])

    def test_staging_of_a_killed_run_is_removed_and_a_live_one_kept(self):
        child = subprocess.Popen(["true"])
        child.wait()  # reaped: no process has its PID now
        stale = self.dir / f".plots.tmp-{child.pid}-abc123"
        live = self.dir / f".plots.tmp-{os.getpid()}-def456"
        for d in (stale, live):
            (d / "plots").mkdir(parents=True)
            (d / "plots" / "operability.svg").write_text("<svg/>")
        said = []
        plots.build(self.dir, log=said.append)
        self.assertFalse(stale.exists())
        self.assertTrue(live.exists())
        self.assertEqual(said, [f"{stale}: removed, the staging directory of process {child.pid} that no longer runs"])


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
