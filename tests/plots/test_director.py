#!/usr/bin/python3
"""The report's first screen and the parts a director reads: findings (grade,
first RTO breaches with when and why, costliest outage, best countermeasure),
"not judged" when the horizon ends before the RTO, the map of affected assets,
the cascade graph coloured by severity, curve values for hover, and the
figures' reading of spread / by_year / uncertain model values. Values are from
the hand-built fixtures (tests/fixtures/results/)."""
import csv
import html.parser
import json
import shutil
import tempfile
import unittest
from pathlib import Path

import support  # noqa: F401
from support import copy_fixture, without_own_script

import plots
import matplotlib.pyplot as plt

from plots import cascade, findings, geomap, impact, report, results, style
from plots import interact

BAD_ID = 'fin&"q\'<x>'
BAD_NAME = "<script>alert(1)</script>"


class Attrs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def section(page, anchor):
    part = page[page.index(f'<section id="{anchor}">'):]
    return part[:part.index("</section>")]


class SmallRun(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = Path(tempfile.mkdtemp(prefix="cisim-director-"))
        cls.dir = copy_fixture("small-run", cls.scratch)
        cls.res = results.load(cls.dir)
        report.write(cls.res, {}, {})
        cls.html = (cls.dir / "report.html").read_text(encoding="utf-8")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.scratch)

    def test_findings_come_first(self):
        main = self.html[self.html.index("<main>"):]
        self.assertLess(main.index('<section id="findings">'), main.index("<section", 10) + 1)
        self.assertLess(main.index('<section id="findings">'), main.index('<section id="scenario">'))
        self.assertLess(main.index('<section id="map">'), main.index('<section id="scenario">'))

    def test_breach_when_and_why(self):
        # power: below 90 % from T+4 until T+18 (14 h) against an RTO of 6 h →
        # breached at T+4 + 6 = T+10. Hit by kanto-blackout at T+4; telecom's
        # supply, lost at T+1, ran through its backup at T+9 (8 h later).
        power = next(s for s in self.res.sectors if s["id"] == "power")
        self.assertEqual(findings.breach_time(self.res, power), (4.0, 10.0))
        found = findings.breaches(self.res)
        self.assertEqual([b["sector"]["id"] for b in found], ["power"])
        self.assertEqual(found[0]["why"], ["hit by kanto-blackout (first at T+4 h)",
                                           "telecom supply lost at T+1 h, backup exhausted after 8 h"])
        self.assertEqual(found[0]["chain"], ["power", "kanto-blackout"])
        part = section(self.html, "findings")
        self.assertIn('<li data-sector="power"><b>power</b>', part)
        self.assertIn("at <b>T+10 h</b> (RTO 6 h, down since T+4 h)", part)
        self.assertIn("chain: power ← kanto-blackout", part)
        self.assertIn("No other sector exceeds its RTO.", part)

    def test_costliest_outage_and_best_measure(self):
        part = section(self.html, "findings")
        # finance has the largest loss (24.277 > 22.628 telecom > 9.491 power).
        self.assertIn('<div class="finding costliest" id="finding-costliest"><span>Costliest outage</span>'
                      "<p><b>finance</b>", part)
        self.assertIn("loss 24.3 (model output units)", part)
        self.assertIn("<b>scada-backup-link</b> — Backup link for grid control (SCADA): cost 15 JPY → grade <b>A</b>",
                      part)
        self.assertIn('<b class="grade-letter grade-C">C</b>', part)

    def test_no_breach_says_so(self):
        d = copy_fixture("small-run", self.scratch / "nobreach")
        s = json.loads((d / "summary.json").read_text(encoding="utf-8"))
        for x in s["sectors"]:
            x["rto_met"] = None if x.get("rto_h") is None else True
        (d / "summary.json").write_text(json.dumps(s), encoding="utf-8")
        (d / "measures.json").unlink()
        res = results.load(d)
        part = findings.section(res, "A", "NISC grade")
        self.assertIn("No sector exceeds its RTO within the horizon.", part)
        self.assertNotIn("Best countermeasure", part)

    def test_horizon_before_rto_reads_not_judged(self):
        # Cut the run at T+8: telecom (RTO 24 h) is below 90 % from T+0 to the
        # end, 8 h < 24 h: the run cannot tell whether it meets its RTO.
        d = copy_fixture("small-run", self.scratch / "short")
        with open(d / "timeseries.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        with open(d / "timeseries.csv", "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows([rows[0]] + [r for r in rows[1:] if float(r[0]) <= 8])
        s = json.loads((d / "summary.json").read_text(encoding="utf-8"))
        s["horizon_h"] = 8
        (d / "summary.json").write_text(json.dumps(s), encoding="utf-8")
        res = results.load(d)
        by_id = {x["id"]: x for x in res.sectors}
        self.assertTrue(findings.not_judged(res, by_id["telecom"]))
        self.assertFalse(findings.not_judged(res, by_id["water"]))  # never down
        self.assertFalse(findings.not_judged(res, by_id["power"]))  # breached: judged
        page = report.write(res, {}, {}).read_text(encoding="utf-8")
        self.assertIn('<tr class="not-judged"><td><b>telecom</b>', page)
        self.assertIn("not judged (horizon ends before the RTO)", page)
        self.assertIn("before the RTO runs out): telecom, finance.", section(page, "findings"))
        labels = [t.get_text() for t in impact.plot(res).axes[0].texts]
        # telecom (down T+0…) and finance (down T+3…, RTO 24 h) are both still down at T+8.
        self.assertEqual([x for x in labels if x.endswith("(not judged)")], ["20 h (not judged)", "18 h (not judged)"])
        plt.close("all")
        # The full fixture: telecom is back at T+20, before its RTO: judged.
        self.assertFalse(findings.not_judged(self.res, {**by_id["telecom"], "rto_met": True}))

    def test_sector_model_has_nothing_to_map(self):
        part = section(self.html, "map")
        self.assertIn('id="map-empty">Nothing to map: this is a sector-level model', part)
        self.assertNotIn("<svg", part)

    def test_tables_sortable_injects_collapsible(self):
        self.assertIn('<table class="scores sortable">', self.html)
        inj = section(self.html, "injects")
        self.assertIn('<details id="injects-list"><summary>14 injects', inj)
        self.assertIn("</details>", inj)

    def test_page_holds_only_its_own_script_under_a_csp(self):
        page = without_own_script(self.html)
        self.assertNotIn("<script", page)
        self.assertIn("default-src 'none'; script-src 'sha256-", interact.csp_meta())


class MonteCarlo(unittest.TestCase):
    def test_findings_name_the_central_case_and_breach_probabilities(self):
        res = results.load(support.FIXTURES / "small-mc")
        part = findings.section(res, "C", "most frequent NISC grade over the Monte Carlo samples")
        self.assertIn("First RTO breaches — deterministic central case", part)
        # small-mc/summary.json: p_rto_breach power 1.0, telecom 0.09, finance 0.02, water 0.
        self.assertIn("P(RTO breach): power 100 %, telecom 9 %, finance 2 %.", part)


class FanHover(unittest.TestCase):
    def test_each_fan_axes_carries_its_bands(self):
        d = copy_fixture("small-mc")
        try:
            plots.build(d)
            page = (d / "report.html").read_text(encoding="utf-8")
        finally:
            shutil.rmtree(d.parent)
        parsed = Attrs()
        parsed.feed(page)
        (fan,) = [a for t, a in parsed.tags if t == "figure" and a.get("data-figure") == "fan"]
        axes = json.loads(fan["data-hover"])
        # One axes per sector of mc_bands.csv (power, telecom, finance, water), each with its own patch.
        self.assertEqual([a["xlabel"] for a in axes], ["T+{t} h, power 電力", "T+{t} h, telecom 通信",
                                                       "T+{t} h, finance 金融", "T+{t} h, water 水道"])
        self.assertEqual([x["name"] for x in axes[0]["series"]], ["P10", "median", "P90", "mean"])
        for k in range(4):
            self.assertIn(f'id="fig-fan-hover-axes-{k}"', page)


class Hostile(unittest.TestCase):
    """The findings, map and hover data carry hostile names as text only."""

    @classmethod
    def setUpClass(cls):
        cls.scratch = Path(tempfile.mkdtemp(prefix="cisim-director-hostile-"))
        cls.dir = copy_fixture("hostile-names", cls.scratch)
        model = json.loads((cls.dir / "model.json").read_text(encoding="utf-8"))
        sector = model["sectors"][0]["id"]
        feats = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                  "properties": {"id": f'<img src=x onerror=alert({k})>', "name": BAD_NAME, "sector": sector,
                                 "class": '"><svg onload=alert(9)>', "worst_operability": op, "first_impact_h": 0.0,
                                 "time_to_recover_h": None, "jma_intensity": ji}}
                 for k, (lon, lat, op, ji) in enumerate([(140.1, 35.6, 0.0, 6.7), (139.8, 35.7, 0.7, 5.2),
                                                         (140.3, 35.3, 1.0, 4.0)])]
        (cls.dir / "affected.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": feats}),
                                                  encoding="utf-8")
        plots.build(cls.dir)
        cls.html = (cls.dir / "report.html").read_text(encoding="utf-8")
        cls.parsed = Attrs()
        cls.parsed.feed(without_own_script(cls.html))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.scratch)

    def test_no_markup_from_names(self):
        tags = {t for t, _a in self.parsed.tags}
        for bad in ("script", "img", "iframe", "x", "i"):
            self.assertNotIn(bad, tags)
        for tag, attrs in self.parsed.tags:
            for name in attrs:
                self.assertFalse(name.lower().startswith("on"), f"<{tag} {name}>")
        text = "".join(self.parsed.text)
        self.assertIn("<img src=x onerror=alert(0)>", text)   # in the map's <title>
        self.assertIn(BAD_NAME, text)

    def test_findings_escape_names(self):
        part = section(self.html, "findings")
        self.assertIn('<section id="findings">', part)
        self.assertNotIn("<b>銀行", part)

    def test_map_draws_points_by_state_and_intensity(self):
        part = section(self.html, "map")
        circles = [a for t, a in self.parsed.tags if t == "circle"]
        fills = [a.get("fill") for a in circles if a.get("r") == "5"]
        # Drawn best first: 100 % (grey), 70 % (below the 90 % threshold), 0 % (below 50 %).
        self.assertEqual(fills, ["#90a4ae", "#ef6c00", "#b71c1c"])
        rings = [a.get("stroke") for a in circles if a.get("r") == "8"]
        # JMA 4.0 → "4 or less", 5.2 → 5+, 6.7 → 7.
        self.assertEqual(rings, ["#c5cae9", "#3f51b5", "#311b92"])
        self.assertIn("JMA intensity 6.7 (shindo 7)", "".join(self.parsed.text))
        self.assertIn("shindo 5+", part)
        self.assertNotIn("epicentre", part)  # the fixture's events are no earthquakes
        if shutil.which("gmt"):
            self.assertIn("<polyline", part)  # Tokyo Bay's shores from GSHHG
            self.assertIn("Coastlines: GSHHG", part)

    def test_epicentre_star_with_escaped_title(self):
        res = results.load(self.dir)
        res.scenario = {"events": [{"kind": "earthquake", "id": "<b>q</b>", "lon": 139.9, "lat": 35.5, "mw": 7.3}]}
        part = geomap.section(res)
        self.assertIn('<g class="epicentre"><title>epicentre of &lt;b&gt;q&lt;/b&gt;, Mw 7.3</title>', part)
        self.assertIn("★ epicentre", part)

    def test_hover_data_is_an_escaped_attribute(self):
        figs = [a for t, a in self.parsed.tags if t == "figure" and a.get("data-figure") == "operability"]
        (data,) = json.loads(figs[0]["data-hover"])
        names = [s["name"] for s in data["series"]]
        self.assertTrue(any(BAD_ID in n for n in names), names)
        self.assertEqual((data["gid"], data["x0"], data["percent"]), ("hover-axes-0", 0, True))
        self.assertIn('id="fig-operability-hover-axes-0"', self.html)


class Pieces(unittest.TestCase):
    def test_hover_series_keeps_change_points(self):
        nan = float("nan")
        self.assertEqual(interact.hover_series("x", [0, 1, 2, 3, 4, 5], [1, 1, 0.5, 0.5, nan, 1]),
                         {"name": "x", "t": [0, 2, 4, 5], "v": [1, 0.5, None, 1]})
        self.assertEqual(interact.hover_attr([{"name": '<"&>'}]),
                         ' data-hover="[{&quot;name&quot;:&quot;&lt;\\&quot;&amp;&gt;&quot;}]"')

    def test_spread_and_by_year_values(self):
        self.assertAlmostEqual(style.mean_value({"spread": "mixture", "parts": [[0.44, 0.0], [0.56, 1.0]]}), 0.56)
        self.assertAlmostEqual(style.mean_value({"spread": "uniform", "min": 1, "max": 3}), 2.0)
        self.assertAlmostEqual(style.mean_value({"spread": "quantiles", "values": [0, 1, 5]}), 1.75)
        self.assertAlmostEqual(style.mean_value(
            {"spread": "mixture", "parts": [[0.5, 0], [0.5, {"spread": "uniform", "min": 2, "max": 4}]]}), 1.5)
        by_year = {"by_year": [{"from": 2011, "value": 0}, {"from": 2020, "value": 72}]}
        self.assertEqual(style.mean_value(by_year, year=2019), 0)
        self.assertEqual(style.mean_value(by_year, year=2024), 72)
        self.assertEqual(style.mean_value(by_year), 72)
        self.assertEqual(style.mean_value({"uncertain": "triangular", "min": 0, "mode": 0.1, "max": 0.3}), 0.1)
        self.assertEqual(style.mean_value(None, default=0), 0)

    def test_cascade_fills_by_severity_labels_by_time(self):
        res = results.load(support.FIXTURES / "small-run")
        dot = cascade.dot_source(res)
        line = next(x for x in dot.splitlines() if x.strip().startswith('"power" ['))
        self.assertIn(f'fillcolor="{cascade._severity_color(0.344)}"', line)
        self.assertIn("first impact T+4 h, min 34 %", line)
        self.assertNotEqual(cascade._severity_color(0.344), cascade._severity_color(0.473728))

    def test_map_ticks_and_bbox(self):
        # 1.7° wide: a 0.2° step gives 8 ticks (> 7), 0.25° gives 6.
        self.assertEqual(geomap._ticks(139.2, 140.9), [139.25, 139.5, 139.75, 140.0, 140.25, 140.5, 140.75])
        w, e, s, n = geomap._bbox([(140.0, 35.0, {}), (141.0, 36.0, {})])
        self.assertAlmostEqual(w, 139.7)
        self.assertAlmostEqual(n, 36.3)


if __name__ == "__main__":
    unittest.main()
