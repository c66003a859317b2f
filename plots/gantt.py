"""Outage Gantt chart: when each sector was below the service threshold and
below 50 %, sectors ordered by first impact (the cascade reads top-down)."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch

from . import results, style

COLOR_IMPACTED = "#fff3c4"
COLOR_DEGRADED = "#ffb74d"
COLOR_DOWN = "#c62828"


def spans_below(times, values, level):
    """[(start, duration)] of the intervals where values < level (step-wise:
    a sample holds until the next one)."""
    below = values < level
    spans = []
    i = 0
    n = len(times)
    while i < n:
        if below[i]:
            j = i
            while j + 1 < n and below[j + 1]:
                j += 1
            end = times[j + 1] if j + 1 < n else times[j] + (times[j] - times[j - 1] if j > 0 else 0)
            spans.append((float(times[i]), float(end - times[i])))
            i = j + 1
        else:
            i += 1
    return spans


def plot(res):
    """Gantt figure, or None without timeseries.csv."""
    if not res.sector_series:
        return None
    horizon = res.horizon_h
    threshold = res.summary.get("service_threshold", 0.9)
    rows = []
    for i, sector in enumerate(res.sectors):
        series = res.sector_series.get(str(sector["id"]))
        if series is None:
            continue
        first = sector.get("first_impact_h")
        rows.append((first if first is not None else np.inf, i, sector, series))
    rows.sort(key=lambda r: (r[0], r[1]))

    fig, ax = plt.subplots(figsize=(12.5, 1.2 + 0.42 * max(len(rows), 3)))
    labels = []
    for y, (_first, _i, sector, series) in enumerate(rows):
        ax.broken_barh(spans_below(series.times, series.values, results.IMPACT_LEVEL), (y - 0.36, 0.72),
                       facecolors=COLOR_IMPACTED, edgecolor="#e6c65c", linewidth=0.6, zorder=2)
        ax.broken_barh(spans_below(series.times, series.values, threshold), (y - 0.36, 0.72),
                       facecolors=COLOR_DEGRADED, edgecolor="none", zorder=3)
        ax.broken_barh(spans_below(series.times, series.values, 0.5), (y - 0.36, 0.72),
                       facecolors=COLOR_DOWN, edgecolor="none", zorder=4)
        rto = sector.get("rto_h")
        first = sector.get("first_impact_h")
        if rto is not None and first is not None and first + rto <= horizon:
            ax.plot([first + rto] * 2, [y - 0.45, y + 0.45], color="black", linewidth=1.6, zorder=5)
        if first is None and series.values.min() >= 0.99:
            ax.annotate("not impacted", xy=(0, y), xytext=(6, 0), textcoords="offset points",
                        va="center", fontsize=9, color="#78909c")
        labels.append(style.sector_label(sector))
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(labels)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.grid(axis="y", visible=False)
    label_rows = style.event_markers(ax, res.summary.get("events") or [], horizon, above=True)
    style.time_axis(ax, horizon)
    ax.set_title(f"Outage timeline by sector (ordered by first impact){res.central_label}", loc="left", pad=8 + 13 * label_rows)
    handles = [Patch(facecolor=COLOR_IMPACTED, edgecolor="#e6c65c", label="impacted (below 99 %)"),
               Patch(color=COLOR_DEGRADED, label=f"below service threshold ({threshold * 100:.0f} %)"),
               Patch(color=COLOR_DOWN, label="below 50 %"),
               plt.Line2D([], [], color="black", linewidth=1.6, label="RTO after first impact")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -48 / (fig.get_figheight() * 72 * 0.77)),
              ncol=4, frameon=False)
    return fig
