#!/usr/bin/python3
"""Strings from models, scenarios and CSVs are text, never markup: the
hostile-names fixture names a sector `<script>alert(1)</script>`, gives ids
and descriptions with '&', quotes and tags, and must come out escaped in
report.html, in matplotlib's SVG and in Graphviz's SVG."""
import html.parser
import shutil
import unittest

import support  # noqa: F401
from support import RUN_FIGURES, copy_fixture, svg_tags, svg_text, without_own_script

import plots
from plots import cascade

BAD_ID = 'fin&"q\'<x>'
BAD_NAME = "<script>alert(1)</script>"
BAD_JA = "金融 & <b>銀行</b>"
BAD_EVENT = 'kddi<core>&"x"'


class Tags(html.parser.HTMLParser):
    """Start tags and attributes of a page, as a browser's tokenizer sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


class HostileNames(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = copy_fixture("hostile-names")
        cls.figures, report = plots.build(cls.dir)
        cls.html = report.read_text(encoding="utf-8")
        cls.parsed = Tags()
        cls.parsed.feed(without_own_script(cls.html))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir.parent)

    def test_report_shows_the_names_escaped(self):
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", self.html)
        self.assertNotIn(BAD_NAME, self.html)
        self.assertIn("fin&amp;&quot;q&#x27;&lt;x&gt;", self.html)
        self.assertIn("金融 &amp; &lt;b&gt;銀行&lt;/b&gt;", self.html)
        self.assertIn("&lt;img src=x onerror=alert(4)&gt;", self.html)
        self.assertIn("Outage &quot;A&amp;B&quot; &lt;i&gt;test&lt;/i&gt;", self.html)

    def test_report_text_is_the_literal_names(self):
        text = "".join(self.parsed.text)
        for literal in (BAD_NAME, BAD_ID, BAD_JA, BAD_EVENT, "<img src=x onerror=alert(4)>"):
            self.assertIn(literal, text)

    def test_report_has_no_injected_elements_or_handlers(self):
        tags = {t for t, _a in self.parsed.tags}
        for bad in ("script", "img", "iframe", "i", "x", "core", "object", "embed", "link"):
            self.assertNotIn(bad, tags)
        # <b> is ours (bold ids); none may come from the name_ja "<b>銀行</b>".
        self.assertNotIn("<b>銀行", self.html)
        for tag, attrs in self.parsed.tags:
            for name, _value in attrs:
                self.assertFalse(name.lower().startswith("on"), f"<{tag} {name}>")

    def test_svgs_parse_and_carry_the_names_as_text(self):
        for name in RUN_FIGURES:
            tags = svg_tags(self.figures[name])
            self.assertNotIn("script", tags, name)
            self.assertNotIn("b", tags, name)
        self.assertIn(f"{BAD_ID} {BAD_JA}", svg_text(self.figures["operability"]))
        self.assertIn(BAD_EVENT, svg_text(self.figures["operability"]))
        self.assertIn(f"{BAD_ID} {BAD_JA}", svg_text(self.figures["impact"]))
        graph = svg_text(self.figures["cascade"])
        self.assertIn(BAD_ID, graph)
        self.assertIn(BAD_JA, graph)

    def test_dot_strings_are_quoted_and_entity_safe(self):
        self.assertEqual(cascade.dot_string('a"b\\c&d\ne'), '"a\\"b\\\\c&amp;d e"')
        self.assertEqual(cascade.dot_string("&lt;"), '"&amp;lt;"')  # shown as "&lt;", not "<"
        graph = svg_text(self.figures["cascade"])
        self.assertNotIn("&amp;", graph)  # parsed text: entities decoded exactly once


if __name__ == "__main__":
    unittest.main()
