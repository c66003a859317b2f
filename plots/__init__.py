"""cisim plots: figures (SVG + PNG in DIR/plots/) and DIR/report.html for a
cisim result directory. Run as `/usr/bin/python3 -m plots DIR` (what
`cisim plot DIR` does); the C++ side never draws (STYLE.md, Plots)."""
import ctypes
import errno
import os
import re
import shutil
import tempfile
from pathlib import Path

from . import style

style.configure()

from . import cascade, fan, gantt, heatmap, households, impact, operability, report, sensitivity  # noqa: E402
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
    DIR/report.html, as one set: everything is drawn in a staging directory
    inside DIR and moved into place only when complete, so a failure leaves the
    previous figures and report as they were. Returns (figures: name → SVG
    path, report path). Raises ResultError for a missing or malformed result
    directory."""
    res = load(result_dir)
    final_dir = Path(result_dir)
    _remove_stale_staging(final_dir, log)
    stage = Path(tempfile.mkdtemp(prefix=f"{_STAGING_PREFIX}{os.getpid()}-", dir=final_dir))
    try:
        out_dir = stage / "plots"
        out_dir.mkdir()
        figures = {}
        problems = {}
        hover = {}
        for name, draw in _MATPLOTLIB_FIGURES:
            fig = draw(res)
            if fig is not None:
                if getattr(fig, "cisim_hover", None):
                    hover[name] = fig.cisim_hover
                figures[name] = style.save(fig, out_dir, name)
        if res.sensitivity:  # `cisim sensitivity --out`: its bar charts and tornados
            figures.update(sensitivity.draw(res.sensitivity, out_dir))
        try:
            path = cascade.render(res, out_dir)
            if path is not None:
                figures["cascade"] = path
        except (cascade.DotError, OSError) as e:
            problems["cascade"] = str(e)
            if log:
                log(f"cisim plot: cascade graph not drawn: {e}")
        report.write(res, figures, problems, out=stage, hover=hover)
        _publish_set(stage, final_dir)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return ({name: final_dir / "plots" / p.name for name, p in figures.items()},
            final_dir / "report.html")


# Staging directories: DIR/.plots.tmp-PID-XXXXXXXX.
_STAGING_PREFIX = ".plots.tmp-"
_STAGING_NAME = re.compile(r"\.plots\.tmp-([0-9]{1,9})-[A-Za-z0-9_]+")


def _remove_stale_staging(result_dir, log):
    """Removes the staging directories of plot runs that were killed (their
    process no longer runs), saying so."""
    for entry in result_dir.iterdir():
        m = _STAGING_NAME.fullmatch(entry.name)
        try:
            if not m or entry.is_symlink() or not entry.is_dir() or entry.stat().st_uid != os.geteuid():
                continue
        except OSError:  # removed meanwhile
            continue
        try:
            os.kill(int(m.group(1)), 0)
            continue
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        shutil.rmtree(entry, ignore_errors=True)
        if log:
            log(f"{entry}: removed, the staging directory of process {m.group(1)} that no longer runs")


def _exchange(a, b):
    """Swaps two paths in one step (renameat2 RENAME_EXCHANGE); False where the
    C library or the filesystem cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _publish_set(stage, result_dir):
    """Moves stage/plots and stage/report.html into result_dir; the previous
    plots/ ends in the stage (removed with it)."""
    new_plots, old_plots = stage / "plots", result_dir / "plots"
    if old_plots.is_dir() and not old_plots.is_symlink():
        if not _exchange(new_plots, old_plots):
            os.rename(old_plots, stage / "old-plots")
            os.rename(new_plots, old_plots)
    else:
        os.rename(new_plots, old_plots)
    os.replace(stage / "report.html", result_dir / "report.html")
