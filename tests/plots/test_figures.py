#!/usr/bin/python3
"""The plots package on the hand-built fixtures small-run/ and small-mc/:
every figure written, well-formed, carrying the facts of its inputs."""
import json
import re
import shutil
import subprocess
import tempfile
import sys
import unittest
from pathlib import Path

import support  # noqa: F401  (puts the source tree on sys.path)
from support import MC_FIGURES, RUN_FIGURES, copy_fixture, png_size, svg_tags, svg_text, without_own_script

import plots
from plots import cascade, gantt, heatmap, results

SECTOR_LABELS = ["power 電力", "telecom 通信", "finance 金融", "water 水道"]


class RunDirectory(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = copy_fixture("small-run")
        cls.figures, cls.report = plots.build(cls.dir)
        cls.html = cls.report.read_text(encoding="utf-8")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir.parent)

    def test_every_run_figure_is_written_as_svg_and_png(self):
        self.assertEqual(sorted(self.figures), sorted(RUN_FIGURES))
        for name in RUN_FIGURES:
            self.assertEqual(self.figures[name], self.dir / "plots" / f"{name}.svg")
            w, h = png_size(self.dir / "plots" / f"{name}.png")
            self.assertGreater(w, 300, name)
            self.assertGreater(h, 150, name)
        self.assertTrue((self.dir / "plots" / "cascade.dot").is_file())
        self.assertFalse((self.dir / "plots" / "fan.svg").exists(), "no fan chart without mc_bands.csv")

    def test_no_temporary_files_are_left(self):
        leftovers = [p.name for p in list((self.dir / "plots").iterdir()) + list(self.dir.iterdir())
                     if p.name.startswith(".")]
        self.assertEqual(leftovers, [])

    def test_svgs_are_well_formed_and_hold_no_script(self):
        for name in RUN_FIGURES:
            tags = svg_tags(self.figures[name])  # raises on malformed XML
            self.assertIn("svg", tags)
            self.assertNotIn("script", tags)
            self.assertNotIn("foreignObject", tags)

    def test_operability_plot_names_every_sector_and_event(self):
        text = svg_text(self.figures["operability"])
        for label in SECTOR_LABELS:
            self.assertIn(label, text)
        self.assertIn("water 水道 (not impacted)", text)
        self.assertIn("kddi-core", text)
        self.assertIn("kanto-blackout", text)
        self.assertIn("hours from the event (T+h)", text)
        self.assertIn("T+24", text)

    def test_matplotlib_text_uses_the_cjk_fallback_font(self):
        svg = self.figures["operability"].read_text(encoding="utf-8")
        self.assertIn("'Noto Sans CJK JP'", svg)
        self.assertNotIn("Date", svg.split("<metadata>")[1].split("</metadata>")[0]
                         if "<metadata>" in svg else "")

    def test_impact_bars_carry_the_grade_and_compliance(self):
        text = svg_text(self.figures["impact"])
        self.assertIn("grade C", text)
        self.assertIn("RTO compliance 75 %", text)
        for label in SECTOR_LABELS:
            self.assertIn(label, text)
        self.assertIn("14 h", text)  # power's outage, T+4 .. T+18

    def test_gantt_orders_sectors_by_first_impact(self):
        text = svg_text(self.figures["gantt"])
        order = [text.index(label) for label in ["telecom 通信", "finance 金融", "power 電力", "water 水道"]]
        self.assertEqual(order, sorted(order))
        self.assertIn("not impacted", text)

    def test_gantt_spans_hold_each_sample_until_the_next(self):
        import numpy as np
        times = np.array([0.0, 1, 2, 3, 4])
        values = np.array([1.0, 0.5, 0.4, 1.0, 0.3])
        self.assertEqual(gantt.spans_below(times, values, 0.9), [(1.0, 2.0), (4.0, 1.0)])
        self.assertEqual(gantt.spans_below(times, values, 0.45), [(2.0, 1.0), (4.0, 1.0)])
        self.assertEqual(gantt.spans_below(times, np.ones(5), 0.9), [])

    def test_heatmap_matrix_is_consumer_by_supplier(self):
        model = json.loads((self.dir / "model.json").read_text(encoding="utf-8"))
        sectors, m = heatmap.strength_matrix(model)
        idx = {s["id"]: i for i, s in enumerate(sectors)}
        self.assertEqual(m[idx["finance"], idx["telecom"]], 0.6)
        self.assertEqual(m[idx["telecom"], idx["power"]], 0.9)
        self.assertEqual(m[idx["power"], idx["telecom"]], 0.2)
        self.assertEqual(m[idx["water"], idx["telecom"]], 0.0)
        self.assertEqual(int((m > 0).sum()), 5)
        text = svg_text(self.figures["heatmap"])
        for value in ("0.9", "0.6", "0.2", "0.8", "0.7"):
            self.assertIn(value, text)

    def test_heatmap_aggregates_asset_dependencies_as_the_maximum(self):
        model = {"sectors": [{"id": "power"}, {"id": "telecom"}],
                 "nodes": [{"id": "p1", "sector": "power"}, {"id": "p2", "sector": "power"},
                           {"id": "t1", "sector": "telecom"}],
                 "dependencies": [{"from": "p1", "to": "t1", "strength": 0.3},
                                  {"from": "p2", "to": "t1", "strength": 0.8},
                                  {"from": "power", "to": "t1", "strength": 0.5}]}
        _sectors, m = heatmap.strength_matrix(model)
        self.assertEqual(m.tolist(), [[0.0, 0.0], [0.8, 0.0]])

    def test_cascade_graph_colours_by_first_impact_and_marks_carrying_edges(self):
        dot = (self.dir / "plots" / "cascade.dot").read_text(encoding="utf-8")
        edge = {m.group(1, 2): m.group(3) for m in re.finditer(r'^\s*"([^"]+)" -> "([^"]+)" \[(.*)\];$', dot, re.M)}
        self.assertEqual(len(edge), 5)
        # finance's buffer on telecom ran dry at T+3: that edge carried the cascade.
        self.assertIn(f'color="{cascade.EDGE_CASCADE}"', edge[("telecom", "finance")])
        self.assertIn('label="T+3 h"', edge[("telecom", "finance")])
        self.assertIn('label="T+9 h"', edge[("power", "telecom")])
        # water lost power supply at T+5 but its 8 h buffer absorbed the 6 h blackout.
        self.assertIn(f'color="{cascade.EDGE_BUFFERED}"', edge[("power", "water")])
        node = {m.group(1): m.group(2) for m in re.finditer(r'^\s*"([^"]+)" \[label=(.*)\];$', dot, re.M)}
        self.assertIn(f'fillcolor="{cascade.NOT_IMPACTED}"', node["water"])
        self.assertIn("first impact T+0 h", node["telecom"])
        self.assertNotIn(cascade.NOT_IMPACTED, node["telecom"])
        text = svg_text(self.figures["cascade"])
        for label in ["power", "電力", "telecom", "通信", "finance", "金融", "water", "水道", "not impacted"]:
            self.assertIn(label, text)

    def test_figures_are_deterministic(self):
        again = copy_fixture("small-run")
        try:
            figures, report = plots.build(again)
            for name in RUN_FIGURES:
                self.assertEqual(figures[name].read_bytes(), self.figures[name].read_bytes(), name)
            self.assertEqual(report.read_text(encoding="utf-8"), self.html)
        finally:
            shutil.rmtree(again.parent)

    def test_report_holds_scores_figures_injects_measures_and_provenance(self):
        html = self.html
        self.assertIn('id="grade" title="NISC grade">C</div>', html)
        for name in RUN_FIGURES:
            self.assertIn(f'<figure id="fig-{name}"', html)
        self.assertEqual(html.count("<svg"), len(RUN_FIGURES))
        self.assertIn('<tr class="mtpd-breached"><td><b>power</b> 電力', html)
        self.assertIn('<tr class="met"><td><b>telecom</b>', html)
        injects = (self.dir / "injects.csv").read_text(encoding="utf-8").strip().splitlines()
        self.assertEqual(html.count('<td class="time">'), len(injects) - 1)
        self.assertIn("finance ← telecom ← kddi-core", html)
        self.assertIn("<b>scada-backup-link</b>", html)
        self.assertLess(html.index("scada-backup-link"), html.index("bts-battery-24h"))  # ranked order kept
        # Costs carry the unit of measures.json; a measure over the budget says so.
        self.assertIn("<th>cost (JPY)</th>", html)
        self.assertIn("(cost 15.0 JPY)", html)
        self.assertIn("Best portfolio within budget 20.0 JPY", html)
        self.assertIn('<tr class="over-budget"><td class="num">2</td><td><b>bts-battery-24h</b>', html)
        self.assertIn("40.0 (over budget)", html)
        self.assertIn("exact search (branch and bound): 2 combinations of 1 affordable measures simulated", html)
        summary = json.loads((self.dir / "summary.json").read_text(encoding="utf-8"))
        self.assertIn(summary["scenario"]["sha256"], html)
        self.assertIn(summary["model"]["sha256"], html)
        self.assertIn("seed <b>42</b>", html)

    def test_report_fetches_nothing(self):
        html = without_own_script(self.html)
        refs = re.findall(r'\b(?:src|href|action|poster|data)\s*=\s*["\']?([^"\'\s>]+)', html, re.I)
        self.assertTrue(refs, "the nav links should be found")
        for ref in refs:
            self.assertTrue(ref.startswith("#") or ref.startswith("data:image/png;"), ref)
        for needle in ("<link", "<script", "<img", "<iframe", "@import", "url(http", "url(//"):
            self.assertNotIn(needle, html.lower())
        # xmlns declarations are the only URLs left (inert namespace names).
        for url in re.findall(r'https?://[^\s"\'<>]+', html):
            self.assertIn(url, {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, url)

    def test_inlined_svg_ids_are_unique_on_the_page(self):
        ids = re.findall(r'\bid="([^"]+)"', self.html)
        self.assertEqual(len(ids), len(set(ids)))
        for target in re.findall(r'url\(#([^)]+)\)', self.html):
            self.assertIn(target, ids)


class CascadeOfAssetModels(unittest.TestCase):
    """Small asset models draw assets in sector clusters; big ones their sectors."""

    def result(self):
        model = {"sectors": [{"id": "power", "name_ja": "電力"}, {"id": "telecom"}, {"id": "finance"}],
                 "nodes": [{"id": "plant", "sector": "power"}, {"id": "bts-1", "sector": "telecom"},
                           {"id": "bts-2", "sector": "telecom"}],
                 "dependencies": [{"from": "plant", "to": "bts-1", "strength": 0.9, "buffer_h": 3},
                                  {"from": "plant", "to": "bts-2", "strength": 0.9, "buffer_h": 24},
                                  {"from": "telecom", "to": "finance", "strength": 0.5}]}
        summary = {"sectors": [{"id": "power", "first_impact_h": 0.0}, {"id": "telecom", "first_impact_h": 3.0},
                               {"id": "finance", "first_impact_h": 3.0}], "horizon_h": 24}
        events = [{"t_h": 0.0, "kind": "direct_hit", "id": "plant", "cause": ""},
                  {"t_h": 0.0, "kind": "supply_lost", "id": "bts-1", "cause": "plant"},
                  {"t_h": 0.0, "kind": "supply_lost", "id": "bts-2", "cause": "plant"},
                  {"t_h": 3.0, "kind": "buffer_exhausted", "id": "bts-1", "cause": "plant"},
                  {"t_h": 3.0, "kind": "supply_lost", "id": "finance", "cause": "telecom"}]
        return results.ResultDir(path=Path("."), summary=summary, model=model, events=events,
                                 node_first_impact={"plant": 0.0, "bts-1": 3.0})

    def test_small_asset_models_draw_assets_in_sector_clusters(self):
        dot = cascade.dot_source(self.result())
        self.assertIn('subgraph "cluster_telecom"', dot)
        self.assertIn('label="power 電力"', dot)
        carried = re.search(r'^\s*"plant" -> "bts-1" \[(.*)\];$', dot, re.M).group(1)
        buffered = re.search(r'^\s*"plant" -> "bts-2" \[(.*)\];$', dot, re.M).group(1)
        self.assertIn('label="T+3 h"', carried)
        self.assertIn(cascade.EDGE_BUFFERED, buffered)
        # The sector-level edge leaves the telecom cluster; without a buffer its supply_lost carried.
        sector_edge = re.search(r'^\s*"bts-1" -> "finance" \[(.*)\];$', dot, re.M).group(1)
        self.assertIn('ltail="cluster_telecom"', sector_edge)
        self.assertIn('label="T+3 h"', sector_edge)
        self.assertIn("bts-2", dot)
        self.assertRegex(dot, r'"bts-2" \[label="bts-2\\nnot impacted"')
        with tempfile.TemporaryDirectory() as out:
            svg = cascade.render(self.result(), out)
            self.assertIn("cluster_telecom", svg_text(svg))  # dot laid out the clusters

    def test_big_asset_models_are_drawn_as_sectors(self):
        old = results.NODE_DETAIL_CAP
        results.NODE_DETAIL_CAP = 2
        try:
            dot = cascade.dot_source(self.result())
        finally:
            results.NODE_DETAIL_CAP = old
        self.assertNotIn("subgraph", dot)
        self.assertNotIn('"plant"', dot)
        edge = re.search(r'^\s*"power" -> "telecom" \[(.*)\];$', dot, re.M).group(1)
        self.assertIn('label="T+3 h"', edge)  # bts-1's buffer on plant ran dry
        self.assertIn("(3 assets drawn as their sectors)", dot)


class MonteCarloDirectory(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = copy_fixture("small-mc")
        cls.figures, cls.report = plots.build(cls.dir)
        cls.html = cls.report.read_text(encoding="utf-8")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir.parent)

    def test_mc_figures_are_written(self):
        self.assertEqual(sorted(self.figures), sorted(MC_FIGURES))
        for name in MC_FIGURES:
            svg_tags(self.figures[name])
            png_size(self.dir / "plots" / f"{name}.png")

    def test_fan_chart_has_a_panel_per_sector(self):
        text = svg_text(self.figures["fan"])
        for label in SECTOR_LABELS:
            self.assertIn(label, text)
        self.assertIn("P10–P90", text)
        self.assertIn("over 200 samples", text)

    def test_bands_are_read_per_sector_in_time_order(self):
        res = results.load(self.dir)
        self.assertEqual(sorted(res.bands), ["finance", "power", "telecom", "water"])
        b = res.bands["telecom"]
        self.assertEqual(len(b["t_h"]), 49)
        self.assertTrue((b["p10"] <= b["p50"] + 1e-12).all() and (b["p50"] <= b["p90"] + 1e-12).all())

    def test_breach_figure_and_report_show_the_distribution(self):
        summary = json.loads((self.dir / "summary.json").read_text(encoding="utf-8"))
        dist = summary["monte_carlo"]["overall"]["grade_distribution"]
        text = svg_text(self.figures["mc-breaches"])
        for g, p in dist.items():
            self.assertIn(f"{p * 100:.0f} %", text, g)
        self.assertIn('<section id="monte-carlo">', self.html)
        self.assertIn('<figure id="fig-fan"', self.html)
        self.assertIn("Monte Carlo run", self.html)

    def test_report_leads_with_the_samples_and_labels_the_deterministic_run(self):
        # Header: the samples' most frequent grade (C in 91 % of them), not the deterministic run's.
        self.assertIn('title="most frequent NISC grade over the Monte Carlo samples">C</div>', self.html)
        self.assertIn("grade C in 91 % of them", self.html)
        mc = self.html.index('<section id="monte-carlo">')
        fan = self.html.index('<figure id="fig-fan"')
        central = self.html.index("IT-BCP impact — deterministic central case")
        self.assertLess(mc, central)
        self.assertLess(fan, central)
        self.assertIn("Figures — deterministic central case", self.html)
        self.assertIn("(deterministic central case)", svg_text(self.figures["impact"]))
        # The scores of the deterministic run are read from their labelled block.
        res = results.load(self.dir)
        self.assertEqual(res.overall["grade"], "C")
        self.assertEqual([s["id"] for s in res.sectors], ["power", "telecom", "finance", "water"])


class BadInput(unittest.TestCase):
    def run_module(self, *args):
        env = {"PYTHONPATH": str(support.SOURCE_DIR), "PYTHONDONTWRITEBYTECODE": "1", "PATH": "/usr/bin:/bin"}
        return subprocess.run([sys.executable, "-m", "plots", *map(str, args)], env=env,
                              capture_output=True, text=True, timeout=120)

    def test_missing_directory_is_bad_input(self):
        run = self.run_module("/nonexistent/cisim-result")
        self.assertEqual(run.returncode, 2)
        self.assertEqual(run.stderr.strip().count("\n"), 0)
        self.assertIn("not a directory", run.stderr)

    def test_directory_without_summary_is_bad_input(self):
        d = copy_fixture("small-run")
        try:
            (d / "summary.json").unlink()
            run = self.run_module(d)
            self.assertEqual(run.returncode, 2)
            self.assertIn("summary.json: missing", run.stderr)
            self.assertFalse((d / "report.html").exists())
        finally:
            shutil.rmtree(d.parent)

    def test_malformed_csv_names_file_and_line(self):
        d = copy_fixture("small-run")
        try:
            lines = (d / "timeseries.csv").read_text(encoding="utf-8").splitlines()
            lines[3] = "1,sector,power,oops"
            (d / "timeseries.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
            run = self.run_module(d)
            self.assertEqual(run.returncode, 2)
            self.assertIn("timeseries.csv: line 4: operability: 'oops' is not a number", run.stderr)
        finally:
            shutil.rmtree(d.parent)

    def test_success_prints_one_line(self):
        d = copy_fixture("small-run")
        try:
            run = self.run_module(d)
            self.assertEqual(run.returncode, 0, run.stderr)
            self.assertEqual(run.stdout.strip(), f"5 figures in {d / 'plots'}, report in {d / 'report.html'}")
            self.assertEqual(run.stderr, "")
        finally:
            shutil.rmtree(d.parent)


if __name__ == "__main__":
    unittest.main()
