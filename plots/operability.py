"""Sector operability over time: one line per sector, scenario events marked."""
import matplotlib.pyplot as plt

from . import interact, style


def plot(res):
    """Figure of every sector's operability curve, or None without timeseries.csv."""
    if not res.sector_series:
        return None
    horizon = res.horizon_h
    threshold = res.summary.get("service_threshold", 0.9)
    n = len(res.sectors)
    fig, ax = plt.subplots(figsize=(12.5, 6.2))
    for i, sector in enumerate(res.sectors):
        series = res.sector_series.get(str(sector["id"]))
        if series is None:
            continue
        color, dash = style.sector_style(i)
        label = style.sector_label(sector)
        if sector.get("first_impact_h") is None and series.values.min() >= 0.99:
            label += " (not impacted)"
        ax.plot(series.times, series.values, color=color, linestyle=dash, linewidth=1.8,
                label=label, drawstyle="default", zorder=3)
    ax.axhline(threshold, color="#555555", linewidth=0.9, linestyle=(0, (6, 3)), zorder=2)
    ax.annotate(f"service threshold {threshold * 100:.0f} %", xy=(1.0, threshold),
                xycoords=("axes fraction", "data"), xytext=(-4, 3), textcoords="offset points",
                ha="right", va="bottom", fontsize=9, color="#555555")
    ax.axhline(0.5, color="#999999", linewidth=0.8, linestyle=":", zorder=2)
    style.event_markers(ax, res.summary.get("events") or [], horizon, label_y=0.2)
    style.time_axis(ax, horizon)
    style.percent_axis(ax)
    ax.set_ylabel("operability (share of normal service)")
    name = res.summary.get("scenario", {}).get("name", "")
    ax.set_title(f"Sector operability over time — {name}{res.central_label}", loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
              ncol=1 if n <= 18 else 2, title="sector")
    # The report shows the values under the pointer (plots/interact.py).
    fig.cisim_hover = [interact.hover_axes(
        ax, 0, "T+{t} h", True,
        [interact.hover_series(style.sector_label(s), res.sector_series[str(s["id"])].times,
                               res.sector_series[str(s["id"])].values)
         for s in res.sectors if str(s["id"]) in res.sector_series])]
    return fig
