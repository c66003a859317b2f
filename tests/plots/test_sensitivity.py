#!/usr/bin/python3
"""plots.sensitivity on a hand-made sensitivity.json: one chart per overall
output, its inputs labelled, ordered by total index, as SVG and PNG; the
tornado of each overall output; the report's "five assumptions" section."""
import json
import shutil
import tempfile
import unittest
from pathlib import Path

import support  # noqa: F401  (puts the source tree on sys.path)
from support import copy_fixture, png_size, svg_text

import matplotlib.image

import plots
from plots import report, sensitivity

RESULT = {
    "method": "sobol", "samples": 64, "runs": 256,
    "outputs": [
        {"output": "overall.inoperability_hours", "parameters": [
            {"parameter": "/dependencies/1/strength", "label": "S2->C strength", "S1": 0.01, "S1_conf": 0.02,
             "ST": 0.02, "ST_conf": 0.01},
            {"parameter": "/dependencies/0/strength", "label": "S1->C strength", "S1": 0.97, "S1_conf": 0.1,
             "ST": 0.99, "ST_conf": 0.08}]},
        {"output": "sector.C.downtime_h", "parameters": []},
    ],
}


class SobolChart(unittest.TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp())
        (self.dir / "sensitivity.json").write_text(json.dumps(RESULT), encoding="utf-8")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def test_one_chart_per_overall_output(self):
        figures = sensitivity.build(self.dir)
        self.assertEqual(list(figures), ["sensitivity-overall-inoperability_hours"])
        svg = figures["sensitivity-overall-inoperability_hours"]
        self.assertTrue(svg.is_file())
        w, h = png_size(svg.with_suffix(".png"))
        self.assertGreater(w, 300)
        text = svg_text(svg)
        # the larger total index is drawn last (top of the chart)
        self.assertLess(text.index("S2->C strength"), text.index("S1->C strength"))
        self.assertIn("hazards at their central case", text)

    def test_morris(self):
        morris = {"method": "morris", "samples": 10, "runs": 30, "outputs": [
            {"output": "overall.loss", "parameters": [
                {"parameter": "/a", "label": "a", "mu_star": 2.0, "sigma": 0.5}]}]}
        (self.dir / "sensitivity.json").write_text(json.dumps(morris), encoding="utf-8")
        self.assertEqual(list(sensitivity.build(self.dir)), ["sensitivity-overall-loss"])


def _param(i, label, st, swing, s1=None):
    return {"parameter": f"/dependencies/{i}/strength", "label": label, "S1": st if s1 is None else s1,
            "S1_conf": 0.01, "ST": st, "ST_conf": 0.02, "input_low": 0.1, "input_high": 0.9,
            "low": 10.0, "high": 10.0 + swing, "swing": swing}


TORNADO = {
    "method": "sobol", "samples": 64, "runs": 256,
    "tornado": {"low_quantile": 0.1, "high_quantile": 0.9, "others": "median", "runs": 5},
    "outputs": [{"output": "overall.inoperability_hours", "base": 12.0, "parameters": [
        _param(0, "small swing", 0.1, 1.0), _param(1, "big swing", 0.9, -6.0)]}],
}


class Tornado(unittest.TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp())
        (self.dir / "sensitivity.json").write_text(json.dumps(TORNADO), encoding="utf-8")

    def tearDown(self):
        shutil.rmtree(self.dir)

    def test_tornado_drawn_widest_swing_on_top(self):
        figures = sensitivity.build(self.dir)
        self.assertEqual(sorted(figures), ["sensitivity-overall-inoperability_hours",
                                           "tornado-overall-inoperability_hours"])
        svg = figures["tornado-overall-inoperability_hours"]
        png = svg.with_suffix(".png")
        self.assertTrue(svg.is_file() and png.is_file())
        pixels = matplotlib.image.imread(png)
        self.assertGreater(float(pixels[..., :3].std()), 0.05)  # not blank
        text = svg_text(svg)
        self.assertLess(text.index("small swing"), text.index("big swing"))  # widest drawn last: at the top
        self.assertIn("P10", text)
        self.assertIn("P90", text)
        self.assertIn("0.1 .. 0.9", text)  # the input's P10 .. P90


def _sensitivity_result(compliance_varies):
    """Six inputs; ST descending 0.6, 0.5, …, 0.1 in a shuffled order; one label to escape."""
    sts = [0.3, 0.6, 0.1, 0.5, 0.2, 0.4]
    labels = ["c", "<b>a & co</b>", "f", "b", "e", "d"]
    params = [dict(_param(i, labels[i], st, 0.0 if st < 0.2 else -0.25, s1=st / 2), low=0.75,
                   high=0.75 if st < 0.2 else 0.5) for i, st in enumerate(sts)]
    zero = [dict(p, S1=0.0, ST=0.0, S1_conf=0.0, ST_conf=0.0, low=1.0, high=1.0, swing=0.0) for p in params]
    ih = [dict(p, ST=1 - p["ST"], low=10.0, high=14.0, swing=4.0) for p in params]  # reverse order
    return {"method": "sobol", "samples": 64, "runs": 512,
            "tornado": {"low_quantile": 0.1, "high_quantile": 0.9, "others": "median", "runs": 13},
            "outputs": [{"output": "overall.rto_compliance", "base": 1.0 if not compliance_varies else 0.75,
                         "parameters": params if compliance_varies else zero},
                        {"output": "overall.inoperability_hours", "base": 12.0, "parameters": ih}]}


class AssumptionsSection(unittest.TestCase):
    def result_dir(self, compliance_varies):
        d = copy_fixture("small-run")
        self.addCleanup(shutil.rmtree, d.parent)
        (d / "sensitivity.json").write_text(json.dumps(_sensitivity_result(compliance_varies)), encoding="utf-8")
        summary = json.loads((d / "summary.json").read_text(encoding="utf-8"))
        summary["uncertain"] = [{"parameter": "/dependencies/1/strength", "in": "model",
                                 "distribution": "uniform(0.2, <0.9>)", "median": 0.55}]
        (d / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
        return d

    def test_five_largest_total_indices_for_compliance(self):
        # The whole page (the hook in report.write and the figures).
        figures, report = plots.build(self.result_dir(True))
        html = report.read_text(encoding="utf-8")
        start = html.index('<section id="assumptions">')
        sec = html[start:html.index("</section>", start)]
        self.assertIn("The five assumptions that decide the grade", sec)
        self.assertIn("tornado-overall-rto_compliance", figures)
        rows = sec.split("<tr>")[2:]
        self.assertEqual(len(rows), 5)
        order = [r.split("<b>", 1)[1].split("</b>", 1)[0] for r in rows]
        self.assertEqual(order, ["&lt;b&gt;a &amp; co&lt;/b&gt;", "b", "d", "c", "e"])  # f (ST 0.1) left out
        self.assertNotIn("<b>a & co</b>", sec)  # escaped everywhere
        self.assertIn("/dependencies/1/strength", sec)
        self.assertIn("uniform(0.2, &lt;0.9&gt;)", sec)  # the range from summary.json, escaped
        self.assertIn("0.60 ± 0.02", sec)  # ST with its confidence
        self.assertIn("0.30 ± 0.01", sec)  # S1 with its confidence
        self.assertIn("RTO compliance (the grade)", sec)
        self.assertTrue("at its P10 (0.100) overall.rto_compliance is 75 %, at its P90 (0.900) 50 %" in sec)
        self.assertEqual(sec.count("alone explains"), 5)  # one sentence per input
        self.assertTrue('id="fig-tornado-overall-rto_compliance"' in sec)

    def test_falls_back_to_inoperability_hours(self):
        sec = report._assumptions_section(plots.load(self.result_dir(False)))
        self.assertIn("does not vary", sec)
        rows = sec.split("<tr>")[2:]
        order = [r.split("<b>", 1)[1].split("</b>", 1)[0] for r in rows]
        self.assertEqual(order, ["f", "e", "c", "d", "b"])  # ST 1 - x: the reverse
        self.assertIn("inoperability-hours", sec)

    def test_no_section_without_sensitivity(self):
        d = copy_fixture("small-run")
        self.addCleanup(shutil.rmtree, d.parent)
        self.assertEqual(report._assumptions_section(plots.load(d)), "")


class ParamValue(unittest.TestCase):
    def test_the_number_each_form_stands_for(self):
        from plots.results import param_value
        self.assertEqual(param_value(0.4, 1.0), 0.4)
        self.assertEqual(param_value({"uncertain": "uniform", "min": 0.2, "max": 0.8}, 1.0), 0.5)
        self.assertEqual(param_value({"uncertain": "lognormal", "median": 3, "beta": 0.4}, 1.0), 3.0)
        # triangular(0, 0, 2): F(m) = m - m²/4 = 1/2 at m = 2 - √2
        self.assertAlmostEqual(param_value({"uncertain": "triangular", "min": 0, "mode": 0, "max": 2}, 1.0),
                               2 - 2 ** 0.5)
        self.assertEqual(param_value({"spread": "quantiles", "values": [1, 2, 9]}, 0.0), 2.0)
        self.assertEqual(param_value({"spread": "mixture", "parts": [[0.5, 0], [0.5, {"spread": "uniform",
                                                                                      "min": 2, "max": 6}]]}, 0.0), 2.0)
        self.assertEqual(param_value({"by_year": [{"from": 2011, "value": 3}, {"from": 2018, "value": 5}]}, 0.0), 5.0)
        self.assertEqual(param_value({"what": 1}, 7.0), 7.0)
        self.assertEqual(param_value(None, 7.0), 7.0)


if __name__ == "__main__":
    unittest.main()
