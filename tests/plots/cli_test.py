#!/usr/bin/python3
"""`cisim plot DIR` end to end: usage: cli_test.py PATH/TO/cisim.
Spawns Debian's Python on the plots package (no shell: paths with spaces and
quotes work), maps its outcome to cisim's exit statuses, honours
CISIM_PLOTS_DIR, and is not fooled by a `plots` folder in the working directory."""
import os
import stat
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import support
from support import RUN_FIGURES, copy_fixture

CISIM = None


def cisim(*args, env=None, cwd=None):
    full_env = dict(os.environ)
    full_env.pop("CISIM_PLOTS_DIR", None)
    full_env.update(env or {})
    return subprocess.run([CISIM, *map(str, args)], capture_output=True, text=True, timeout=300,
                          env=full_env, cwd=cwd)


def fake_package(parent, exit_code):
    """A `plots` package whose entry point only exits with exit_code."""
    pkg = Path(parent) / "plots"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "__main__.py").write_text(f"import sys\nsys.exit({exit_code})\n", encoding="utf-8")
    return pkg


class PlotCommand(unittest.TestCase):
    def setUp(self):
        self.scratch = Path(tempfile.mkdtemp(prefix="cisim-plot-cli-"))

    def tearDown(self):
        shutil.rmtree(self.scratch)

    def test_draws_every_figure_and_the_report(self):
        d = copy_fixture("small-run", self.scratch)
        run = cisim("plot", d)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn(f"report in {d / 'report.html'}", run.stdout)
        for name in RUN_FIGURES:
            self.assertTrue((d / "plots" / f"{name}.svg").is_file(), name)
            self.assertTrue((d / "plots" / f"{name}.png").is_file(), name)

    def test_sensitivity_plots(self):
        # `cisim sensitivity --out DIR --plots`: the central case's files, the Sobol
        # bars and tornados (non-blank) and the report with its assumptions section.
        import matplotlib.image
        sc = support.SOURCE_DIR / "tests" / "fixtures" / "sensitivity-two-suppliers-scenario.json"
        d = self.scratch / "sens"
        run = cisim("sensitivity", sc, "--samples", "16", "--out", d, "--plots")
        self.assertEqual(run.returncode, 0, run.stderr)
        for name in ("tornado-overall-inoperability_hours", "tornado-overall-rto_compliance",
                     "sensitivity-overall-inoperability_hours"):
            png = d / "plots" / f"{name}.png"
            self.assertTrue((d / "plots" / f"{name}.svg").is_file(), name)
            self.assertGreater(float(matplotlib.image.imread(png)[..., :3].std()), 0.05, name)
        html = (d / "report.html").read_text(encoding="utf-8")
        self.assertIn('<section id="assumptions">', html)
        self.assertIn("S1-&gt;C strength", html)

    def test_files_get_the_mode_of_plain_new_files(self):
        # Written through mkstemp (0600) and renamed: they must not stay private.
        d = copy_fixture("small-run", self.scratch)
        umask = os.umask(0o022)
        try:
            run = cisim("plot", d)
        finally:
            os.umask(umask)
        self.assertEqual(run.returncode, 0, run.stderr)
        for f in [d / "report.html", d / "plots" / "cascade.svg", d / "plots" / f"{RUN_FIGURES[0]}.png"]:
            self.assertEqual(stat.S_IMODE(f.stat().st_mode), 0o644, f)

    def test_paths_with_spaces_and_quotes(self):
        parent = self.scratch / "a dir with 'single' \"double\" $(quotes); spaces"
        d = copy_fixture("small-run", parent)
        run = cisim("plot", d)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertTrue((d / "report.html").is_file())

    def test_missing_directory_exits_2_with_one_line(self):
        run = cisim("plot", self.scratch / "nope")
        self.assertEqual(run.returncode, 2)
        self.assertEqual(len(run.stderr.strip().splitlines()), 1, run.stderr)
        self.assertIn("not a directory", run.stderr)

    def test_directory_without_summary_exits_2(self):
        run = cisim("plot", self.scratch)
        self.assertEqual(run.returncode, 2)
        self.assertEqual(run.stderr.strip(), f"{self.scratch / 'summary.json'}: missing (not a cisim result directory)")

    def test_malformed_summary_exits_2(self):
        d = copy_fixture("small-run", self.scratch)
        (d / "summary.json").write_text("{ not json", encoding="utf-8")
        run = cisim("plot", d)
        self.assertEqual(run.returncode, 2)
        self.assertIn("summary.json: cannot read JSON", run.stderr)

    def test_python_failure_exits_1(self):
        d = copy_fixture("small-run", self.scratch)
        pkg = fake_package(self.scratch / "broken", 3)
        run = cisim("plot", d, env={"CISIM_PLOTS_DIR": str(pkg)})
        self.assertEqual(run.returncode, 1)
        run = cisim("plot", d, env={"CISIM_PLOTS_DIR": str(self.scratch / "no-such-package")})
        self.assertEqual(run.returncode, 1)
        self.assertIn("CISIM_PLOTS_DIR", run.stderr)

    def test_env_override_is_used(self):
        d = copy_fixture("small-run", self.scratch)
        run = cisim("plot", d, env={"CISIM_PLOTS_DIR": str(support.SOURCE_DIR / "plots")})
        self.assertEqual(run.returncode, 0, run.stderr)
        pkg = fake_package(self.scratch / "other", 0)
        (d / "report.html").unlink()
        run = cisim("plot", d, env={"CISIM_PLOTS_DIR": str(pkg)})
        self.assertEqual(run.returncode, 0)
        self.assertFalse((d / "report.html").exists(), "the overriding package ran, not the source tree's")

    def test_a_plots_folder_in_the_working_directory_does_not_shadow_the_package(self):
        d = copy_fixture("small-run", self.scratch)
        fake_package(self.scratch / "cwd", 3)
        run = cisim("plot", d.resolve(), cwd=self.scratch / "cwd")
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertTrue((d / "report.html").is_file())


class UnitSeriesForms(unittest.TestCase):
    """`cisim run --unit-series full|changes`: the report reads both forms alike."""

    def setUp(self):
        self.scratch = Path(tempfile.mkdtemp(prefix="cisim-plot-forms-"))

    def tearDown(self):
        shutil.rmtree(self.scratch)

    def test_full_and_changes_read_alike_and_draw(self):
        from plots import results
        sc = support.SOURCE_DIR / "tests" / "fixtures" / "households-scenario.json"
        read = {}
        for form in ("full", "changes"):
            d = self.scratch / form
            run = cisim("run", sc, "--out", d, "--unit-series", form, "-q")
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertEqual((d / "unit_changes.csv").exists(), form == "changes")
            read[form] = results.load(d)
            run = cisim("plot", d)
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertTrue((d / "plots" / "cascade.svg").is_file())
        full, changes = read["full"], read["changes"]
        self.assertTrue(full.node_detail())
        # sub-1 is out (0) from t = 1 to 5; sub-2 is never hit (hand-computable, see the scenario).
        self.assertEqual(full.node_first_impact, {"sub-1": 1.0})
        self.assertEqual(full.node_min_operability, {"sub-1": 0.0, "sub-2": 1.0})
        self.assertEqual(changes.node_first_impact, full.node_first_impact)
        self.assertEqual(changes.node_min_operability, full.node_min_operability)
        self.assertEqual(changes.sector_series.keys(), full.sector_series.keys())
        for sid, series in full.sector_series.items():
            self.assertEqual(list(changes.sector_series[sid].values), list(series.values), sid)
        self.assertEqual((self.scratch / "full" / "plots" / "cascade.svg").read_text(encoding="utf-8"),
                         (self.scratch / "changes" / "plots" / "cascade.svg").read_text(encoding="utf-8"))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print("usage: cli_test.py PATH/TO/cisim [unittest args]", file=sys.stderr)
        sys.exit(2)
    CISIM = os.path.abspath(sys.argv.pop(1))
    unittest.main()
