#!/usr/bin/python3
"""report.html in a real browser: headless Chromium loads it from file://,
its DOM holds the grade and every figure, escaped names stay text, a
screenshot renders, and the page makes no network request (Chromium's
net log, checked against a control page that does make one).
Exits 77 (ctest SKIP_RETURN_CODE) only when /usr/bin/chromium is absent."""
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import support  # noqa: F401
from support import MC_FIGURES, RUN_FIGURES, copy_fixture, png_size

import plots
from plots import interact

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium(url, *extra, scratch):
    """Runs Chromium with a fresh profile; returns (stdout, net-log events of
    requests the page itself started)."""
    profile = tempfile.mkdtemp(prefix="profile-", dir=scratch)
    netlog = Path(scratch) / f"netlog-{os.path.basename(profile)}.json"
    run = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--log-net-log={netlog}",
                          "--net-log-capture-mode=Default", *extra, url],
                         capture_output=True, text=True, timeout=180)
    if run.returncode != 0:
        raise AssertionError(f"chromium exited {run.returncode}: {run.stderr[-2000:]}")
    return run.stdout, page_requests(netlog)


def page_requests(netlog):
    """URLs of requests started on behalf of a file:// page. Chromium's own
    background traffic (updates, accounts) has no file:// site and is ignored."""
    log = json.loads(Path(netlog).read_text(encoding="utf-8"))
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    urls = []
    for ev in log["events"]:
        p = ev.get("params") or {}
        if ev.get("type") == start_job and "site=file://" in str(p.get("site_for_cookies", "")):
            urls.append(p.get("url", ""))
    return urls


class Dom(html.parser.HTMLParser):
    """Elements of a dumped DOM: (tag, attrs) plus the text inside each <script>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.scripts = []
        self._in_script = False
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


class Browser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = Path(tempfile.mkdtemp(prefix="cisim-browser-test-"))
        cls.dirs = {}
        for name in ("small-run", "small-mc", "hostile-names"):
            d = copy_fixture(name, cls.scratch)
            plots.build(d)
            cls.dirs[name] = d

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.scratch)

    def dump(self, name):
        out, requests = chromium((self.dirs[name] / "report.html").as_uri(), "--dump-dom", scratch=self.scratch)
        dom = Dom()
        dom.feed(out)
        return out, dom, requests

    def test_dom_holds_grade_and_every_figure(self):
        for name, figures, grade, title in (
                ("small-run", RUN_FIGURES, "C", "NISC grade"),
                ("small-mc", MC_FIGURES, "C", "most frequent NISC grade over the Monte Carlo samples")):
            out, dom, requests = self.dump(name)
            ids = {a.get("id"): (t, a) for t, a in dom.elements if a.get("id")}
            self.assertIn("grade", ids, name)
            self.assertIn(f'id="grade" title="{title}">{grade}</div>', out)
            for fig in figures:
                self.assertIn(f"fig-{fig}", ids, f"{name}: figure {fig}")
                self.assertEqual(ids[f"fig-{fig}"][0], "figure")
            self.assertEqual(sum(1 for t, _a in dom.elements if t == "svg"), len(figures), name)
            self.assertEqual(requests, [], f"{name}: the page fetched {requests}")

    def test_hostile_names_stay_text_in_the_dom(self):
        out, dom, requests = self.dump("hostile-names")
        # The one script is the report's own (plots/interact.py), as written.
        self.assertEqual([x.strip() for x in dom.scripts if x.strip()], [interact.SCRIPT])
        self.assertEqual(sum(1 for t, _a in dom.elements if t == "script"), 1)
        self.assertNotIn("img", {t for t, _a in dom.elements})
        for _tag, attrs in dom.elements:
            self.assertFalse(any(k.startswith("on") for k in attrs), attrs)
        text = "".join(dom.text)
        self.assertIn("<script>alert(1)</script>", text)
        self.assertIn("<img src=x onerror=alert(4)>", text)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", out)
        self.assertEqual(requests, [])

    def test_the_net_log_check_sees_a_fetching_page(self):
        # Control: without it the no-request assertions above could not fail.
        page = self.scratch / "fetching.html"
        page.write_text('<html><body><img src="http://cisim-test.invalid/x.png">x</body></html>', encoding="utf-8")
        _out, requests = chromium(page.as_uri(), "--dump-dom", scratch=self.scratch)
        self.assertEqual(requests, ["http://cisim-test.invalid/x.png"])

    def test_screenshot_renders_the_page(self):
        shot = self.scratch / "report.png"
        chromium((self.dirs["small-run"] / "report.html").as_uri(), f"--screenshot={shot}",
                 "--window-size=1280,4000", "--hide-scrollbars", scratch=self.scratch)
        self.assertEqual(png_size(shot), (1280, 4000))
        import matplotlib.pyplot as plt
        pixels = plt.imread(shot)[..., :3]
        ink = (pixels.min(axis=2) < 0.85).mean()
        self.assertGreater(ink, 0.05, "the screenshot is nearly blank")
        self.assertGreater(len({tuple(p) for p in pixels[::16, ::16].reshape(-1, 3).round(2)}), 50)


if __name__ == "__main__":
    if not os.path.exists(CHROMIUM):
        print(f"SKIP: {CHROMIUM} is not installed", file=sys.stderr)
        sys.exit(77)
    unittest.main()
