"""Impact bars: each sector's outage against its RTO and MTPD, and its
inoperability-hours; the NISC grade in the title."""
import matplotlib.pyplot as plt
from matplotlib.patches import Patch

from . import findings, style

# A sector still down when the horizon ends, before its RTO runs out.
COLOR_NOT_JUDGED = "#b0bec5"


def status_color(sector):
    """Bar colour of a sector's IT-BCP status."""
    if sector.get("mtpd_breached"):
        return style.COLOR_MTPD_BREACH
    met = sector.get("rto_met")
    if met is None:
        return style.COLOR_NO_RTO
    return style.COLOR_MET if met else style.COLOR_RTO_BREACH


def plot(res):
    """Impact-bars figure (summary.json only)."""
    sectors = res.sectors
    if not sectors:
        return None
    overall = res.overall
    grade = str(overall.get("grade", "?"))
    compliance = overall.get("rto_compliance")
    n = len(sectors)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 1.6 + 0.45 * max(n, 3)), sharey=True,
                                   gridspec_kw={"width_ratios": [3, 2], "wspace": 0.08})
    ys = list(range(n))
    outage = [float(s.get("outage_h") or 0) for s in sectors]
    ioh = [float(s.get("inoperability_hours") or 0) for s in sectors]
    pending = [findings.not_judged(res, s) for s in sectors]
    ax1.barh(ys, outage, color=[COLOR_NOT_JUDGED if p else status_color(s) for s, p in zip(sectors, pending)],
             height=0.66, zorder=3)
    # The time scale is the run's: outages cannot exceed the horizon, and an
    # RTO of 720 h must not squeeze a 70 h bar. Marks beyond it go to the edge.
    xmax = max([1.0, res.horizon_h] + outage)
    # Data units per point along ax1 (width ratio 3 of 5, less margins), to
    # keep a bar's label clear of markers and inside the axes.
    per_pt = xmax * 1.18 / (13 * 0.78 * 3 / 5.08 * 72)
    for y, s in enumerate(sectors):
        beyond = []
        if s.get("rto_h") is not None:
            if s["rto_h"] <= xmax:
                ax1.plot([s["rto_h"]] * 2, [y - 0.42, y + 0.42], color="black", linewidth=2.2, zorder=4)
            else:
                beyond.append(f"RTO {style.fmt_hours(s['rto_h'])} h")
        if s.get("mtpd_h") is not None:
            if s["mtpd_h"] <= xmax:
                ax1.plot([s["mtpd_h"]], [y], marker="D", markerfacecolor="white", markersize=7,
                         markeredgecolor=style.COLOR_MTPD_BREACH, markeredgewidth=1.8, zorder=5,
                         linestyle="none")
            else:
                beyond.append(f"MTPD {style.fmt_hours(s['mtpd_h'])} h")
        if beyond:
            ax1.annotate(", ".join(beyond) + " ▸", xy=(xmax * 1.18, y), xytext=(-2, 0),
                         textcoords="offset points", ha="right", va="center", fontsize=8, color="#555555")
        text = f"{style.fmt_hours(outage[y])} h"
        if pending[y]:
            text += " (not judged)"
        elif s.get("time_to_recover_h") is None and outage[y] > 0:
            text += " (not recovered)"
        # After the bar, past any marker the text would cover; inside the bar
        # when that would run out of the axes. Text and markers never meet.
        width = (len(text) * 0.62 * 9 + 10) * per_pt
        pos = outage[y]
        for mark in sorted(float(m) for m in (s.get("rto_h"), s.get("mtpd_h")) if m is not None and m <= xmax):
            if pos - 4 * per_pt <= mark <= pos + width:
                pos = mark + 4 * per_pt
        if pos + width <= xmax * 1.18:
            ax1.annotate(text, xy=(pos, y), xytext=(6, 0), textcoords="offset points",
                         va="center", fontsize=9, zorder=6)
        else:
            ax1.annotate(text, xy=(outage[y], y), xytext=(-6, 0), textcoords="offset points", ha="right",
                         va="center", fontsize=9, zorder=6, color="white", fontweight="bold")
    ax1.set_xlim(0, xmax * 1.18)
    ax1.set_xlabel("outage: first drop below service → last return (hours)")
    ax1.set_yticks(ys)
    ax1.set_yticklabels([style.sector_label(s) for s in sectors])
    ax1.set_ylim(n - 0.5, -0.5)
    ax1.grid(axis="y", visible=False)

    ax2.barh(ys, ioh, color="#546e7a", height=0.66, zorder=3)
    for y, v in enumerate(ioh):
        ax2.annotate(f"{v:.1f}", xy=(v, y), xytext=(4, 0), textcoords="offset points",
                     va="center", fontsize=9)
    ax2.set_xlim(0, max([1.0] + ioh) * 1.2)
    ax2.set_xlabel("inoperability-hours (∫ (1 − operability) dt, h)")
    ax2.grid(axis="y", visible=False)

    share = f"{compliance * 100:.0f} %" if isinstance(compliance, (int, float)) else "n/a"
    fig.suptitle(f"IT-BCP impact — grade {grade}  (RTO compliance {share}, weighted){res.central_label}",
                 x=0.01, ha="left", fontsize=14, fontweight="bold")
    handles = [Patch(color=style.COLOR_MET, label="RTO met"),
               Patch(color=style.COLOR_RTO_BREACH, label="RTO breached"),
               Patch(color=style.COLOR_MTPD_BREACH, label="MTPD breached"),
               Patch(color=style.COLOR_NO_RTO, label="no RTO set"),
               *([Patch(color=COLOR_NOT_JUDGED, label="not judged (horizon ends first)")] if any(pending) else []),
               plt.Line2D([], [], color="black", linewidth=2.2, label="RTO"),
               plt.Line2D([], [], marker="D", linestyle="none", markerfacecolor="white", markersize=7,
                          markeredgecolor=style.COLOR_MTPD_BREACH, markeredgewidth=1.8, label="MTPD")]
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.01, -0.02 - 0.5 / fig.get_figheight()),
               ncol=7 if any(pending) else 6, frameon=False)
    return fig
