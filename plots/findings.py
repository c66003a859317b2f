"""The report's first screen (<section id="findings">): the grade, the sectors
that exceed their RTO first with when and why (the cause chain read from
events.csv and injects.csv), the costliest outage and the best countermeasure.
Also the "not judged" rule: a sector still below the service threshold when
the horizon ends, before its RTO has run out, cannot be judged against it.
Every string from a result file goes through esc()."""
import html

from . import style

# As sim/analysis/Scoring.cpp: operability is stored as float.
_LEVEL_TOL = 1e-6
_TIME_TOL = 1e-9


def esc(value):
    return "—" if value is None else html.escape(str(value), quote=True)


def _t(h):
    return f"T+{style.fmt_hours(h)} h"


def _runs_below(res, sid):
    """[(start, length)] of the sector's continuous periods below the service
    threshold, and whether the last one is still open at the horizon, as
    Scoring.cpp counts them (each sample holds until the next). None without
    the sector's curve."""
    series = res.sector_series.get(str(sid))
    if series is None or not len(series.times):
        return None
    threshold = float(res.summary.get("service_threshold", 0.9))
    times, values = list(series.times), list(series.values)
    runs, start, length = [], None, 0.0
    for i, (t, v) in enumerate(zip(times, values)):
        dt = times[i + 1] - t if i + 1 < len(times) else 0.0
        if v < threshold - _LEVEL_TOL:
            if start is None:
                start, length = t, 0.0
            length += dt
        elif start is not None:
            runs.append((start, length))
            start = None
    open_end = start is not None
    if open_end:
        runs.append((start, length))
    return runs, open_end


def not_judged(res, sector):
    """True when the horizon ends inside an outage shorter than the sector's
    RTO: the run cannot tell whether the RTO will be met."""
    rto = sector.get("rto_h")
    if rto is None or sector.get("rto_met") is False:
        return False
    runs = _runs_below(res, sector.get("id"))
    if runs is None:
        return False
    periods, open_end = runs
    return open_end and periods[-1][1] <= float(rto) + _TIME_TOL


def breach_time(res, sector):
    """(outage start, time the RTO ran out) of a sector that breaches its RTO,
    else None: the first period below the threshold longer than the RTO."""
    rto = sector.get("rto_h")
    if rto is None or sector.get("rto_met") is not False:
        return None
    runs = _runs_below(res, sector.get("id"))
    if runs:
        for start, length in runs[0]:
            if length > float(rto) + _TIME_TOL:
                return start, start + float(rto)
    first = sector.get("first_impact_h")  # no curve: the first impact as the start
    return (None, None) if first is None else (float(first), float(first) + float(rto))


def _sector_of(res):
    return {str(n.get("id")): str(n.get("sector")) for n in (res.model or {}).get("nodes") or []}


def _name(res, unit, sector_of):
    """A cause as the reader knows it: a sector id, or 'asset (sector)'."""
    unit = str(unit)
    return f"{unit} ({sector_of[unit]})" if unit in sector_of else unit


def causes(res, sid, until):
    """Why sector `sid` went down by `until`: up to three phrases (raw text,
    not escaped) in time order, from its events (of the sector or its assets):
    direct hits, backups that ran dry, supplies lost without a buffer."""
    sector_of = _sector_of(res)
    mine = [e for e in res.events or [] if str(e.get("sector")) == str(sid) and e["t_h"] <= until + _TIME_TOL]
    lost = {}
    for e in mine:
        if e["kind"] == "supply_lost" and e.get("cause"):
            lost.setdefault(str(e["cause"]), e["t_h"])
    out, seen, hits = [], set(), []
    for e in mine:
        kind, cause = e["kind"], str(e.get("cause") or "")
        if kind == "direct_hit":
            # All direct hits read as one phrase, at the place of the first.
            name = e.get("event") or "a scenario event"
            if not hits:
                out.append(None)
            if name not in [h[0] for h in hits]:
                hits.append((name, e["t_h"]))
            continue
        elif kind == "buffer_exhausted" and cause:
            key = ("supply", cause)
            since = lost.get(cause)
            what = f"{_name(res, cause, sector_of)} supply lost"
            if since is not None and since < e["t_h"] - _TIME_TOL:
                what += f" at {_t(since)}, backup exhausted after {style.fmt_hours(e['t_h'] - since)} h"
            else:
                what += f", backup exhausted at {_t(e['t_h'])}"
        elif kind in ("below_service", "below_half") and cause:
            key = ("supply", cause)
            what = f"{_name(res, cause, sector_of)} supply lost at {_t(lost.get(cause, e['t_h']))}, no backup"
        else:
            continue
        if key not in seen:
            seen.add(key)
            out.append(what)
    if hits:
        names = [h[0] for h in hits]
        listed = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        out[out.index(None)] = f"hit by {listed} (first at {_t(hits[0][1])})"
    return out[:3]


def chain(res, sid, until):
    """The cause chain injects.csv gives the sector's last inject up to `until`
    (e.g. ['water', 'power', 'quake']), or []."""
    best = None
    for r in res.injects or []:
        try:
            t = float(r.get("t_h"))
        except (TypeError, ValueError):
            continue
        if str(r.get("sector")) == str(sid) and not r.get("node") and r.get("cause_chain") and t <= until + _TIME_TOL:
            if best is None or t >= best[0]:
                best = (t, r["cause_chain"])
    if best is None:
        return []
    return [c.strip() for c in best[1].split("<-") if c.strip()]


def breaches(res):
    """Sectors that exceed their RTO, earliest first: dicts with sector,
    start, at, why (phrases), chain."""
    out = []
    for s in res.sectors:
        b = breach_time(res, s)
        if b is None:
            continue
        start, at = b
        until = at if at is not None else res.horizon_h
        out.append({"sector": s, "start": start, "at": at,
                    "why": causes(res, s["id"], until), "chain": chain(res, s["id"], until)})
    out.sort(key=lambda x: (x["at"] is None, x["at"] or 0.0))
    return out


def _label(s):
    ja = s.get("name_ja")
    return f"<b>{esc(s.get('id'))}</b>" + (f" {esc(ja)}" if ja else "")


def section(res, grade, grade_title):
    """The findings section's HTML."""
    overall = res.overall
    out = ['<section id="findings"><h2>Findings</h2><div class="findings">',
           f'<div class="finding grade-box"><span>{esc(grade_title)}</span>'
           f'<b class="grade-letter grade-{esc(grade) if grade in ("A", "B", "C", "D") else "unknown"}">'
           f"{esc(grade)}</b>"]
    comp = overall.get("rto_compliance")
    if comp is not None:
        try:
            out.append(f'<span>RTO compliance {float(comp) * 100:.0f} % (weighted)</span>')
        except (TypeError, ValueError):
            pass
    out.append("</div>")

    # The first three sectors to exceed their RTO.
    found = breaches(res)
    central = " — deterministic central case" if res.is_mc else ""
    out.append('<div class="finding breaches" id="finding-breaches"><span>First RTO breaches'
               f"{central}</span>")
    if found:
        out.append("<ol>")
        for b in found[:3]:
            s = b["sector"]
            when = _t(b["at"]) if b["at"] is not None else "—"
            why = "; ".join(esc(w) for w in b["why"]) or "below the service threshold"
            item = (f'<li data-sector="{esc(s.get("id"))}">{_label(s)} at <b>{esc(when)}</b> '
                    f"(RTO {esc(style.fmt_hours(s.get('rto_h')))} h"
                    + (f", down since {esc(_t(b['start']))}" if b["start"] is not None else "") + f"): {why}")
            if len(b["chain"]) > 1:
                item += '<br><span class="chain">chain: ' + " ← ".join(esc(c) for c in b["chain"]) + "</span>"
            out.append(item + "</li>")
        out.append("</ol>")
        if len(found) > 3:
            out.append(f'<span class="sub">{len(found) - 3} more sector(s) breach later (table below).</span>')
        else:
            out.append('<span class="sub">No other sector exceeds its RTO.</span>')
    else:
        out.append("<p>No sector exceeds its RTO within the horizon.</p>")
    mc = res.summary.get("monte_carlo") if res.is_mc else None
    likely = sorted(((float(x["p_rto_breach"]), str(x.get("id"))) for x in (mc or {}).get("sectors") or []
                     if isinstance(x, dict) and isinstance(x.get("p_rto_breach"), (int, float))
                     and x["p_rto_breach"] > 0), key=lambda x: -x[0])
    if likely:
        out.append('<p class="sub">Over the Monte Carlo samples, P(RTO breach): '
                   + ", ".join(f"{esc(sid)} {p * 100:.0f} %" for p, sid in likely[:3]) + ".</p>")
    pending = [s for s in res.sectors if not_judged(res, s)]
    if pending:
        out.append('<p class="sub">Not judged (still down when the horizon ends, before the RTO runs out): '
                   + ", ".join(esc(s.get("id")) for s in pending) + ".</p>")
    out.append("</div>")

    # The costliest outage: by loss where the model gives outputs, else inoperability-hours.
    with_loss = [s for s in res.sectors if isinstance(s.get("loss"), (int, float)) and s["loss"] > 0]
    out.append(f'<div class="finding costliest" id="finding-costliest"><span>Costliest outage{central}</span>')
    if with_loss:
        s = max(with_loss, key=lambda x: x["loss"])
        down = s.get("longest_outage_h") or s.get("outage_h")
        down = (f"down {esc(style.fmt_hours(down))} h" if isinstance(down, (int, float)) and down > 0
                else "never below the service threshold")
        out.append(f"<p>{_label(s)}: loss {float(s['loss']):,.1f} (model output units), "
                   f"{float(s.get('inoperability_hours') or 0):,.1f} inoperability-hours, {down}.</p>")
    else:
        hit = [s for s in res.sectors if isinstance(s.get("inoperability_hours"), (int, float))
               and s["inoperability_hours"] > 0]
        if hit:
            s = max(hit, key=lambda x: x["inoperability_hours"])
            out.append(f"<p>{_label(s)}: {float(s['inoperability_hours']):,.1f} inoperability-hours "
                       "(the model gives no economic output, so the outage is measured in lost service).</p>")
        else:
            out.append("<p>No sector lost service.</p>")
    out.append("</div>")

    m = res.measures or {}
    ranked = [x for x in m.get("measures") or [] if isinstance(x, dict)]
    if ranked:
        x = next((y for y in ranked if not y.get("over_budget")), ranked[0])
        unit = f" {esc(m.get('cost_unit'))}" if m.get("cost_unit") else ""
        try:
            avoided = f", avoids {float(x.get('inoperability_hours_avoided')):,.1f} inoperability-hours"
        except (TypeError, ValueError):
            avoided = ""
        comp = x.get("rto_compliance")
        comp = f"{float(comp) * 100:.0f} %" if isinstance(comp, (int, float)) else "—"
        out.append('<div class="finding measure" id="finding-measure"><span>Best countermeasure</span>'
                   f"<p><b>{esc(x.get('id'))}</b>" + (f" — {esc(x.get('name'))}" if x.get("name") else "")
                   + f": cost {esc(x.get('cost'))}{unit} → grade <b>{esc(x.get('grade'))}</b>, RTO compliance "
                   f"{comp}{avoided}.</p></div>")
    out.append("</div></section>")
    return "".join(out)


CSS = """
#findings .findings { display: grid; grid-template-columns: 170px 1fr 1fr; gap: 12px 22px; }
#findings .finding > span { display: block; font-size: 12px; color: var(--mute); text-transform: uppercase;
                            letter-spacing: .04em; }
#findings .breaches { grid-row: span 2; }
#findings ol { margin: 4px 0; padding-left: 20px; } #findings li { margin: 0 0 6px; }
#findings p { margin: 4px 0; }
.grade-letter { display: inline-block; width: 64px; height: 64px; line-height: 64px; border-radius: 10px;
                font-size: 40px; text-align: center; color: #fff; margin: 4px 0; }
tr.not-judged td.status { color: var(--none); font-style: italic; }
@media (max-width: 800px) { #findings .findings { grid-template-columns: 1fr; } }
"""
