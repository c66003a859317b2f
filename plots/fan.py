"""Monte Carlo figures: per-sector fan charts (P10–P90 band, median, mean)
from mc_bands.csv, with the deterministic central case (timeseries.csv) for
comparison, and breach probabilities with the grade distribution."""
import math

import matplotlib.pyplot as plt
import numpy as np

from . import interact, style


def plot_fans(res):
    """Small multiples of every sector's band, or None without mc_bands.csv."""
    if not res.bands:
        return None
    sectors = [s for s in res.sectors if str(s["id"]) in res.bands]
    known = {str(s["id"]) for s in sectors}
    sectors += [{"id": sid} for sid in res.bands if sid not in known]
    n = len(sectors)
    ncols = min(4, n)
    nrows = math.ceil(n / ncols)
    horizon = res.horizon_h
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.6 * ncols + 0.6, 2.5 * nrows + 1.2),
                             sharex=True, sharey=True, squeeze=False)
    events = res.summary.get("events") or []
    fig.cisim_hover = []  # values under the pointer in the report (plots/interact.py)
    for k, ax in enumerate(axes.flat):
        if k >= n:
            ax.set_visible(False)
            continue
        sector = sectors[k]
        b = res.bands[str(sector["id"])]
        ax.fill_between(b["t_h"], b["p10"], b["p90"], color="#1e88e5", alpha=0.25, linewidth=0,
                        label="P10–P90")
        ax.plot(b["t_h"], b["p50"], color="#0d47a1", linewidth=1.6, label="median (P50)")
        ax.plot(b["t_h"], b["mean"], color="#0d47a1", linewidth=0.9, linestyle="--", label="mean")
        central = res.sector_series.get(str(sector["id"]))
        if central is not None:  # the result's timeseries.csv: the deterministic run, not a sample statistic
            ax.plot(central.times, central.values, color="#e65100", linewidth=0.9,
                    label="deterministic central case")
        for ev in events:
            if ev.get("start_h") is not None and ev["start_h"] <= horizon:
                ax.axvline(ev["start_h"], color=style.COLOR_EVENT, linewidth=0.8, linestyle="--", alpha=0.7)
        ax.axhline(res.summary.get("service_threshold", 0.9), color="#777777", linewidth=0.7,
                   linestyle=(0, (6, 3)))
        ax.set_title(style.sector_label(sector), fontsize=11, loc="left")
        style.time_axis(ax, horizon)
        style.percent_axis(ax)
        ax.yaxis.set_major_locator(plt.MultipleLocator(0.25))
        ax.tick_params(labelsize=8)
        ax.set_xlabel("")
        ax.xaxis.set_major_locator(plt.MaxNLocator(5, steps=[1, 2, 3, 6, 10]))
        series = [interact.hover_series(name, b["t_h"], b[key])
                  for key, name in (("p10", "P10"), ("p50", "median"), ("p90", "P90"), ("mean", "mean"))]
        if central is not None:
            series.append(interact.hover_series("central case", central.times, central.values))
        fig.cisim_hover.append(interact.hover_axes(ax, k, "T+{t} h, " + style.sector_label(sector), True, series))
    for ax in axes[-1]:
        ax.set_xlabel("hours from the event (T+h)", fontsize=9)
    for ax in axes[:, 0]:
        ax.set_ylabel("operability", fontsize=9)
    samples = (res.summary.get("monte_carlo") or {}).get("samples")
    suffix = f" over {samples} samples" if samples else ""
    fig.suptitle(f"Monte Carlo operability by sector — P10–P90 band, median and mean{suffix}",
                 x=0.01, ha="left", fontsize=13)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper right", ncol=4, frameon=False, bbox_to_anchor=(0.99, 1.0))
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    return fig


def plot_breaches(res):
    """Grade distribution and P(RTO/MTPD breach) per sector, or None without
    a monte_carlo block in summary.json."""
    mc = res.summary.get("monte_carlo")
    if not isinstance(mc, dict) or not mc.get("sectors"):
        return None
    rows = mc["sectors"]
    labels = {str(s["id"]): style.sector_label(s) for s in res.sectors}
    n = len(rows)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 2.0 + 0.42 * max(n, 4)), layout="constrained",
                                   gridspec_kw={"width_ratios": [1, 2.6]})
    dist = (mc.get("overall") or {}).get("grade_distribution") or {}
    grades = ["A", "B", "C", "D"]
    probs = [float(dist.get(g, 0) or 0) for g in grades]
    colors = [style.COLOR_MET, "#9ccc65", style.COLOR_RTO_BREACH, style.COLOR_MTPD_BREACH]
    ax1.bar(grades, probs, color=colors, zorder=3)
    for x, p in enumerate(probs):
        ax1.annotate(f"{p * 100:.0f} %", xy=(x, p), xytext=(0, 3), textcoords="offset points",
                     ha="center", fontsize=10)
    ax1.set_ylim(0, 1.12)
    ax1.yaxis.set_major_formatter(plt.FuncFormatter(lambda y, _p: f"{y * 100:.0f} %"))
    ax1.set_ylabel("share of samples")
    ax1.set_title("NISC grade distribution", loc="left")
    ax1.grid(axis="x", visible=False)

    ys = np.arange(n)
    rto = [float(r.get("p_rto_breach") or 0) for r in rows]
    mtpd = [float(r.get("p_mtpd_breach") or 0) for r in rows]
    ax2.barh(ys - 0.2, rto, height=0.38, color=style.COLOR_RTO_BREACH, label="P(RTO breached)", zorder=3)
    ax2.barh(ys + 0.2, mtpd, height=0.38, color=style.COLOR_MTPD_BREACH, label="P(MTPD breached)", zorder=3)
    for y, (a, b) in enumerate(zip(rto, mtpd)):
        for p, dy in ((a, -0.2), (b, 0.2)):
            if p > 0:
                ax2.annotate(f"{p * 100:.0f} %", xy=(p, y + dy), xytext=(4, 0), textcoords="offset points",
                             va="center", fontsize=8)
    ax2.set_yticks(ys)
    ax2.set_yticklabels([labels.get(str(r.get("id")), str(r.get("id"))) for r in rows])
    ax2.set_ylim(n - 0.5, -0.5)
    ax2.set_xlim(0, 1.08)
    ax2.xaxis.set_major_formatter(plt.FuncFormatter(lambda x, _p: f"{x * 100:.0f} %"))
    ax2.set_xlabel("probability over samples")
    ax2.set_title("Breach probability per sector", loc="left")
    ax2.grid(axis="y", visible=False)
    ax2.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, frameon=False, borderaxespad=0.1)
    samples = mc.get("samples")
    conv = (mc.get("overall") or {}).get("converged")
    note = "" if conv is None else ("  (converged)" if conv else "  (NOT converged: add samples)")
    fig.suptitle(f"Monte Carlo IT-BCP outcome over {samples} samples{note}", x=0.01, ha="left",
                 fontsize=14, fontweight="bold")
    return fig
