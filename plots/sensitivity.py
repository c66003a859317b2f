"""Sobol and Morris bar charts of a `cisim sensitivity` result directory
(sensitivity.json): one figure per overall output, the inputs sorted by their
total index (Sobol: S1 and ST with their 95 % bootstrap half-widths) or by mu*
(Morris: mu* and sigma).

    /usr/bin/python3 -m plots.sensitivity DIR   → DIR/plots/sensitivity-<output>.svg and .png
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


def build(result_dir):
    """Draws every overall output's chart into DIR/plots/; returns name → SVG path."""
    result_dir = Path(result_dir)
    result = json.loads((result_dir / "sensitivity.json").read_text(encoding="utf-8"))
    out_dir = result_dir / "plots"
    out_dir.mkdir(exist_ok=True)
    figures = {}
    for output in result["outputs"]:
        if not output["output"].startswith("overall."):
            continue
        fig = plot_output(result, output)
        if fig is None:
            continue
        name = "sensitivity-" + output["output"].replace(".", "-")
        figures[name] = style.save(fig, out_dir, name)
        plt.close(fig)
    return figures


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
