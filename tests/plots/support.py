"""Shared helpers of the plots tests: fixture copies in temporary directories,
SVG text, PNG headers. Fixtures live in tests/fixtures/results/."""
import shutil
import struct
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parents[2]
FIXTURES = SOURCE_DIR / "tests" / "fixtures" / "results"
if str(SOURCE_DIR) not in sys.path:
    sys.path.insert(0, str(SOURCE_DIR))

RUN_FIGURES = ["operability", "gantt", "cascade", "impact", "heatmap"]
MC_FIGURES = ["fan", "mc-breaches", "cascade", "impact", "heatmap"]


def copy_fixture(name, parent=None):
    """A fresh copy of fixture `name` in a new temporary directory; returns its path."""
    parent = Path(parent or tempfile.mkdtemp(prefix="cisim-plots-test-"))
    target = parent / name
    shutil.copytree(FIXTURES / name, target)
    return target


def svg_text(path):
    """All text of an SVG (parsed, so entities are decoded), joined by newlines."""
    root = ET.parse(path).getroot()
    return "\n".join(t for el in root.iter() for t in (el.text, el.tail) if t and t.strip())


def svg_tags(path):
    """Local names of every element of an SVG."""
    return {el.tag.rsplit("}", 1)[-1] for el in ET.parse(path).getroot().iter()}


def png_size(path):
    """(width, height) from a PNG's IHDR; raises if the signature is wrong."""
    data = Path(path).read_bytes()[:24]
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError(f"{path}: not a PNG")
    return struct.unpack(">II", data[16:24])


def without_own_script(page):
    """The page less its one inline script, after checking that it holds
    exactly one <script> and that it is cisim's own (plots/interact.py), run
    only by the page's Content-Security-Policy hash."""
    from plots import interact
    own = f"<script>{interact.SCRIPT}</script>"
    if page.lower().count("<script") != 1 or page.count(own) != 1:
        raise AssertionError("the page must hold exactly one <script>, cisim's own")
    if interact.csp_meta() not in page:
        raise AssertionError("the page lacks its Content-Security-Policy")
    return page.replace(own, "")
