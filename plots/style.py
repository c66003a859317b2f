"""Matplotlib set-up shared by every figure: a fixed backend, a font list that
renders Japanese sector names, deterministic SVG, labels and atomic saving."""
import os
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # fixed backend: no display, same output everywhere

import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)
from matplotlib.ticker import FuncFormatter, MultipleLocator  # noqa: E402

# DejaVu Sans has no CJK glyphs; matplotlib ≥ 3.6 falls back per glyph to the
# next entry of font.family (not of font.sans-serif), so "power 電力" renders
# without tofu boxes (fonts-noto-cjk). The generic family ends the SVG list.
FONT_FAMILIES = ["DejaVu Sans", "Noto Sans CJK JP", "sans-serif"]

PNG_DPI = 110

# Colours of states, shared by figures and the report's CSS.
COLOR_MET = "#2e7d32"
COLOR_RTO_BREACH = "#ef6c00"
COLOR_MTPD_BREACH = "#c62828"
COLOR_NO_RTO = "#78909c"
COLOR_EVENT = "#5e35b1"


def configure():
    """Sets the rcParams every figure relies on (idempotent)."""
    matplotlib.rcParams.update({
        "font.family": FONT_FAMILIES,
        "font.sans-serif": FONT_FAMILIES[:2],
        "font.size": 11,
        "axes.titlesize": 13,
        "axes.labelsize": 11,
        "legend.fontsize": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": "#dddddd",
        "grid.linewidth": 0.6,
        # Text stays text in SVG (searchable, escaped by matplotlib's writer).
        "svg.fonttype": "none",
        # Fixed salt: clip-path ids and everything else are reproducible.
        "svg.hashsalt": "cisim",
        "savefig.bbox": "tight",
        "savefig.pad_inches": 0.15,
    })


def short_name(text, limit=16):
    """A name short enough for an axis label: a trailing parenthetical dropped
    ('政府・行政サービス（地方公共団体を含む）' → '政府・行政サービス'), then
    cut with '…'. The report's tables keep the full name."""
    text = str(text).strip()
    for open_, close in (("（", "）"), ("(", ")")):
        if text.endswith(close) and open_ in text and text.index(open_) > 0:
            text = text[:text.rindex(open_)].rstrip()
    return text if len(text) <= limit else text[:limit - 1] + "…"


def sector_label(sector):
    """'power 電力' from a summary or model sector (id, optional name_ja)."""
    sid = str(sector.get("id", ""))
    ja = short_name(sector.get("name_ja") or "")
    return f"{sid} {ja}" if ja else sid


def fmt_hours(h):
    """Hours as '3', '2.5', '0.25' or '—' for None."""
    if h is None:
        return "—"
    h = float(h)
    if abs(h - round(h)) < 0.005:
        return f"{round(h):d}"
    return f"{h:.2f}".rstrip("0").rstrip(".")


def time_axis(ax, horizon_h):
    """Labels the x axis in hours from the event with ~6–14 T+h ticks."""
    for step in (0.25, 0.5, 1, 2, 3, 6, 12, 24, 48, 72, 168, 336, 720, 1440):
        if horizon_h / step <= 14:
            break
    ax.xaxis.set_major_locator(MultipleLocator(step))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"T+{fmt_hours(x)}"))
    ax.set_xlim(0, horizon_h)
    ax.set_xlabel("hours from the event (T+h)")


def percent_axis(ax):
    """Operability axis from 0 to 100 %."""
    ax.set_ylim(-0.02, 1.04)
    ax.yaxis.set_major_locator(MultipleLocator(0.1))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: f"{y * 100:.0f} %"))


def sector_style(index):
    """Colour and line style of the index-th sector: 10 colours, then new dashes."""
    colors = plt.get_cmap("tab10").colors
    dashes = ["-", "--", ":", "-."]
    return colors[index % 10], dashes[(index // 10) % len(dashes)]


def event_markers(ax, events, horizon_h, label_y=1.0, above=False, max_rows=3):
    """Scenario events as shaded spans (start..end) with a line and id at the
    start; ids go inside the axes at label_y, or above the axes, staggered in
    up to max_rows rows. An id with no free room is left out and the count of
    those is noted instead (the report's events table lists them all).
    Returns the number of label rows used."""
    fig = ax.get_figure()
    axes_pt = max(ax.get_position().width * fig.get_figwidth() * 72, 1.0)
    per_pt = horizon_h / axes_pt                      # hours per point along x
    row_ends = [-float("inf")] * max_rows             # where each row's last label ends (h)
    rows = 0
    hidden = 0
    for i, ev in enumerate(events):
        start = ev.get("start_h")
        if start is None or start > horizon_h:
            continue
        end = ev.get("end_h")
        ax.axvline(start, color=COLOR_EVENT, linewidth=1.0, linestyle="--", alpha=0.8, zorder=1)
        if end is not None and end > start:
            ax.axvspan(start, min(end, horizon_h), color=COLOR_EVENT, alpha=0.06, zorder=0)
        text = str(ev.get("id", f"event {i + 1}"))
        width = (len(text) * 5.6 + 8) * per_pt           # 9 pt text ≈ 5.6 pt per character
        row = next((r for r in range(max_rows) if row_ends[r] <= start), None)
        if row is None or start + width > horizon_h * 1.02:
            hidden += 1
            continue
        row_ends[row] = start + width
        rows = max(rows, row + 1)
        ax.annotate(text, xy=(start, 1.0 if above else label_y), xycoords=("data", "axes fraction"),
                    xytext=(3, 3 + 13 * row) if above else (3, -12 - 13 * row), textcoords="offset points",
                    fontsize=9, color=COLOR_EVENT, va="bottom" if above else "top", ha="left")
    if hidden:  # a row of its own, after the labels
        note = f"+{hidden} more event{'s' if hidden > 1 else ''} (dashed lines)"
        ax.annotate(note, xy=(1.0, 1.0 if above else label_y),
                    xycoords="axes fraction", xytext=(0, 3 + 13 * rows) if above else (-4, -12 - 13 * rows),
                    textcoords="offset points", fontsize=9, color=COLOR_EVENT, ha="right",
                    va="bottom" if above else "top")
        rows += 1
    return rows


def publish(tmp, final):
    """Moves a finished temporary file into place with the mode of a plain new
    file (mkstemp makes it 0600: a report then cannot be served or shared)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, final)


def save(fig, out_dir, name):
    """Writes NAME.svg and NAME.png atomically (temp file + rename); returns the SVG path."""
    out_dir = Path(out_dir)
    written = {}
    for fmt in ("svg", "png"):
        final = out_dir / f"{name}.{fmt}"
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=f".{fmt}", dir=out_dir)
        os.close(fd)
        try:
            if fmt == "svg":
                fig.savefig(tmp, format="svg", metadata={"Date": None})
            else:
                fig.savefig(tmp, format="png", dpi=PNG_DPI, metadata={"Software": None})
            publish(tmp, final)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        written[fmt] = final
    plt.close(fig)
    return written["svg"]


def _quantile_points(o):
    """(p, v) of a spread's quantile function, as sim/io/ModelJson.cpp builds it."""
    kind = o.get("spread")
    if kind == "uniform":
        return [0.0, 1.0], [float(o["min"]), float(o["max"])]
    if kind == "quantiles":
        vals = [float(x) for x in o["values"]]
        if len(vals) == 1:
            return [0.0, 1.0], vals * 2
        return [i / (len(vals) - 1) for i in range(len(vals))], vals
    p, v, at = [], [], 0.0
    for share, value in o["parts"]:
        share = float(share)
        if isinstance(value, dict):
            ip, iv = _quantile_points(value)
            p += [at + share * x for x in ip]
            v += iv
        else:
            p += [at, at + share]
            v += [float(value), float(value)]
        at += share
    return p, v


def mean_value(value, default=1.0, year=None):
    """A model number that may be a spread over a population (uniform,
    quantiles, mixture), a Monte Carlo distribution or {"by_year": [...]}: the number, or the spread's
    mean (the area under its quantile function), of the entry in force in
    `year` (the scenario's as_of; the latest entry without one). Figures draw
    one value per dependency."""
    if value is None:
        return default
    if isinstance(value, dict) and isinstance(value.get("by_year"), list) and value["by_year"]:
        entries = sorted(value["by_year"], key=lambda x: x.get("from", 0))
        now = [x for x in entries if year is None or x.get("from", 0) <= year] or entries[:1]
        return mean_value(now[-1].get("value"), default, year)
    if isinstance(value, dict) and "uncertain" in value:  # a Monte Carlo distribution: its central value
        for key in ("mode", "median"):
            if isinstance(value.get(key), (int, float)):
                return float(value[key])
        return (float(value.get("min", default)) + float(value.get("max", default))) / 2
    if isinstance(value, dict) and "spread" in value:
        p, v = _quantile_points(value)
        return sum((p[i + 1] - p[i]) * (v[i] + v[i + 1]) / 2 for i in range(len(p) - 1))
    return float(value)


def as_of(res):
    """The scenario's as_of year (which by_year model values are in force), or None."""
    year = (res.scenario or {}).get("as_of")
    return year if isinstance(year, int) else None
