"""The cascade graph: the dependency graph of model.json laid out by Graphviz
`dot`, each sector (or asset, for small asset-level models) filled by the time
of its first impact, and the edges that carried the cascade highlighted (the
supplier named as `cause` of a consumer's supply_lost / buffer_exhausted /
below_* event in events.csv). Every model string is escaped for DOT, so the
SVG that dot writes carries it as text only."""
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import matplotlib

from . import style
from .results import param_value

# Event kinds whose `cause` names the supplier that passed the impact on. A
# supply_lost counts too when the dependency has no buffer to absorb it;
# otherwise the edge is drawn as "supply lost, buffered".
CARRYING_KINDS = {"buffer_exhausted", "below_service", "below_half"}
# Events that show a unit was impacted, when timeseries.csv lacks node rows.
IMPACT_KINDS = {"direct_hit", "buffer_exhausted", "below_service", "below_half"}

NOT_IMPACTED = "#eceff1"
EDGE_NORMAL = "#90a4ae"
EDGE_CASCADE = "#c62828"
EDGE_BUFFERED = "#f9a825"
EDGE_STYLE = {"physical": "solid", "cyber": "dashed", "geographic": "dotted", "logical": "dashed"}


class DotError(Exception):
    """Graphviz failed or is missing."""


def dot_string(text):
    """A quoted DOT string that Graphviz shows literally: backslashes and quotes
    escaped, '&' as an entity (dot decodes entities), line breaks flattened."""
    text = str(text)
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    text = text.replace("\r", " ").replace("\n", " ")
    return f'"{text}"'


def _label(*lines):
    """A multi-line DOT label from raw lines (each escaped)."""
    return '"' + "\\n".join(dot_string(line)[1:-1] for line in lines if line) + '"'


def _legend_stops(t_max):
    """0 and round multiples of a step covering t_max: at most 5 stops."""
    for step in (0.25, 0.5, 1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 720, 1440, 2880, 8760):
        if t_max <= 4 * step:
            break
    n = max(1, -int(-t_max // step))
    return [k * step for k in range(n + 1)]


def _impact_color(t, t_max):
    """Fill colour for a first impact at t (red = early, yellow = late)."""
    cmap = matplotlib.colormaps["YlOrRd_r"]
    frac = 0.0 if t_max <= 0 else min(max(t / t_max, 0.0), 1.0)
    return matplotlib.colors.to_hex(cmap(0.08 + 0.72 * frac))


def _text_color(fill):
    r, g, b = matplotlib.colors.to_rgb(fill)
    return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.5 else "black"


class _Graph:
    """What is drawn: units (sectors or assets), clusters, aggregated edges."""

    def __init__(self, res):
        model = res.model
        self.sectors = model.get("sectors") or []
        self.nodes = model.get("nodes") or []
        self.detail = res.node_detail()
        self.sector_of = {str(n.get("id")): str(n.get("sector")) for n in self.nodes}
        self.members = {}
        for n in self.nodes:
            self.members.setdefault(str(n.get("sector")), []).append(str(n.get("id")))
        summary_sector = {str(s["id"]): s for s in res.sectors}
        self.first = {}
        for s in self.sectors:
            sid = str(s.get("id"))
            t = summary_sector.get(sid, {}).get("first_impact_h")
            if t is not None:
                self.first[sid] = float(t)
        if self.detail:
            self.first.update(res.node_first_impact)
            if not res.node_first_impact and res.events:
                for ev in res.events:
                    if ev["kind"] in IMPACT_KINDS and ev["id"] in self.sector_of:
                        self.first.setdefault(ev["id"], ev["t_h"])

    def key(self, unit_id):
        """Drawn endpoint of a model id: ('unit', id) or ('cluster', sector)."""
        unit_id = str(unit_id)
        if not self.detail:
            return ("unit", self.sector_of.get(unit_id, unit_id))
        if unit_id in self.sector_of:
            return ("unit", unit_id)
        if unit_id in self.members:
            return ("cluster", unit_id)
        return ("unit", unit_id)

    def edges(self, res):
        """{(from_key, to_key): {"strength", "types", "buffer_h", "cascade_t", "buffered_t"}}."""
        edges = {}

        def edge(k):
            return edges.setdefault(k, {"strength": 0.0, "types": set(), "buffer_h": None,
                                        "cascade_t": None, "buffered_t": None})

        for dep in res.model.get("dependencies") or []:
            if dep.get("effect", "function") != "function":
                continue
            e = edge((self.key(dep.get("from")), self.key(dep.get("to"))))
            e["strength"] = max(e["strength"], param_value(dep.get("strength", 1.0), 1.0))
            e["types"].add(str(dep.get("type", "physical")))
            b = param_value(dep.get("buffer_h", 0) or 0, 0.0)
            e["buffer_h"] = b if e["buffer_h"] is None else min(e["buffer_h"], b)
        for ev in res.events or []:
            if not ev.get("cause") or ev["kind"] not in CARRYING_KINDS | {"supply_lost"}:
                continue
            k = (self.key(ev["cause"]), self.key(ev["id"]))
            if k[0] == k[1] and not self.detail and k not in edges:
                continue  # an asset passing impact to a sibling: no sector-level edge to show
            candidates = [k]
            if self.detail and k[1][0] == "unit" and k[1][1] in self.sector_of:
                candidates.append((k[0], ("cluster", self.sector_of[k[1][1]])))
            e = edge(next((c for c in candidates if c in edges), k))
            carried = ev["kind"] in CARRYING_KINDS or not e["buffer_h"]
            slot = "cascade_t" if carried else "buffered_t"
            if e[slot] is None or ev["t_h"] < e[slot]:
                e[slot] = ev["t_h"]
        return edges


def dot_source(res):
    """The DOT text of the cascade graph (None without model.json)."""
    if not res.model or not res.model.get("sectors"):
        return None
    g = _Graph(res)
    stops = _legend_stops(max([0.0] + list(g.first.values())))
    t_max = stops[-1]
    out = ["digraph cascade {",
           '  graph [rankdir=LR, fontname="sans-serif", fontsize=12, nodesep=0.35, ranksep=0.9,'
           ' pad=0.25, compound=true, newrank=true, labelloc=b, labeljust=l];',
           '  node [shape=box, style="rounded,filled", fontname="sans-serif", fontsize=12,'
           ' penwidth=1.2, margin="0.14,0.06"];',
           '  edge [fontname="sans-serif", fontsize=10, arrowsize=0.7];']

    def unit_attrs(uid, lines):
        t = g.first.get(uid)
        fill = NOT_IMPACTED if t is None else _impact_color(t, t_max)
        when = "not impacted" if t is None else f"first impact T+{style.fmt_hours(t)} h"
        border = "#90a4ae" if t is None else "#37474f"
        return (f"{dot_string(uid)} [label={_label(*lines, when)}, fillcolor=\"{fill}\","
                f" fontcolor=\"{_text_color(fill)}\", color=\"{border}\"];")

    for s in g.sectors:
        sid = str(s.get("id"))
        if g.detail and sid in g.members:
            out.append(f"  subgraph {dot_string('cluster_' + sid)} {{")
            out.append(f"    label={_label(style.sector_label(s))}; labelloc=t; style=\"rounded\";"
                       f" color=\"#b0bec5\"; fontsize=13;")
            for nid in g.members[sid]:
                out.append("    " + unit_attrs(nid, [nid]))
            out.append("  }")
        else:
            out.append("  " + unit_attrs(sid, [sid, style.short_name(s.get("name_ja") or "")]))

    def endpoint(key):
        kind, ident = key
        if kind == "cluster":
            return g.members[ident][0], f"cluster_{ident}"
        return ident, None

    edges = g.edges(res)
    # With a cascade to show, only the edges it travelled (or that a buffer
    # absorbed) shape the layout, so it reads left to right, step by step.
    cascading = any(e["cascade_t"] is not None for e in edges.values())
    for (a, b), e in sorted(edges.items()):
        tail, ltail = endpoint(a)
        head, lhead = endpoint(b)
        if (ltail or lhead) and a == b:
            continue  # a clustered sector's own aggregate supply: nothing to draw
        attrs = []
        if ltail:
            attrs.append(f"ltail={dot_string(ltail)}")
        if lhead:
            attrs.append(f"lhead={dot_string(lhead)}")
        kind = sorted(e["types"])[0] if e["types"] else "physical"
        attrs.append(f"style={EDGE_STYLE.get(kind, 'solid')}")
        if e["cascade_t"] is not None:
            attrs += [f'color="{EDGE_CASCADE}"', f"penwidth={2.2 + 1.6 * e['strength']:.2f}",
                      f'label="T+{style.fmt_hours(e["cascade_t"])} h"', f'fontcolor="{EDGE_CASCADE}"']
        elif e["buffered_t"] is not None:
            attrs += [f'color="{EDGE_BUFFERED}"', f"penwidth={1.2 + 1.4 * e['strength']:.2f}",
                      f'label="lost T+{style.fmt_hours(e["buffered_t"])} h,\\nbuffered"',
                      'fontcolor="#8d6e00"']
        else:
            attrs += [f'color="{EDGE_NORMAL}"', f"penwidth={0.6 + 1.4 * e['strength']:.2f}"]
            if cascading:
                attrs.append("constraint=false")
        out.append(f"  {dot_string(tail)} -> {dot_string(head)} [{', '.join(attrs)}];")

    # Legend as an HTML-like graph label: only our own numbers go into it.
    cells = []
    for t in stops:
        fill = _impact_color(t, t_max)
        cells.append(f'<td bgcolor="{fill}"><font color="{_text_color(fill)}">T+{style.fmt_hours(t)} h</font></td>')
    cells.append(f'<td bgcolor="{NOT_IMPACTED}">not impacted</td>')
    out.append('  label=<<table border="0" cellspacing="2"><tr><td align="left">'
               '<table border="0" cellborder="1" cellspacing="0" cellpadding="4">'
               '<tr><td border="0">first impact: </td>' + "".join(cells) + "</tr></table></td></tr>"
               f'<tr><td align="left"><font color="{EDGE_CASCADE}">━━ carried the cascade'
               f'</font>     <font color="{EDGE_BUFFERED}">━━ supply lost, absorbed by a buffer</font>'
               '     edge style: ─ physical, ╌ cyber or logical, ┈ geographic'
               + (f"     ({len(g.nodes)} assets drawn as their sectors)" if g.nodes and not g.detail else "")
               + '</td></tr></table>>;')
    out.append("}")
    return "\n".join(out) + "\n"


def _dot_binary():
    found = shutil.which("dot") or ("/usr/bin/dot" if os.path.exists("/usr/bin/dot") else None)
    if not found:
        raise DotError("Graphviz 'dot' not found (apt-get install graphviz)")
    return found


def render(res, out_dir):
    """Writes cascade.dot, cascade.svg and cascade.png atomically; returns the
    SVG path, or None without model.json."""
    source = dot_source(res)
    if source is None:
        return None
    dot = _dot_binary()
    out_dir = Path(out_dir)
    targets = [("dot", None), ("svg", ["-Tsvg"]), ("png", ["-Tpng", f"-Gdpi={style.PNG_DPI}"])]
    for fmt, args in targets:
        final = out_dir / f"cascade.{fmt}"
        fd, tmp = tempfile.mkstemp(prefix=".cascade.", suffix=f".{fmt}", dir=out_dir)
        os.close(fd)
        try:
            if args is None:
                Path(tmp).write_text(source, encoding="utf-8")
            else:
                run = subprocess.run([dot, *args, "-o", tmp], input=source.encode("utf-8"),
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
                if run.returncode != 0:
                    raise DotError(f"dot {args[0]} failed: {run.stderr.decode('utf-8', 'replace').strip()}")
            style.publish(tmp, final)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
    return out_dir / "cascade.svg"
