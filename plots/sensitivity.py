"""Sobol and Morris bar charts and tornado figures of a `cisim sensitivity`
result directory (sensitivity.json): one bar chart per overall output, the
inputs sorted by their total index (Sobol: S1 and ST with their 95 % bootstrap
half-widths) or by mu* (Morris: mu* and sigma); one tornado per overall
output (overall inoperability-hours, RTO compliance, loss): each input alone
at its P10 and its P90, the others at their medians, the bars from the
all-median value, widest swing at the top.

    /usr/bin/python3 -m plots.sensitivity DIR   → DIR/plots/sensitivity-<output>.svg, tornado-<output>.svg (and .png)

`cisim sensitivity --out DIR --plots` draws them with the report (plots.build).
"""
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from . import style  # noqa: E402


def plot_output(result, output):
    """The bar chart of one output of sensitivity.json (a dict), or None without parameters."""
    params = output["parameters"]
    if not params:
        return None
    sobol = result["method"] == "sobol"
    key = "ST" if sobol else "mu_star"
    params = sorted(params, key=lambda p: p[key])  # largest at the top
    labels = [p["label"] or p["parameter"] for p in params]
    y = np.arange(len(params))
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.38 * len(params)))
    if sobol:
        ax.barh(y + 0.2, [p["ST"] for p in params], height=0.38, xerr=[p["ST_conf"] for p in params],
                color="#1e88e5", label="total ST")
        ax.barh(y - 0.2, [p["S1"] for p in params], height=0.38, xerr=[p["S1_conf"] for p in params],
                color="#90caf9", label="first order S1")
        ax.set_xlabel("Sobol index (share of the output's variance; bars ± 95 % bootstrap)")
        ax.set_xlim(min(0, ax.get_xlim()[0]), max(1.05, ax.get_xlim()[1]))
    else:
        ax.barh(y + 0.2, [p["mu_star"] for p in params], height=0.38, color="#1e88e5", label="mu*")
        ax.barh(y - 0.2, [p["sigma"] for p in params], height=0.38, color="#ffb74d", label="sigma")
        ax.set_xlabel("Morris elementary effect (output per unit of input quantile)")
    ax.set_yticks(y, labels, fontsize=8)
    ax.legend(loc="lower right", fontsize=8)
    fig.suptitle(f"{output['output']}: {result['method']}, {result['samples']} samples, {result['runs']} runs "
                 "(hazards at their central case)", x=0.01, ha="left", fontsize=10)
    fig.tight_layout()
    return fig


def plot_tornado(result, output):
    """The tornado of one output of sensitivity.json (a dict), or None without
    parameters or tornado values (a file of an older cisim)."""
    params = [p for p in output["parameters"] if "low" in p and "high" in p]
    if not params or "base" not in output:
        return None
    tornado = result.get("tornado") or {}
    lo_q, hi_q = tornado.get("low_quantile", 0.1), tornado.get("high_quantile", 0.9)
    base = output["base"]
    params = sorted(params, key=lambda p: abs(p["high"] - p["low"]))  # widest swing at the top
    labels = [p["label"] or p["parameter"] for p in params]
    y = np.arange(len(params))
    fig, ax = plt.subplots(figsize=(8, 1.4 + 0.38 * len(params)))
    for i, p in enumerate(params):
        for value, colour in ((p["low"], "#90caf9"), (p["high"], "#1e88e5")):
            ax.barh(i, value - base, left=base, height=0.6, color=colour)
        ax.annotate(f"{p['input_low']:.3g} .. {p['input_high']:.3g}", (max(p["low"], p["high"], base), i),
                    xytext=(4, 0), textcoords="offset points", va="center", fontsize=7, color="#555555")
    ax.axvline(base, color="#333333", linewidth=0.8)
    ax.barh([], [], color="#90caf9", label=f"input at its P{round(100 * lo_q)}")
    ax.barh([], [], color="#1e88e5", label=f"input at its P{round(100 * hi_q)}")
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlabel(f"{output['output']} (line: every input at its median, {base:.4g}; "
                  "grey: the input's P10 .. P90)", fontsize=8)
    ax.margins(x=0.15)
    ax.legend(loc="lower right", fontsize=8)
    fig.suptitle(f"Tornado, {output['output']}: one input at a time, the others at their medians "
                 "(hazards at their central case)", x=0.01, ha="left", fontsize=10)
    fig.tight_layout()
    return fig


def draw(result, out_dir):
    """Every overall output's bar chart and tornado of `result` (sensitivity.json
    as a dict) into out_dir; returns name → SVG path."""
    figures = {}
    for output in result["outputs"]:
        if not output["output"].startswith("overall."):
            continue
        stem = output["output"].replace(".", "-")
        for prefix, plot in (("sensitivity-", plot_output), ("tornado-", plot_tornado)):
            fig = plot(result, output)
            if fig is None:
                continue
            figures[prefix + stem] = style.save(fig, out_dir, prefix + stem)
            plt.close(fig)
    return figures


def build(result_dir):
    """Draws every overall output's chart into DIR/plots/; returns name → SVG path."""
    result_dir = Path(result_dir)
    result = json.loads((result_dir / "sensitivity.json").read_text(encoding="utf-8"))
    out_dir = result_dir / "plots"
    out_dir.mkdir(exist_ok=True)
    return draw(result, out_dir)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python3 -m plots.sensitivity DIR", file=sys.stderr)
        return 2
    try:
        figures = build(argv[0])
    except (OSError, ValueError, KeyError) as e:
        print(f"plots.sensitivity: {argv[0]}: {e}", file=sys.stderr)
        return 2
    for path in figures.values():
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
