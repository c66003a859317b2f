#!/usr/bin/python3
"""plots.sensitivity on a hand-made sensitivity.json: one chart per overall
output, its inputs labelled, ordered by total index, as SVG and PNG."""
import json
import shutil
import tempfile
import unittest
from pathlib import Path

import support  # noqa: F401  (puts the source tree on sys.path)
from support import png_size, svg_text

from plots import sensitivity

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


if __name__ == "__main__":
    unittest.main()
