"""report.html: one self-contained page (inline CSS, SVG and one script, no network
fetches) with the scenario, the IT-BCP scores, every figure, the inject
timeline, the countermeasure ranking and the Monte Carlo results. Every string
read from a result file goes through esc() (html.escape, quote=True)."""
import html
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib

from . import findings, geomap, interact, style

FIGURES = [
    # (name, title, caption)
    ("operability", "Sector operability over time",
     "Operability of each sector (share of normal service) in hours from the event. "
     "Dashed purple lines mark the start of scenario events, shaded spans their duration; "
     "the dashed grey line is the service threshold."),
    ("gantt", "Outage timeline",
     "When each sector was impacted (below 99 %, pale), below the service threshold (orange) and "
     "below 50 % (red), ordered by first impact; the black tick is the RTO counted from first impact."),
    ("households", "Households without service over time",
     "Households (and people, where the model gives them) without each sector's service: the households "
     "served × (1 − operability), summed over the sector's assets when they carry the figure (households.csv)."),
    ("cascade", "Cascade graph",
     "The dependency graph (supplier → consumer) laid out by Graphviz. Fill colour = severity, the lowest "
     "operability reached (dark red lost, pale yellow dented, grey not impacted); each box names its time of first "
     "impact; red edges carried the cascade, labelled with the "
     "time they did; edge width grows with dependency strength."),
    ("impact", "IT-BCP impact",
     "Outage per sector against its RTO (black tick) and MTPD (red diamond); bar colour gives the status. "
     "Right: inoperability-hours."),
    ("heatmap", "Dependency heat map",
     "Strength of each dependency: the share of the row sector's function lost when the column sector's "
     "supply is fully lost."),
    ("fan", "Monte Carlo fan charts",
     "Per sector: the P10–P90 band of operability over the Monte Carlo samples, the median and the mean; "
     "the orange line is the deterministic central case (cisim run) for comparison."),
    ("mc-breaches", "Monte Carlo IT-BCP outcome",
     "Distribution of the NISC grade over samples and each sector's probability of breaching its RTO and MTPD."),
]

# Elements and attributes that could run code or fetch: refused in inlined SVG.
_UNSAFE_TAGS = {"script", "foreignObject", "iframe", "object", "embed", "a"}

CSS = """
:root { --ok: %(met)s; --rto: %(rto)s; --mtpd: %(mtpd)s; --none: %(none)s; --ink: #1f2933; --mute: #5f6b7a; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 "DejaVu Sans", "Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", Meiryo, sans-serif;
       color: var(--ink); background: #f5f7fa; }
main { max-width: 1240px; margin: 0 auto; padding: 0 20px 40px; }
header.top { background: #263238; color: #fff; padding: 18px 20px; }
header.top .inner { max-width: 1240px; margin: 0 auto; display: flex; gap: 24px; align-items: center; }
header.top h1 { font-size: 24px; margin: 0 0 4px; }
header.top p { margin: 0; color: #cfd8dc; }
.grade { flex: none; width: 88px; height: 88px; border-radius: 12px; font-size: 54px; font-weight: bold;
         display: flex; align-items: center; justify-content: center; color: #fff; }
.grade-A { background: var(--ok); } .grade-B { background: #7cb342; }
.grade-C { background: var(--rto); } .grade-D { background: var(--mtpd); }
.grade-unknown { background: var(--none); }
nav { margin: 14px 0; font-size: 14px; } nav a { margin-right: 14px; color: #1565c0; }
section { background: #fff; border: 1px solid #e0e6ed; border-radius: 8px; padding: 14px 20px; margin: 16px 0; }
h2 { font-size: 20px; margin: 4px 0 10px; } h3 { font-size: 16px; margin: 14px 0 6px; }
.facts { display: flex; flex-wrap: wrap; gap: 10px 28px; margin: 6px 0 10px; }
.facts div span { display: block; font-size: 12px; color: var(--mute); }
.facts div b { font-size: 18px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%%; font-size: 13.5px; }
th, td { padding: 5px 8px; border-bottom: 1px solid #e6eaef; text-align: left; vertical-align: top; }
th { background: #eef2f6; font-weight: 600; }
td.status { white-space: nowrap; } .sub { color: var(--mute); font-size: 12.5px; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.met td.status { color: var(--ok); font-weight: 600; }
tr.rto-breached { background: #fff5eb; } tr.rto-breached td.status { color: var(--rto); font-weight: 600; }
tr.mtpd-breached { background: #fdecec; } tr.mtpd-breached td.status { color: var(--mtpd); font-weight: 700; }
tr.no-rto td.status { color: var(--none); }
figure { margin: 12px 0 22px; } figure svg { max-width: 100%%; height: auto; display: block; margin: 0 auto; }
figcaption { color: var(--mute); font-size: 13.5px; margin: 0 0 6px; }
figcaption b { color: var(--ink); font-size: 15px; }
.timeline td.time { font-weight: 600; white-space: nowrap; border-left: 3px solid #5e35b1; }
.chain { color: var(--mute); font-size: 12.5px; }
.note { color: var(--mute); font-size: 13px; }
.missing { color: var(--mtpd); }
footer { color: var(--mute); font-size: 12.5px; } footer code { font-size: 12px; word-break: break-all; }
""" % {"met": style.COLOR_MET, "rto": style.COLOR_RTO_BREACH, "mtpd": style.COLOR_MTPD_BREACH,
       "none": style.COLOR_NO_RTO}
CSS += interact.CSS + findings.CSS + geomap.CSS


def esc(value):
    """HTML-escaped text of any value from a result file (None → '—')."""
    if value is None:
        return "—"
    return html.escape(str(value), quote=True)


def _hours(h, none="—"):
    return none if h is None else f"{style.fmt_hours(h)} h"


def _num(x, digits=1):
    if x is None:
        return "—"
    try:
        return f"{float(x):,.{digits}f}"
    except (TypeError, ValueError):
        return esc(x)


def _pct(x):
    if x is None:
        return "—"
    try:
        return f"{float(x) * 100:.0f} %"
    except (TypeError, ValueError):
        return esc(x)


def inline_svg(path, prefix):
    """The SVG at path as markup for an HTML page: no prolog, DOCTYPE, comments
    or metadata; ids prefixed so several SVGs can share one page. Refuses an SVG
    that is not well-formed or holds anything that could run or fetch."""
    text = Path(path).read_text(encoding="utf-8")
    root = ET.fromstring(text.encode("utf-8"))
    for el in root.iter():
        local = el.tag.rsplit("}", 1)[-1]
        if local in _UNSAFE_TAGS:
            raise ValueError(f"{path}: refusing to inline <{local}>")
        for attr in el.attrib:
            name = attr.rsplit("}", 1)[-1].lower()
            value = el.attrib[attr].strip()
            if name.startswith("on") or name == "src" or (
                    name == "href" and not (value.startswith("#") or value.startswith("data:image/png;"))):
                raise ValueError(f"{path}: refusing to inline attribute {name}")
    text = re.sub(r"<\?xml[^>]*\?>", "", text)
    text = re.sub(r"<!DOCTYPE[^>]*>", "", text, flags=re.S)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", text)
    text = re.sub(r'\b((?:xlink:)?href)="#([^"]+)"', lambda m: f'{m.group(1)}="#{prefix}-{m.group(2)}"', text)
    return text.strip()


def _status(sector, res=None):
    if sector.get("mtpd_breached"):
        return "mtpd-breached", "MTPD breached"
    met = sector.get("rto_met")
    if met is None:
        return "no-rto", "no RTO"
    if res is not None and findings.not_judged(res, sector):
        return "not-judged", "not judged (horizon ends before the RTO)"
    return ("met", "RTO met") if met else ("rto-breached", "RTO breached")


def _table(headers, rows, cls=""):
    """rows: list of (row class, [cell html...]); cells already escaped.
    A header starting with '#' marks a numeric column."""
    out = [f'<div class="table-wrap"><table class="{(cls + " sortable").strip()}"><thead><tr>']
    out += [f"<th>{h.lstrip('#')}</th>" for h in headers]
    out.append("</tr></thead><tbody>")
    numeric = [h.startswith("#") for h in headers]
    for row_cls, cells in rows:
        out.append(f'<tr class="{row_cls}">' if row_cls else "<tr>")
        for k, cell in enumerate(cells):
            klass = cell[0] if isinstance(cell, tuple) else ("num" if numeric[k] else "")
            body = cell[1] if isinstance(cell, tuple) else cell
            out.append(f'<td class="{klass}">{body}</td>' if klass else f"<td>{body}</td>")
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def _scenario_section(res):
    sc = res.summary.get("scenario") or {}
    model = res.summary.get("model") or {}
    out = ['<section id="scenario"><h2>Scenario</h2>']
    if sc.get("description"):
        out.append(f"<p>{esc(sc.get('description'))}</p>")
    out.append('<div class="facts">')
    out.append(f"<div><span>model</span><b>{esc(model.get('name'))}</b></div>")
    out.append(f"<div><span>engine</span><b>{esc(res.summary.get('engine'))}</b></div>")
    out.append(f"<div><span>horizon</span><b>{esc(_hours(res.summary.get('horizon_h')))}</b></div>")
    out.append(f"<div><span>time step</span><b>{esc(_hours(res.summary.get('step_h')))}</b></div>")
    thr = res.summary.get("service_threshold")
    out.append(f"<div><span>service threshold</span><b>{_pct(thr)}</b></div></div>")
    events = res.summary.get("events") or []
    if events:
        out.append("<h3>Events</h3>")
        rows = [("", [esc(e.get("id")), esc(e.get("kind")), esc(e.get("target")),
                      esc(f"T+{style.fmt_hours(e.get('start_h'))}" if e.get("start_h") is not None else None),
                      esc(f"T+{style.fmt_hours(e.get('end_h'))}" if e.get("end_h") is not None else None),
                      esc(e.get("description") or "")]) for e in events]
        out.append(_table(["event", "kind", "target", "#start", "#end", "description"], rows))
    out.append("</section>")
    return "".join(out)


def _impact_section(res):
    overall = res.overall
    if res.is_mc:
        out = ['<section id="impact"><h2>IT-BCP impact — deterministic central case</h2>',
               '<p class="note">One run, not a Monte Carlo statistic: <code>cisim run</code>\'s result, the '
               "central case of the samples (each asset damaged or not from fixed, well-spread quantiles; "
               "median repair and outage times). The Monte Carlo's own figures are above.</p>"
               '<div class="facts">']
    else:
        out = ['<section id="impact"><h2>IT-BCP impact</h2><div class="facts">']
    out.append(f'<div><span>grade (NISC scale)</span><b id="grade-text">{esc(overall.get("grade"))}</b></div>')
    out.append(f"<div><span>RTO compliance (weighted)</span><b>{_pct(overall.get('rto_compliance'))}</b></div>")
    out.append(f"<div><span>inoperability-hours, all sectors</span><b>{_num(overall.get('inoperability_hours'))}</b></div>")
    out.append(f"<div><span>economic loss (model output units)</span><b>{_num(overall.get('loss'))}</b></div>")
    out.append("</div>")
    horizon = res.summary.get("horizon_h")
    not_rec = f"not by T+{style.fmt_hours(horizon)}" if horizon is not None else "not recovered"

    def score_rows(items, with_names):
        rows = []
        for s in items:
            cls, status = _status(s, res if with_names else None)
            cell = f"<b>{esc(s.get('id'))}</b>"
            if with_names:
                if s.get("name_ja"):
                    cell += f" {esc(s.get('name_ja'))}"
                if s.get("name"):
                    cell += f'<br><span class="sub">{esc(s.get("name"))}</span>'
            cells = [cell]
            first = s.get("first_impact_h")
            cells += [esc(_hours(s.get("rto_h"))), esc(_hours(s.get("mtpd_h"))),
                      esc(f"T+{style.fmt_hours(first)}" if first is not None else "none"),
                      _pct(s.get("min_operability")),
                      esc(_hours(s.get("downtime_h"))), esc(_hours(s.get("outage_h"))),
                      esc(_hours(s.get("time_to_recover_h"), none=not_rec)),
                      _num(s.get("inoperability_hours")), _num(s.get("loss")),
                      ("status", esc(status))]
            rows.append((cls, cells))
        return rows

    heads = ["#RTO", "#MTPD", "#first impact", "#min operability", "#downtime", "#outage",
             "#time to recover", "#inoperability-hours", "#loss", "IT-BCP status"]
    out.append("<h3>Sectors</h3>")
    out.append(_table(["sector"] + heads, score_rows(res.sectors, True), "scores"))
    classes = res.scores.get("classes") or []
    if classes:
        out.append("<h3>Asset classes</h3>")
        out.append(_table(["class"] + heads, score_rows(classes, False), "scores"))
    out.append('<p class="note">Downtime: total time below the service threshold. Outage: first drop below '
               "the threshold to the last return above it. RTO and MTPD are judged on the longest continuous "
               "interruption (summary.json: longest_outage_h). Time to recover: last "
               "return to ≥ 99 %. Inoperability-hours: ∫ (1 − operability) dt.</p></section>")
    return "".join(out)


_COUNT_KEYS = ("households_out_peak", "population_out_peak")


def _households_section(res):
    """Peaks and household-hours of the sectors whose households (people) are known."""
    counted = [s for s in res.sectors if any(s.get(k) is not None for k in _COUNT_KEYS)]
    if not counted:
        return ""
    with_people = any(s.get("population_out_peak") is not None for s in counted)

    def at(t):
        return esc(f"T+{style.fmt_hours(t)}" if t is not None else "never out")

    rows = []
    for s in counted:
        cells = [f"<b>{esc(s.get('id'))}</b>" + (f" {esc(s.get('name_ja'))}" if s.get("name_ja") else ""),
                 _num(s.get("households_out_peak"), 0), at(s.get("households_out_peak_t_h"))
                 if s.get("households_out_peak") is not None else "—", _num(s.get("household_hours"), 0)]
        if with_people:
            cells += [_num(s.get("population_out_peak"), 0), at(s.get("population_out_peak_t_h"))
                      if s.get("population_out_peak") is not None else "—", _num(s.get("person_hours"), 0)]
        rows.append(("", cells))
    heads = ["sector", "#households out, peak", "#at", "#household-hours"]
    if with_people:
        heads += ["#people out, peak", "#at", "#person-hours"]
    out = ['<section id="households"><h2>Households without service</h2>', _table(heads, rows)]
    mc = res.summary.get("monte_carlo") if res.is_mc else None
    mc_rows = []
    for s in (mc or {}).get("sectors") or []:
        for key, what in (("households_out_peak", "households"), ("population_out_peak", "people")):
            p = s.get(key)
            if isinstance(p, dict):
                mc_rows.append(("", [f"<b>{esc(s.get('id'))}</b>", esc(what), _num(p.get("p10"), 0),
                                     _num(p.get("p50"), 0), _num(p.get("p90"), 0), _num(p.get("mean"), 0)]))
    if mc_rows:
        out.append("<h3>Peak over the Monte Carlo samples</h3>")
        out.append(_table(["sector", "counted", "#peak P10", "#peak P50", "#peak P90", "#mean"], mc_rows))
    basis = (mc or {}).get("households_basis")
    out.append('<p class="note">Households out = households served × (1 − operability), summed over the '
               "sector's assets when they carry households; household-hours = ∫ households out dt."
               + (f" {esc(basis)}." if basis else "") + "</p></section>")
    return "".join(out)


def _figures_section(figures, problems, names, title="Figures", anchor="figures", hover=None):
    out = [f'<section id="{anchor}"><h2>{esc(title)}</h2>']
    for name, title, caption in FIGURES:
        if name not in names:
            continue
        path = figures.get(name)
        if path is None:
            if name in problems:
                out.append(f'<p class="missing">{esc(title)}: not drawn ({esc(problems[name])})</p>')
            continue
        try:
            svg = inline_svg(path, f"fig-{name}")
        except (ValueError, ET.ParseError, OSError) as e:
            out.append(f'<p class="missing">{esc(title)}: not inlined ({esc(e)})</p>')
            continue
        png = f"plots/{name}.png"
        data = interact.hover_attr((hover or {})[name]) if name in (hover or {}) else ""
        out.append(f'<figure id="fig-{name}" class="figure" data-figure="{name}"{data}>'
                   f"<figcaption><b>{esc(title)}</b> — {esc(caption)} "
                   f'(files: <code>plots/{name}.svg</code>, <code>{png}</code>)</figcaption>{svg}</figure>')
    out.append("</section>")
    return "".join(out)


def _injects_section(res):
    if res.injects is None:
        return ""
    out = ['<section id="injects"><h2>Inject timeline (MSEL)</h2>',
           f'<details id="injects-list"><summary>{len(res.injects)} injects for a cross-sector exercise, '
           "from injects.csv (click to show)</summary>"]
    with_nodes = any((r.get("node") or "").strip() for r in res.injects)
    rows = []
    for r in res.injects:
        chain = " ← ".join(esc(c.strip()) for c in (r.get("cause_chain") or "").split("<-") if c.strip())
        recipients = ", ".join(esc(x.strip()) for x in (r.get("recipients") or "").split(";") if x.strip())
        cells = [("time", esc(r.get("time"))), esc(r.get("sector"))]
        if with_nodes:
            cells.append(esc(r.get("node") or ""))
        cells += [esc(r.get("what")), ("chain", chain), recipients]
        rows.append(("", cells))
    heads = ["time", "sector"] + (["node"] if with_nodes else []) + ["what happens", "cause chain", "recipients"]
    out.append(_table(heads, rows, "timeline"))
    out.append("</details></section>")
    return "".join(out)


def _measures_section(res):
    m = res.measures
    if not m:
        return ""
    out = ['<section id="measures"><h2>Countermeasure ranking</h2>']
    base = m.get("baseline") or {}
    out.append(f'<p>Baseline: grade <b>{esc(base.get("grade"))}</b>, RTO compliance {_pct(base.get("rto_compliance"))}, '
               f"{_num(base.get('inoperability_hours'))} inoperability-hours, loss {_num(base.get('loss'))}.</p>")
    unit = m.get("cost_unit")
    in_unit = f" ({esc(unit)})" if unit else ""
    per = esc(unit) if unit else "cost"
    rows = []
    for rank, x in enumerate(m.get("measures") or [], 1):
        rows.append(("over-budget" if x.get("over_budget") else "",
                     [str(rank), f"<b>{esc(x.get('id'))}</b>", esc(x.get("name") or ""),
                      _num(x.get("cost")) + (" (over budget)" if x.get("over_budget") else ""),
                      esc(x.get("grade")), _pct(x.get("rto_compliance")), _num(x.get("score_gain"), 3),
                      _num(x.get("inoperability_hours_avoided")), _num(x.get("loss_avoided")),
                      _num(x.get("gain_per_cost"), 4), _num(x.get("loss_avoided_per_cost"), 3)]))
    out.append(_table(["#rank", "measure", "name", f"#cost{in_unit}", "grade", "#RTO compliance", "#score gain",
                       "#inop.-hours avoided", "#loss avoided", f"#gain / {per}", f"#loss avoided / {per}"], rows))
    p = m.get("portfolio")
    if p:
        picked = ", ".join(esc(x) for x in p.get("picked") or []) or "none"
        budget = "unlimited" if p.get("budget") is None else _num(p.get("budget")) + (f" {esc(unit)}" if unit else "")
        cost = _num(p.get("cost")) + (f" {esc(unit)}" if unit else "")
        out.append(f"<h3>Best portfolio within budget {budget}</h3>"
                   f"<p>Picked: <b>{picked}</b> (cost {cost}) → grade <b>{esc(p.get('grade'))}</b>, "
                   f"RTO compliance {_pct(p.get('rto_compliance'))}, {_num(p.get('inoperability_hours'))} "
                   f"inoperability-hours, loss {_num(p.get('loss'))}.</p>")
        search = p.get("search")
        if isinstance(search, dict):
            how = ("exact search (branch and bound)" if search.get("method") == "exact"
                   else "heuristic search (greedy per cost)")
            out.append(f"<p>Found by {how}: {esc(search.get('combinations_simulated'))} combinations of "
                       f"{esc(search.get('candidates'))} affordable measures simulated.</p>")
    out.append("</section>")
    return "".join(out)


def _assumptions_section(res, figures=None):
    """"The five assumptions that decide the grade": from sensitivity.json (cisim
    sensitivity --out), the five inputs with the largest total index ST (Sobol)
    or mu* (Morris) for overall RTO compliance, or for inoperability-hours when
    the compliance does not vary; with the tornado and bar chart of that output."""
    sens = res.sensitivity
    if not sens:
        return ""
    outputs = {o.get("output"): o for o in sens.get("outputs") or []}
    sobol = sens.get("method") == "sobol"
    key = "ST" if sobol else "mu_star"

    def number(x):
        return float(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else 0.0

    def varies(o):
        return o is not None and any(number(p.get(key)) > 0 or number(p.get("swing")) != 0
                                     for p in o.get("parameters") or [])

    name = "overall.rto_compliance"
    if not varies(outputs.get(name)):
        name = "overall.inoperability_hours"
    output = outputs.get(name)
    if output is None:
        return ""
    compliance = name == "overall.rto_compliance"
    what = "the overall RTO compliance (the grade)" if compliance else "the overall inoperability-hours"

    def value(x):
        return _pct(x) if compliance else _num(x)

    ranges = {u.get("parameter"): u.get("distribution") for u in res.summary.get("uncertain") or []
              if isinstance(u, dict)}
    params = sorted(output.get("parameters") or [], key=lambda p: -number(p.get(key)))[:5]
    out = ['<section id="assumptions"><h2>The five assumptions that decide the grade</h2>',
           f"<p>The uncertain inputs that move {what} most, by their "
           f"{'total Sobol index ST (share of the variance, with interactions)' if sobol else 'Morris mu*'}; "
           f"{esc(sens.get('method'))}, {esc(sens.get('samples'))} samples, {esc(sens.get('runs'))} runs, "
           "the hazards at their central case. Range: the input's distribution, and its P10 .. P90 used by the "
           "tornado (one input at a time, the others at their medians, where "
           f"{esc(name)} is {value(output.get('base'))}).</p>"]
    if not compliance:
        out.append("<p>The RTO compliance does not vary over these ranges: the grade is the same whatever "
                   "the inputs; the inputs are ranked by the inoperability-hours instead.</p>")
    rows = []
    for rank, p in enumerate(params, 1):
        label = p.get("label") or p.get("parameter")
        span = f"{_num(p.get('input_low'), 3)} .. {_num(p.get('input_high'), 3)}"
        dist = ranges.get(p.get("parameter"))
        rng = (esc(dist) + "<br>" if dist else "") + f"P10 .. P90: {span}"
        if sobol:
            s1, st = number(p.get("S1")), number(p.get("ST"))
            index = [f"{_num(s1, 2)} ± {_num(p.get('S1_conf'), 2)}", f"{_num(st, 2)} ± {_num(p.get('ST_conf'), 2)}"]
            if st < 0.01:
                sentence = f"{esc(label)} does not matter here: narrowing its range would not change {what}."
            else:
                sentence = (f"{esc(label)} alone explains {_pct(max(s1, 0))} of the variance of {what}, "
                            f"{_pct(st)} with its interactions with the other inputs")
                sentence += ("; most of its effect depends on where the others sit." if st - s1 > 0.1 else ".")
        else:
            index = [_num(p.get("mu_star"), 3), _num(p.get("sigma"), 3)]
            sentence = (f"Moving {esc(label)} across its range changes {what} by {_num(p.get('mu_star'), 3)} "
                        "per unit of quantile on average"
                        + (" (sigma above mu*: its effect depends on the other inputs)."
                           if number(p.get("sigma")) > number(p.get("mu_star")) else "."))
        if "low" in p and "high" in p:
            if number(p.get("swing")) != 0:
                sentence += (f" Alone at its P10 ({_num(p.get('input_low'), 3)}) {esc(name)} is {value(p.get('low'))}, "
                             f"at its P90 ({_num(p.get('input_high'), 3)}) {value(p.get('high'))}.")
            elif number(p.get(key)) > 0:
                sentence += " Moved alone from its P10 to its P90 it changes nothing: it acts only together with others."
        rows.append(("", [str(rank), f"<b>{esc(label)}</b>", f"<code>{esc(p.get('parameter'))}</code>", rng,
                          *index, sentence]))
    heads = ["#", "input", "JSON pointer", "range"] + (["#S1 ± 95 %", "#ST ± 95 %"] if sobol else ["#mu*", "#sigma"])
    out.append(_table(heads + ["what it means"], rows, "assumptions"))
    stem = name.replace(".", "-")
    for fig_name in (f"tornado-{stem}", f"sensitivity-{stem}"):
        path = (figures or {}).get(fig_name)
        if path is None:
            continue
        try:
            svg = inline_svg(path, f"fig-{fig_name}")
        except (ValueError, ET.ParseError, OSError) as e:
            out.append(f'<p class="missing">{esc(fig_name)}: not inlined ({esc(e)})</p>')
            continue
        out.append(f'<figure id="fig-{esc(fig_name)}" class="figure" data-figure="{esc(fig_name)}">'
                   f"<figcaption>(files: <code>plots/{esc(fig_name)}.svg</code>, "
                   f"<code>plots/{esc(fig_name)}.png</code>)</figcaption>{svg}</figure>")
    out.append("</section>")
    return "".join(out)


MC_FIGURES = {"fan", "mc-breaches"}


def _modal_grade(res):
    """The most frequent grade over the Monte Carlo samples and its share, or (None, None)."""
    dist = ((res.summary.get("monte_carlo") or {}).get("overall") or {}).get("grade_distribution") or {}
    shares = [(float(p), g) for g, p in dist.items() if isinstance(p, (int, float))]
    if not shares:
        return None, None
    p, g = max(shares, key=lambda x: (x[0], -ord(str(x[1])[0])))  # ties: the better grade
    return str(g), p


def _mc_section(res, figures=None, problems=None, hover=None):
    mc = res.summary.get("monte_carlo")
    if not isinstance(mc, dict):
        return ""
    ov = mc.get("overall") or {}
    ioh = ov.get("inoperability_hours") or {}
    dist = ov.get("grade_distribution") or {}
    out = ['<section id="monte-carlo"><h2>Monte Carlo</h2><div class="facts">',
           f"<div><span>samples</span><b>{esc(mc.get('samples'))}</b></div>",
           f"<div><span>seed</span><b>{esc(mc.get('seed'))}</b></div>",
           f"<div><span>threads</span><b>{esc(mc.get('threads'))}</b></div>",
           f"<div><span>converged</span><b>{esc({True: 'yes', False: 'no'}.get(ov.get('converged')))}</b></div>",
           "<div><span>grade distribution</span><b>" +
           " · ".join(f"{g} {_pct(dist.get(g))}" for g in "ABCD") + "</b></div>",
           f"<div><span>inoperability-hours P10 / P50 / P90</span><b>{_num(ioh.get('p10'))} / "
           f"{_num(ioh.get('p50'))} / {_num(ioh.get('p90'))}</b></div>",
           f"<div><span>mean ± sem</span><b>{_num(ioh.get('mean'))} ± {_num(ioh.get('sem'), 2)}</b></div></div>"]
    rows = []
    for s in mc.get("sectors") or []:
        i = s.get("inoperability_hours") or {}
        d = s.get("downtime_h") or {}
        rows.append(("", [f"<b>{esc(s.get('id'))}</b>", _pct(s.get("p_rto_breach")), _pct(s.get("p_mtpd_breach")),
                          _num(i.get("p10")), _num(i.get("p50")), _num(i.get("p90")),
                          esc(_hours(d.get("p10"))), esc(_hours(d.get("p50"))), esc(_hours(d.get("p90")))]))
    out.append(_table(["sector", "#P(RTO breach)", "#P(MTPD breach)", "#inop.-h P10", "#inop.-h P50",
                       "#inop.-h P90", "#downtime P10", "#downtime P50", "#downtime P90"], rows))
    out.append("</section>")
    if figures is not None:
        fig = _figures_section(figures, problems, MC_FIGURES, "Monte Carlo figures", "mc-figures", hover)
        out.append(fig)
    return "".join(out)


def _provenance(res):
    s = res.summary
    sc = s.get("scenario") or {}
    model = s.get("model") or {}
    return ("<footer id=\"provenance\"><section><h2>Provenance</h2><p>"
            f"cisim {esc(s.get('cisim'))}, run kind <b>{esc(s.get('kind'))}</b>, engine <b>{esc(s.get('engine'))}</b>, "
            f"seed <b>{esc(s.get('seed'))}</b>, horizon {esc(_hours(s.get('horizon_h')))}, "
            f"step {esc(_hours(s.get('step_h')))}.</p><p>"
            f"Scenario <code>{esc(sc.get('file'))}</code> sha256 <code>{esc(sc.get('sha256'))}</code><br>"
            f"Model <code>{esc(model.get('file'))}</code> sha256 <code>{esc(model.get('sha256'))}</code></p>"
            f"<p>Figures drawn by cisim's plots package with matplotlib {esc(matplotlib.__version__)} "
            "and Graphviz dot. This page fetches nothing: styles and figures are inline.</p></section></footer>")


def write(res, figures, problems, out=None, hover=None):
    """Writes report.html atomically into `out` (default: the result directory);
    figures: name → SVG path; hover: figure name → curve values to show on hover."""
    summary = res.summary
    sc = summary.get("scenario") or {}
    names = {n for n, _t, _c in FIGURES}
    modal, share = _modal_grade(res) if res.is_mc else (None, None)
    if modal is not None:
        # A Monte Carlo report leads with the samples' figures; the deterministic
        # run follows, labelled as the central case.
        grade, grade_title = modal, "most frequent NISC grade over the Monte Carlo samples"
        sections = [_scenario_section(res), _mc_section(res, figures, problems, hover), _impact_section(res),
                    _households_section(res),
                    _figures_section(figures, problems, names - MC_FIGURES,
                                     "Figures — deterministic central case", "figures", hover),
                    _injects_section(res), _measures_section(res)]
        nav = [("scenario", "Scenario"), ("monte-carlo", "Monte Carlo"), ("mc-figures", "Monte Carlo figures"),
               ("impact", "Central case")]
        if any(s.get(k) is not None for s in res.sectors for k in _COUNT_KEYS):
            nav.append(("households", "Households"))
        nav.append(("figures", "Central-case figures"))
        samples = (summary.get("monte_carlo") or {}).get("samples")
        kind = f"Monte Carlo run, {esc(samples)} samples · grade {esc(modal)} in {_pct(share)} of them"
    else:
        grade, grade_title = str(res.overall.get("grade", "?")), "NISC grade"
        sections = [_scenario_section(res), _impact_section(res), _households_section(res),
                    _figures_section(figures, problems, names, hover=hover),
                    _injects_section(res), _measures_section(res), _mc_section(res)]
        nav = [("scenario", "Scenario"), ("impact", "Impact")]
        if any(s.get(k) is not None for s in res.sectors for k in _COUNT_KEYS):
            nav.append(("households", "Households"))
        nav.append(("figures", "Figures"))
        if isinstance(summary.get("monte_carlo"), dict):
            nav.append(("monte-carlo", "Monte Carlo"))
        kind = "Monte Carlo run" if res.is_mc else "Simulation run"
    sections.append(_assumptions_section(res, figures))
    grade_cls = f"grade-{grade}" if grade in ("A", "B", "C", "D") else "grade-unknown"
    # The first screen: findings, then the map of affected assets.
    sections = [findings.section(res, grade, grade_title), geomap.section(res)] + sections
    nav = [("findings", "Findings"), ("map", "Map")] + nav
    if res.injects is not None:
        nav.append(("injects", "Injects"))
    if res.measures:
        nav.append(("measures", "Countermeasures"))
    nav.append(("provenance", "Provenance"))
    page = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            interact.csp_meta(),
            f"<title>cisim report — {esc(sc.get('name'))}</title>",
            f"<style>{CSS}</style></head><body>",
            '<header class="top"><div class="inner">',
            f'<div class="grade {grade_cls}" id="grade" title="{grade_title}">{esc(grade)}</div>',
            f"<div><h1>{esc(sc.get('name'))}</h1>",
            f"<p>{kind} · model {esc((summary.get('model') or {}).get('name'))} · engine "
            f"{esc(summary.get('engine'))} · seed {esc(summary.get('seed'))}</p></div></div></header>",
            "<main><nav>" + "".join(f'<a href="#{a}">{t}</a>' for a, t in nav) + "</nav>",
            *sections, _provenance(res), "</main>", f"<script>{interact.SCRIPT}</script>", "</body></html>"]
    text = "\n".join(page) + "\n"
    out = Path(out if out is not None else res.path)
    final = out / "report.html"
    fd, tmp = tempfile.mkstemp(prefix=".report.", suffix=".html", dir=out)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        style.publish(tmp, final)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return final
