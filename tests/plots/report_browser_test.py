#!/usr/bin/python3
"""report.html driven in headless Chromium through chromedriver (WebDriver,
real clicks and pointer moves): the findings are on the first screen, a click
on a header sorts a table, the filter hides rows, the inject list opens,
curves show values on hover, no SVG label runs outside its figure, and every
shipped scenario's page renders (a screenshot that is not blank).

The shipped scenarios are run with `cisim run` (well under a second each);
their pages are written without re-drawing the matplotlib figures, which
plots.figures and the fixture page here cover; noto-2024 (asset level, an
earthquake, households) gets its full figure set. Usage: report_browser_test.py CISIM.
Exits 77 (ctest SKIP_RETURN_CODE) when chromium or chromedriver is absent."""
import io
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import support  # noqa: F401
from support import SOURCE_DIR, copy_fixture

import webdriver

import plots
from plots import report, results

CISIM = None
FULL = {"noto-2024"}  # asset level: map, earthquake, households figure

# Text elements of inline SVGs whose box leaves the SVG's viewBox (clipped labels).
CLIPPED_TEXT = """
var bad = [];
document.querySelectorAll("svg").forEach(function (svg) {
  if (svg.parentNode.closest && svg.parentNode.closest("svg")) return;
  var vb = svg.viewBox && svg.viewBox.baseVal, m = svg.getScreenCTM();
  if (!vb || !vb.width || !m) return;
  var inv = m.inverse();
  svg.querySelectorAll("text").forEach(function (t) {
    var r = t.getBoundingClientRect();
    if (!r.width || !t.textContent.trim()) return;
    var a = svg.createSVGPoint(), b = svg.createSVGPoint();
    a.x = r.left; a.y = r.top; b.x = r.right; b.y = r.bottom;
    a = a.matrixTransform(inv); b = b.matrixTransform(inv);
    if (a.x < vb.x - 1 || a.y < vb.y - 1 || b.x > vb.x + vb.width + 1 || b.y > vb.y + vb.height + 1)
      bad.push((svg.closest("figure,section") || svg).id + ": " + t.textContent.trim());
  });
});
return bad;
"""


def column(browser, table_css, k):
    return browser.run("var k = arguments[1];"
                       "return Array.from(document.querySelector(arguments[0]).tBodies[0].rows)"
                       ".filter(function (r) { return !r.hidden; })"
                       ".map(function (r) { return r.cells[k].textContent.trim(); });", table_css, k)


def ink(png):
    """Share of pixels that are not near-white, and the count of distinct colours."""
    import matplotlib.pyplot as plt
    pixels = plt.imread(io.BytesIO(png), format="png")[..., :3]
    share = float((pixels.min(axis=2) < 0.9).mean())
    colours = len({tuple(p) for p in pixels[::8, ::8].reshape(-1, 3).round(2)})
    return share, colours


class ReportInChromium(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = Path(tempfile.mkdtemp(prefix="cisim-report-browser-"))
        cls.small = copy_fixture("small-run", cls.scratch)
        plots.build(cls.small)
        cls.scenarios = {}
        for path in sorted((SOURCE_DIR / "scenarios").glob("*.json")):
            out = cls.scratch / "runs" / path.stem
            run = subprocess.run([CISIM, "run", str(path), "--out", str(out), "--force"], capture_output=True,
                                 text=True, timeout=300)
            if run.returncode != 0:
                raise AssertionError(f"cisim run {path.name}: {run.stderr[-1000:]}")
            if path.stem in FULL:
                plots.build(out)
            else:
                report.write(results.load(out), {}, {})
            cls.scenarios[path.stem] = out
        cls.browser = webdriver.Browser(width=1280, height=1000, scratch=str(cls.scratch))

    @classmethod
    def tearDownClass(cls):
        cls.browser.quit()
        shutil.rmtree(cls.scratch)

    def open(self, directory):
        self.browser.get((directory / "report.html").as_uri())
        self.assertEqual(self.browser.run('return document.documentElement.getAttribute("data-ready")'), "1",
                         "the report's script did not run to the end")

    def test_findings_on_the_first_screen(self):
        self.open(self.small)
        b = self.browser
        top = b.run('return document.getElementById("findings").getBoundingClientRect().top')
        self.assertLess(top, b.run("return window.innerHeight") / 2)
        text = b.text(b.find("#findings"))
        self.assertIn("FIRST RTO BREACHES", text.upper())
        self.assertIn("power 電力 at T+10 h (RTO 6 h, down since T+4 h): hit by kanto-blackout", text)
        self.assertIn("scada-backup-link", text)

    def test_a_click_on_a_header_sorts_the_table(self):
        self.open(self.small)
        b = self.browser
        heads = b.find_all("table.scores th")
        k = [b.text(h).strip() for h in heads].index("min operability")
        before = column(b, "table.scores", k)
        self.assertEqual(before, ["34 %", "12 %", "47 %", "100 %"])  # model order
        b.click(heads[k])
        self.assertEqual(column(b, "table.scores", k), ["12 %", "34 %", "47 %", "100 %"])
        b.click(heads[k])
        self.assertEqual(column(b, "table.scores", k), ["100 %", "47 %", "34 %", "12 %"])
        name = [b.text(h).strip() for h in heads].index("sector")
        b.click(heads[name])
        self.assertEqual([x.split()[0] for x in column(b, "table.scores", name)],
                         ["finance", "power", "telecom", "water"])

    def test_filter_hides_rows(self):
        self.open(self.small)
        b = self.browser
        box = b.find("#impact input.filter")
        b.type(box, "tele")
        self.assertEqual([x.split()[0] for x in column(b, "table.scores", 0)], ["telecom"])

    def test_inject_list_opens_on_click(self):
        self.open(self.small)
        b = self.browser
        self.assertFalse(b.run('return document.getElementById("injects-list").open'))
        b.click(b.find("#injects-list summary"))
        self.assertTrue(b.run('return document.getElementById("injects-list").open'))
        self.assertGreater(b.run('return document.querySelector("#injects-list table").offsetHeight'), 100)

    def test_curve_values_on_hover(self):
        self.open(self.small)
        b = self.browser
        b.run('document.getElementById("fig-operability").scrollIntoView()')
        svg = b.find("#fig-operability svg")
        b.move_to(svg, -60, 0)
        hidden, text = b.run('var t = document.querySelector(".hover-tip"); return [t.hidden, t.textContent];')
        self.assertFalse(hidden)
        self.assertRegex(text, r"^T\+[0-9.]+ h\npower 電力: [0-9.]+ %\ntelecom 通信: ")
        b.move_to(b.find("#fig-operability figcaption"))
        self.assertTrue(b.run('return document.querySelector(".hover-tip").hidden'))

    def test_household_counts_on_hover(self):
        self.open(self.scenarios["noto-2024"])
        b = self.browser
        b.run('document.getElementById("fig-households").scrollIntoView()')
        b.move_to(b.find("#fig-households svg"), -40, -60)
        hidden, text = b.run('var t = document.querySelector(".hover-tip"); return [t.hidden, t.textContent];')
        self.assertFalse(hidden)
        self.assertRegex(text, r"^T\+[0-9.]+ h, households without service\n.+: [0-9,]+\n")

    def test_no_label_leaves_its_figure(self):
        for name, d in [("small-run", self.small), *self.scenarios.items()]:
            self.open(d)
            self.assertEqual(self.browser.run(CLIPPED_TEXT), [], name)

    def test_the_checks_see_a_clipped_label_and_a_blank_page(self):
        # Controls: without them the two checks above could not fail.
        page = self.scratch / "control.html"
        page.write_text('<html><body><svg viewBox="0 0 100 50" width="200" height="100">'
                        '<text x="70" y="20">a label too long to fit</text></svg></body></html>', encoding="utf-8")
        self.browser.get(page.as_uri())
        self.assertEqual(self.browser.run(CLIPPED_TEXT), [": a label too long to fit"])
        share, _colours = ink(self.browser.screenshot())
        self.assertLess(share, 0.05)

    def test_every_shipped_scenario_renders(self):
        self.assertGreaterEqual(len(self.scenarios), 1)
        for name, d in self.scenarios.items():
            self.open(d)
            b = self.browser
            self.assertTrue(b.run('return !!document.querySelector("#findings .grade-letter")'), name)
            self.assertTrue(b.run('return !!document.querySelector("#map")'), name)
            share, colours = ink(b.screenshot())
            self.assertGreater(share, 0.05, f"{name}: the first screen is nearly blank")
            self.assertGreater(colours, 20, name)
            model_nodes = (results.load(d).model or {}).get("nodes")
            has_map = b.run('return !!document.querySelector("#map svg")')
            self.assertEqual(has_map, (d / "affected.geojson").exists(), name)
            if not has_map and not model_nodes:
                self.assertIn("sector-level model", b.text(b.find("#map-empty")), name)


if __name__ == "__main__":
    if not webdriver.available():
        print("SKIP: chromium or chromedriver (apt-get install chromium chromium-driver) is not installed",
              file=sys.stderr)
        sys.exit(77)
    CISIM = sys.argv.pop(1)
    unittest.main()
