"""cisim plots: figures (SVG + PNG in DIR/plots/) and DIR/report.html for a
cisim result directory. Run as `/usr/bin/python3 -m plots DIR` (what
`cisim plot DIR` does); the C++ side never draws (STYLE.md, Plots)."""
from pathlib import Path

from . import style

style.configure()

from . import cascade, fan, gantt, heatmap, households, impact, operability, report  # noqa: E402
from .results import ResultError, load  # noqa: E402

__all__ = ["build", "load", "ResultError"]

# Matplotlib figures: name → function(ResultDir) → Figure or None.
_MATPLOTLIB_FIGURES = [
    ("operability", operability.plot),
    ("gantt", gantt.plot),
    ("households", households.plot),
    ("impact", impact.plot),
    ("heatmap", heatmap.plot),
    ("fan", fan.plot_fans),
    ("mc-breaches", fan.plot_breaches),
]


def build(result_dir, log=None):
    """Draws every figure the directory's files allow into DIR/plots/ and writes
    DIR/report.html. Returns (figures: name → SVG path, report path).
    Raises ResultError for a missing or malformed result directory."""
    res = load(result_dir)
    out_dir = Path(result_dir) / "plots"
    out_dir.mkdir(exist_ok=True)
    figures = {}
    problems = {}
    for name, draw in _MATPLOTLIB_FIGURES:
        fig = draw(res)
        if fig is not None:
            figures[name] = style.save(fig, out_dir, name)
    try:
        path = cascade.render(res, out_dir)
        if path is not None:
            figures["cascade"] = path
    except (cascade.DotError, OSError) as e:
        problems["cascade"] = str(e)
        if log:
            log(f"cisim plot: cascade graph not drawn: {e}")
    return figures, report.write(res, figures, problems)
