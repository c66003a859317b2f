"""The report's map (<section id="map">): the affected assets of
affected.geojson on the coastlines of the model's bounding box, drawn as
inline SVG, offline. Coastlines come from GSHHG as Debian ships it
(gmt-gshhg-low, read by `gmt coast -M` of the `gmt` package) at report time;
nothing is fetched or cached. Points are coloured by their worst state; an
earthquake's JMA intensity at each asset (jma_intensity) is drawn as a ring.
Every string from a result file goes through esc()."""
import html
import json
import math
import os
import shutil
import subprocess
import tempfile

WIDTH = 900           # SVG user units of the map frame
MARGIN = (46, 14, 30, 56)  # top, right, bottom, left: room for the axis labels

# Worst operability classes: (upper bound, colour, legend text); the service
# threshold class is filled in from the summary.
STATE_COLORS = [(0.5, "#b71c1c", "below 50 %"), (None, "#ef6c00", "below the service threshold"),
                (0.99, "#fbc02d", "degraded (below 99 %)"), (math.inf, "#90a4ae", "not degraded")]
# JMA seismic intensity classes (shindo) from the instrumental intensity.
JMA_CLASSES = [(4.5, "4 or less", "#c5cae9"), (5.0, "5−", "#7986cb"), (5.5, "5+", "#3f51b5"),
               (6.0, "6−", "#8e24aa"), (6.5, "6+", "#6a1b9a"), (math.inf, "7", "#311b92")]

CSS = """
#map svg { max-width: 100%; height: auto; display: block; margin: 6px auto; background: #eaf2f8; }
#map .legend { display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 13px; margin: 4px 0; }
#map .legend .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 50%;
                 margin-right: 5px; vertical-align: -1px; }
#map .legend .swatch.ring { background: none; border: 3px solid; width: 14px; height: 14px; }
"""


def esc(value):
    return "—" if value is None else html.escape(str(value), quote=True)


def _points(res):
    """[(lon, lat, properties)] of affected.geojson's point features; None
    when the file is absent; raises ValueError when it is malformed."""
    path = res.path / "affected.geojson"
    if not path.exists():
        return None
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    out = []
    for feat in doc.get("features") or []:
        geom = (feat or {}).get("geometry") or {}
        if geom.get("type") != "Point":
            continue
        lon, lat = (geom.get("coordinates") or [None, None])[:2]
        if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in (lon, lat)):
            continue
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            continue
        out.append((float(lon), float(lat), feat.get("properties") or {}))
    return out


def _epicentres(res):
    """[(lon, lat, event)] of the scenario's earthquakes that give a location."""
    out = []
    for ev in (res.scenario or {}).get("events") or []:
        if not isinstance(ev, dict) or ev.get("kind") != "earthquake":
            continue
        lon, lat = ev.get("lon"), ev.get("lat")
        if all(isinstance(v, (int, float)) and math.isfinite(v) for v in (lon, lat)) and \
                -180 <= lon <= 180 and -90 <= lat <= 90:
            out.append((float(lon), float(lat), ev))
    return out


def _bbox(points):
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    w, e, s, n = min(lons), max(lons), min(lats), max(lats)
    pad_x = max(0.3, 0.12 * (e - w))
    pad_y = max(0.3, 0.12 * (n - s))
    return (max(-180.0, w - pad_x), min(180.0, e + pad_x), max(-89.0, s - pad_y), min(89.0, n + pad_y))


def coastlines(bbox):
    """Shoreline segments [[(lon, lat), ...], ...] inside bbox from GSHHG via
    `gmt coast -M`, or (None, reason) when gmt or the data is missing."""
    gmt = shutil.which("gmt") or ("/usr/bin/gmt" if os.path.exists("/usr/bin/gmt") else None)
    if gmt is None:
        return None, "coastlines not drawn: GMT is not installed (apt-get install gmt gmt-gshhg-low)"
    w, e, s, n = bbox
    resolution = "l" if max(e - w, n - s) > 6 else "i"
    with tempfile.TemporaryDirectory(prefix="cisim-gmt-") as home:
        # GMT keeps its session files under HOME / the working directory: a scratch one.
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "GMT_USERDIR": home,
               "GMT_SESSION_NAME": "cisim", "LC_ALL": "C"}
        try:
            run = subprocess.run([gmt, "coast", f"-R{w:.4f}/{e:.4f}/{s:.4f}/{n:.4f}", f"-D{resolution}", "-W", "-M"],
                                 capture_output=True, text=True, timeout=60, cwd=home, env=env)
        except (OSError, subprocess.TimeoutExpired) as err:
            return None, f"coastlines not drawn: gmt coast failed ({err})"
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or ["no message"])[-1]
        return None, f"coastlines not drawn: gmt coast failed ({last})"
    segments, current = [], []
    for line in run.stdout.splitlines():
        if line.startswith(">"):
            if len(current) > 1:
                segments.append(current)
            current = []
            continue
        parts = line.split()
        if len(parts) >= 2:
            try:
                current.append((float(parts[0]), float(parts[1])))
            except ValueError:
                pass
    if len(current) > 1:
        segments.append(current)
    return segments, None


def _state(op, threshold):
    for bound, color, text in STATE_COLORS:
        bound = threshold if bound is None else bound
        if op is not None and op < bound - 1e-6:
            return color, text
    return STATE_COLORS[-1][1], STATE_COLORS[-1][2]


def _jma(i):
    for bound, label, color in JMA_CLASSES:
        if i < bound:
            return label, color
    return JMA_CLASSES[-1][1], JMA_CLASSES[-1][2]


def _ticks(lo, hi):
    span = hi - lo
    step = next(s for s in (0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 30) if span / s <= 7)
    first = math.ceil(lo / step) * step
    out = []
    k = 0
    while first + k * step <= hi + 1e-9:
        out.append(round(first + k * step, 6))
        k += 1
    return out


def _deg(v, pos, neg):
    return f"{abs(v):g}°{pos if v >= 0 else neg}"


def _num(x, digits=1):
    return f"{float(x):.{digits}f}" if isinstance(x, (int, float)) else "—"


def section(res):
    """The map section's HTML."""
    out = ['<section id="map"><h2>Map of affected assets</h2>']
    try:
        points = _points(res)
    except (OSError, UnicodeDecodeError, ValueError, AttributeError, TypeError) as err:
        out.append(f'<p class="missing">affected.geojson not read ({esc(err)}): nothing to map.</p></section>')
        return "".join(out)
    if not points:
        if not (res.model or {}).get("nodes"):
            why = "this is a sector-level model: its sectors have no coordinates"
        elif points is None:
            why = "the model's assets carry no coordinates (no affected.geojson in the result directory)"
        else:
            why = "no asset with coordinates was affected"
        out.append(f'<p class="note" id="map-empty">Nothing to map: {why}.</p></section>')
        return "".join(out)

    threshold = float(res.summary.get("service_threshold", 0.9))
    quakes = _epicentres(res)
    w, e, s, n = _bbox(points + quakes)
    kx = math.cos(math.radians((s + n) / 2))
    top, right, bottom, left = MARGIN
    inner_w = WIDTH - left - right
    inner_h = min(540.0, inner_w * (n - s) / max(1e-9, (e - w) * kx))
    if inner_h < 260:  # a flat box: widen the latitude span instead of a sliver
        grow = (260 / inner_h - 1) * (n - s) / 2
        s, n = max(-89.0, s - grow), min(89.0, n + grow)
        inner_h = 260.0
    scale = inner_h / (n - s)
    # Fill the frame's width at this scale (the height cap may leave room).
    grow = (inner_w / (kx * scale) - (e - w)) / 2
    w, e = w - grow, e + grow
    height = top + inner_h + bottom

    def xy(lon, lat):
        return left + (lon - w) * kx * scale, top + (n - lat) * scale

    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
           f'width="{WIDTH}" height="{height:.0f}" role="img" aria-label="map of affected assets" '
           'font-family="DejaVu Sans, sans-serif" font-size="12">',
           f'<rect x="{left}" y="{top}" width="{inner_w}" height="{inner_h:.1f}" fill="#dcebf5" stroke="#78909c"/>',
           f'<clipPath id="map-clip"><rect x="{left}" y="{top}" width="{inner_w}" height="{inner_h:.1f}"/></clipPath>']
    segments, coast_note = coastlines((w, e, s, n))
    svg.append('<g clip-path="url(#map-clip)" fill="none" stroke="#455a64" stroke-width="1">')
    for seg in segments or []:
        d = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(lon, lat) for lon, lat in seg))
        svg.append(f'<polyline points="{d}"/>')
    svg.append("</g>")
    # Graticule labels outside the frame, so none is clipped.
    for lon in _ticks(w, e):
        x, _ = xy(lon, n)
        svg.append(f'<line x1="{x:.1f}" y1="{top + inner_h:.1f}" x2="{x:.1f}" y2="{top + inner_h + 5:.1f}" stroke="#78909c"/>'
                   f'<text x="{x:.1f}" y="{top + inner_h + 18:.1f}" text-anchor="middle">{_deg(lon, "E", "W")}</text>')
    for lat in _ticks(s, n):
        _, y = xy(w, lat)
        svg.append(f'<line x1="{left - 5}" y1="{y:.1f}" x2="{left}" y2="{y:.1f}" stroke="#78909c"/>'
                   f'<text x="{left - 7}" y="{y + 4:.1f}" text-anchor="end">{_deg(lat, "N", "S")}</text>')
    quake = any(isinstance(p[2].get("jma_intensity"), (int, float)) for p in points)
    svg.append(f'<text x="{left}" y="{top - 12}" font-size="13">{len(points)} affected assets, coloured by worst '
               "operability" + (", ring = JMA seismic intensity" if quake else "") + " (hover a point for details)</text>")

    # Worst last, so red points lie on top.
    def worst(p):
        op = p[2].get("worst_operability")
        return -(op if isinstance(op, (int, float)) else 1.0)
    seen_states, seen_jma = set(), set()
    for lon, lat, props in sorted(points, key=worst):
        x, y = xy(lon, lat)
        op = props.get("worst_operability")
        op = op if isinstance(op, (int, float)) else None
        color, state = _state(op, threshold)
        seen_states.add(state)
        intensity = props.get("jma_intensity")
        lines = [f"{props.get('id')}" + (f" — {props.get('name')}" if props.get("name") else ""),
                 f"sector {props.get('sector')}" + (f", class {props.get('class')}" if props.get("class") else ""),
                 f"worst operability {_num(op * 100 if op is not None else None, 0)} %",
                 "first impact " + (f"T+{_num(props.get('first_impact_h'))} h"
                                    if isinstance(props.get("first_impact_h"), (int, float)) else "—"),
                 "recovered " + (f"T+{_num(props.get('time_to_recover_h'))} h"
                                 if isinstance(props.get("time_to_recover_h"), (int, float)) else "not in the horizon")]
        ring = ""
        if isinstance(intensity, (int, float)) and math.isfinite(intensity):
            label, rc = _jma(float(intensity))
            seen_jma.add(label)
            lines.append(f"JMA intensity {float(intensity):.1f} (shindo {label})")
            ring = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="none" stroke="{rc}" stroke-width="3"/>'
        title = esc("\n".join(lines))
        svg.append(f'<g class="asset" data-id="{esc(props.get("id"))}"><title>{title}</title>{ring}'
                   f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{color}" stroke="#263238" stroke-width="0.8"/></g>')
    for lon, lat, ev in quakes:
        x, y = xy(lon, lat)
        mw = f", Mw {ev.get('mw')}" if isinstance(ev.get("mw"), (int, float)) else ""
        depth = f", depth {ev.get('depth_km')} km" if isinstance(ev.get("depth_km"), (int, float)) else ""
        star = " ".join(f"{x + r * math.sin(k * math.pi / 5):.1f},{y - r * math.cos(k * math.pi / 5):.1f}"
                        for k, r in zip(range(10), [9, 4] * 5))
        title = esc(f"epicentre of {ev.get('id')}{mw}{depth}")
        svg.append(f'<g class="epicentre"><title>{title}</title>'
                   f'<polygon points="{star}" fill="#212121" stroke="#fff" stroke-width="1"/></g>')
    svg.append("</svg>")
    out.append("".join(svg))
    legend = ['<div class="legend">']
    for bound, color, text in STATE_COLORS:
        if text in seen_states:
            legend.append(f'<span><span class="swatch" style="background:{color}"></span>{esc(text)}</span>')
    if quakes:
        legend.append('<span>★ epicentre</span>')
    for _b, label, color in JMA_CLASSES:
        if label in seen_jma:
            legend.append(f'<span><span class="swatch ring" style="border-color:{color}"></span>shindo {esc(label)}</span>')
    legend.append("</div>")
    out.append("".join(legend))
    note = "Coastlines: GSHHG (Debian gmt-gshhg-low) via GMT, clipped to the assets' bounding box."
    out.append(f'<p class="note">{esc(coast_note) if coast_note else note} '
               "Positions and values from affected.geojson.</p></section>")
    return "".join(out)
