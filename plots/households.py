"""Households (and people) without service over time, from households.csv:
one line per sector that counts them, as official outage reports give them."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter, MaxNLocator

from . import interact, style


def _count(x, _pos=None):
    """Counts as '1,250' or '1.2 M'."""
    return f"{x / 1e6:,.1f} M" if abs(x) >= 1e6 else f"{x:,.0f}"


def plot(res):
    """The figure, or None without households.csv."""
    if not res.households:
        return None
    columns = [(c, label) for c, label in (("households_out", "households without service"),
                                           ("population_out", "people without service"))
               if any(h.get(c) is not None and not np.all(np.isnan(h[c])) for h in res.households.values())]
    if not columns:
        return None
    horizon = res.horizon_h
    # Sectors in summary order, coloured as in the operability figure.
    order = {str(s["id"]): i for i, s in enumerate(res.sectors)}
    sectors = sorted(res.households, key=lambda sid: order.get(sid, len(order)))
    fig, axes = plt.subplots(len(columns), 1, figsize=(12.5, 4.4 * len(columns)), sharex=True, squeeze=False)
    fig.cisim_hover = []  # values under the pointer in the report (plots/interact.py)
    for k, ((column, label), ax) in enumerate(zip(columns, axes[:, 0])):
        drawn = 0
        hover = []
        for sid in sectors:
            h = res.households[sid]
            values = h.get(column)
            if values is None or np.all(np.isnan(values)):
                continue
            index = order.get(sid, len(order) + drawn)
            color, dash = style.sector_style(index)
            sector = next((s for s in res.sectors if str(s["id"]) == sid), {"id": sid})
            # Each sample holds until the next, as the scores count it.
            ax.step(h["t_h"], values, where="post", color=color, linestyle=dash, linewidth=1.8,
                    label=style.sector_label(sector), zorder=3)
            hover.append(interact.hover_series(style.sector_label(sector), h["t_h"], values))
            drawn += 1
        ax.set_ylim(0, max(1.0, ax.get_ylim()[1]))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # whole households
        ax.yaxis.set_major_formatter(FuncFormatter(_count))
        ax.set_ylabel(label)
        style.event_markers(ax, res.summary.get("events") or [], horizon, label_y=0.95)
        style.time_axis(ax, horizon)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, title="sector")
        fig.cisim_hover.append(interact.hover_axes(ax, k, "T+{t} h, " + label, False, hover))
    for ax in axes[:-1, 0]:
        ax.set_xlabel("")
    name = res.summary.get("scenario", {}).get("name", "")
    axes[0, 0].set_title(f"Households without service over time — {name}", loc="left")
    return fig
