#!/usr/bin/python3
"""The households figure and report section on copies of the small-run and
hostile-names fixtures, given a households.csv (households served × (1 −
operability) of the fixture's own sector curves) and the summary keys cisim
writes with it. Without households.csv there is neither figure nor section."""
import csv
import html.parser
import json
import shutil
import unittest

import numpy as np

import support  # noqa: F401  (puts the source tree on sys.path)
from support import RUN_FIGURES, copy_fixture, png_size, svg_tags, svg_text, without_own_script

import plots
from plots import results

BAD_ID = 'fin&"q\'<x>'
BAD_JA = "金融 & <b>銀行</b>"


def add_households(d, households, population):
    """households.csv and summary keys from the fixture's sector curves; households /
    population: sector id -> served. Returns {id: (peak, t of peak, hours)} of households."""
    curves = {}
    with open(d / "timeseries.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["level"] == "sector":
                curves.setdefault(row["id"], []).append((float(row["t_h"]), float(row["operability"])))
    counted = [sid for sid in curves if sid in households or sid in population]
    with open(d / "households.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["t_h", "sector", "households_out", "population_out"])
        for k in range(len(curves[counted[0]])):
            for sid in counted:
                t, o = curves[sid][k]
                w.writerow([f"{t:g}", sid] + [f"{n[sid] * (1 - o):.3f}" if sid in n else "" for n in (households,
                                                                                                   population)])
    summary = json.loads((d / "summary.json").read_text(encoding="utf-8"))
    facts = {}
    for s in summary["sectors"]:
        for served, keys in ((households, ("households_out_peak", "households_out_peak_t_h", "household_hours")),
                             (population, ("population_out_peak", "population_out_peak_t_h", "person_hours"))):
            if s["id"] not in served:
                continue
            curve = curves[s["id"]]
            out = [served[s["id"]] * (1 - o) for _t, o in curve]
            peak = max(out)
            at = curve[out.index(peak)][0] if peak > 0 else None
            hours = sum((curve[k + 1][0] - curve[k][0]) * out[k] for k in range(len(out) - 1))
            s.update(dict(zip(keys, (peak, at, hours))))
            if served is households:
                facts[s["id"]] = (peak, at, hours)
    (d / "summary.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    return facts


class Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


class WithHouseholds(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = copy_fixture("small-run")
        cls.facts = add_households(cls.dir, {"power": 1000, "water": 500}, {"water": 1200})
        cls.figures, report = plots.build(cls.dir)
        cls.html = report.read_text(encoding="utf-8")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir.parent)

    def test_households_csv_is_read_per_sector(self):
        h = results.load(self.dir).households
        self.assertEqual(sorted(h), ["power", "water"])
        self.assertTrue(np.isnan(h["power"]["population_out"]).all())  # empty cells: no figure
        self.assertAlmostEqual(float(h["power"]["households_out"].max()), self.facts["power"][0], places=2)
        self.assertTrue((h["water"]["t_h"][1:] > h["water"]["t_h"][:-1]).all())

    def test_the_figure_is_written_and_names_the_counted_sectors(self):
        self.assertEqual(sorted(self.figures), sorted(RUN_FIGURES + ["households"]))
        path = self.figures["households"]
        w, _h = png_size(path.with_suffix(".png"))
        self.assertGreater(w, 300)
        self.assertNotIn("script", svg_tags(path))
        text = svg_text(path)
        self.assertIn("Households without service over time", text)
        self.assertIn("power 電力", text)
        self.assertIn("water 水道", text)
        self.assertNotIn("telecom 通信", text)  # no figure given: not drawn
        self.assertIn("households without service", text)
        self.assertIn("people without service", text)  # the population panel

    def test_report_has_a_households_section_with_the_peaks(self):
        self.assertIn('<section id="households">', self.html)
        self.assertIn('href="#households"', self.html)
        peak, at, hours = self.facts["power"]
        self.assertGreater(peak, 0)
        section = self.html[self.html.index('<section id="households">'):]
        section = section[:section.index("</section>")]
        self.assertIn(f"{peak:,.0f}", section)
        self.assertIn(f"T+{at:g}", section)
        self.assertIn(f"{hours:,.0f}", section)
        self.assertIn("people out, peak", section)
        self.assertNotIn("telecom", section)
        self.assertIn('data-figure="households"', self.html)


class WithoutHouseholds(unittest.TestCase):
    def test_no_figure_and_no_section(self):
        d = copy_fixture("small-run")
        try:
            figures, report = plots.build(d)
            text = report.read_text(encoding="utf-8")
            self.assertNotIn("households", figures)
            self.assertNotIn('id="households"', text)
            self.assertIsNone(results.load(d).households)
        finally:
            shutil.rmtree(d.parent)

    def test_malformed_households_csv_names_file_and_line(self):
        d = copy_fixture("small-run")
        try:
            (d / "households.csv").write_text("t_h,sector,households_out\n0,power,12\n1,power,many\n",
                                              encoding="utf-8")
            with self.assertRaises(results.ResultError) as e:
                results.load(d)
            self.assertIn("households.csv: line 3: households_out: 'many' is not a number", str(e.exception))
            (d / "households.csv").write_text("t_h,sector,outage\n", encoding="utf-8")
            with self.assertRaises(results.ResultError):
                results.load(d)
        finally:
            shutil.rmtree(d.parent)


class MonteCarlo(unittest.TestCase):
    def test_report_shows_the_peak_over_the_samples_and_the_basis(self):
        d = copy_fixture("small-mc")
        try:
            summary = json.loads((d / "summary.json").read_text(encoding="utf-8"))
            scores = summary.get("deterministic_central_case", summary)
            scores["sectors"][0].update({"households_out_peak": 1200.0, "households_out_peak_t_h": 4.0,
                                         "household_hours": 5400.0})
            summary["monte_carlo"]["sectors"][0]["households_out_peak"] = {
                "mean": 1150.5, "sd": 80.0, "p10": 1010.0, "p50": 1180.0, "p90": 1234.0}
            summary["monte_carlo"]["households_basis"] = "deterministic_central_case.sectors[]: the central case <&>"
            (d / "summary.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
            _figures, report = plots.build(d)
            text = report.read_text(encoding="utf-8")
            section = text[text.index('<section id="households">'):]
            section = section[:section.index("</section>")]
            self.assertIn("Peak over the Monte Carlo samples", section)
            for number in ("1,200", "5,400", "1,010", "1,180", "1,234"):
                self.assertIn(number, section)
            self.assertIn("the central case &lt;&amp;&gt;", section)
        finally:
            shutil.rmtree(d.parent)


class HostileNames(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = copy_fixture("hostile-names")
        add_households(cls.dir, {BAD_ID: 2000, "power": 1000}, {})
        cls.figures, report = plots.build(cls.dir)
        cls.html = report.read_text(encoding="utf-8")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir.parent)

    def test_names_are_escaped_in_the_section(self):
        section = self.html[self.html.index('<section id="households">'):]
        section = section[:section.index("</section>")]
        self.assertIn("fin&amp;&quot;q&#x27;&lt;x&gt;", section)
        self.assertIn("金融 &amp; &lt;b&gt;銀行&lt;/b&gt;", section)
        self.assertNotIn("<b>銀行", self.html)
        parsed = Tags()
        parsed.feed(without_own_script(self.html))
        for bad in ("script", "img", "x", "i"):
            self.assertNotIn(bad, parsed.tags)

    def test_names_are_text_in_the_figure(self):
        path = self.figures["households"]
        self.assertNotIn("b", svg_tags(path))
        self.assertIn(f"{BAD_ID} {BAD_JA}", svg_text(path))
        self.assertNotIn("people without service", svg_text(path))  # no population given


if __name__ == "__main__":
    unittest.main()
