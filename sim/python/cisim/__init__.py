"""cisim — critical-infrastructure interdependency simulator, for Python.

The same library as the ``cisim`` command line (SPEC §11): the figures are
the CLI's to the bit, ``Result.summary`` is the CLI's summary.json (written by
the same C++ code), and bad input raises :class:`InputError` with the CLI's
one-line message. Long calls release the GIL. See docs/python.md.
"""

import functools
import json
import math
import os

from . import _core
from ._core import InputError
from .results import SavedResult, load_result

__all__ = ["InputError", "Model", "Scenario", "Result", "McResult", "SavedResult", "load_model", "load_scenario",
           "load_result", "run", "mc", "analyze", "iim", "engines"]
__version__ = _core.__version__

# Name of a model or scenario given as a dict, in messages and summary.json.
DICT_FILE = "<dict>"
# Seeds as the CLI takes them (integers in [0, 2^53 - 1]): JSON numbers keep them exactly.
MAX_SEED = 2**53 - 1


def _path(value):
    return os.fspath(value) if isinstance(value, (str, os.PathLike)) else None


def _seed(seed):
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed: expected an integer in [0, {MAX_SEED}] (2^53 - 1), got {seed!r}")
    return seed


def _count(name, value, low, high):
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name}: expected an integer in [{low}, {high}], got {value!r}")
    return value


def _json_text(document, what):
    if not isinstance(document, dict):
        raise TypeError(f"{what}: expected a path or a dict, got {type(document).__name__}")
    # allow_nan=False: NaN is no JSON; the loader would reject the text anyway.
    try:
        return json.dumps(document, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as e:
        raise _input_error(DICT_FILE, "", str(e)) from None


def _input_error(file, pointer, message):
    error = InputError(f"{file}: {pointer}: {message}" if pointer else f"{file}: {message}")
    error.file, error.pointer, error.message = file, pointer, message
    return error


class Model:
    """A loaded model (from a .json or .graphml file, or a dict)."""

    def __init__(self, handle):
        self._h = handle

    name = property(lambda self: self._h.name, doc="the model's name")
    path = property(lambda self: self._h.path, doc='the file it was read from ("<dict>" for a dict)')
    sha256 = property(lambda self: self._h.sha256, doc="SHA-256 of the bytes parsed (as summary.json records)")
    sector_ids = property(lambda self: self._h.sector_ids, doc="sector ids in model order")
    node_ids = property(lambda self: self._h.node_ids, doc="asset (node) ids in model order")

    def to_dict(self):
        """The model as its canonical JSON (as `cisim convert` writes it), parsed."""
        return json.loads(self._h.json())

    def to_networkx(self):
        """The model as a networkx.MultiDiGraph, read from cisim's GraphML export:
        sectors and assets are nodes (attribute ``kind``), dependencies and links
        are edges (``kind`` "dependency" / "link"), with the GraphML keys as attributes."""
        import networkx
        return networkx.parse_graphml(self._h.graphml(), force_multigraph=True)

    def __repr__(self):
        return f"<cisim.Model {self.name!r} from {self.path!r}: {len(self.sector_ids)} sectors, {len(self.node_ids)} nodes>"


class Scenario:
    """A loaded scenario, paired with the model it runs on."""

    def __init__(self, handle, model):
        self._h = handle
        self.model = model

    name = property(lambda self: self._h.name, doc="the scenario's name")
    path = property(lambda self: self._h.path, doc='the file it was read from ("<dict>" for a dict)')
    sha256 = property(lambda self: self._h.sha256, doc="SHA-256 of the bytes parsed")

    def to_dict(self):
        """The scenario as canonical JSON, parsed."""
        return json.loads(self._h.json())

    def __repr__(self):
        return f"<cisim.Scenario {self.name!r} from {self.path!r} on {self.model.name!r}>"


def load_model(path_or_dict):
    """A model from a file (.json or .graphml) or a dict; InputError when bad."""
    if isinstance(path_or_dict, Model):
        return path_or_dict
    path = _path(path_or_dict)
    if path is not None:
        return Model(_core.load_model_file(path))
    return Model(_core.parse_model(_json_text(path_or_dict, "model"), DICT_FILE))


def load_scenario(path_or_dict, model=None):
    """A scenario from a file or a dict, with its model: `model` (a path, a dict
    or a Model) when given, else the scenario's "model" (relative to the
    scenario file; to the working directory for a dict). InputError when bad,
    or when the scenario names what the model lacks."""
    if isinstance(path_or_dict, Scenario):
        return path_or_dict if model is None else Scenario(path_or_dict._h, load_model(model))
    path = _path(path_or_dict)
    if path is not None:
        handle = _core.load_scenario_file(path)
    else:
        handle = _core.parse_scenario(_json_text(path_or_dict, "scenario"), DICT_FILE)
    loaded = load_model(model if model is not None else handle.model_path)
    _core.check_pair(handle, loaded._h)
    return Scenario(handle, loaded)


def _frame(times, ids, values, column_name):
    import pandas
    frame = pandas.DataFrame(values, index=pandas.Index(times, name="t_h"), columns=pandas.Index(ids, name=column_name))
    return frame


class _Run:
    """What Result and McResult share: the run's handle, scenario and engine,
    and its summary.json (written by the CLI's own code)."""

    def __init__(self, handle, scenario, engine):
        self._h = handle
        self.scenario = scenario
        self.engine = engine

    @functools.cached_property
    def summary_json(self):
        """summary.json's text, as `cisim run --out` (or `cisim mc --out`) writes it."""
        return self._h.summary_json()

    @property
    def summary(self):
        """summary.json as a dict (a fresh copy each time)."""
        return json.loads(self.summary_json)


class Result(_Run):
    """One deterministic run (as `cisim run`)."""

    def __init__(self, handle, scenario, engine, seed):
        super().__init__(handle, scenario, engine)
        self.seed = seed

    @functools.cached_property
    def sectors(self):
        """Sector operability: a DataFrame, index t_h, one column per sector id."""
        ids, values = self._h.sectors()
        return _frame(self._h.times, ids, values, "sector")

    @functools.cached_property
    def units(self):
        """Unit (asset, or a sector without assets) operability: index t_h, one column per unit id."""
        ids, values = self._h.units()
        return _frame(self._h.times, ids, values, "unit")

    @functools.cached_property
    def events(self):
        """The event log as events.csv holds it: t_h, level, id, sector, kind, value, cause, event."""
        import pandas
        return pandas.DataFrame(self._h.events())

    def __repr__(self):
        return f"<cisim.Result of {self.scenario.name!r}, engine {self.engine}, seed {self.seed}>"


class McResult(_Run):
    """A Monte Carlo run (as `cisim mc`)."""

    def __init__(self, handle, scenario, engine):
        super().__init__(handle, scenario, engine)
        self.samples = handle.samples
        self.seed = handle.seed

    @functools.cached_property
    def bands(self):
        """mc_bands.csv's figures: {"p10", "p50", "p90", "mean"} → DataFrame (index t_h, a column per sector)."""
        ids, *values = self._h.bands()
        return {name: _frame(self._h.times, ids, v, "sector") for name, v in zip(("p10", "p50", "p90", "mean"), values)}

    @functools.cached_property
    def central(self):
        """Sector operability of the deterministic central case (the same as `run`)."""
        ids, values = self._h.central_sectors()
        return _frame(self._h.times, ids, values, "sector")

    def __repr__(self):
        return f"<cisim.McResult of {self.scenario.name!r}, {self.samples} samples, seed {self.seed}>"


def run(scenario, model=None, engine="cascade", seed=1, threads=1):
    """Runs a scenario (a path, a dict or a Scenario) as `cisim run` does;
    `model` replaces the scenario's model. Returns a Result."""
    s = load_scenario(scenario, model)
    handle = _core.run(s._h, s.model._h, engine, _seed(seed), _count("threads", threads, 1, 256))
    return Result(handle, s, engine, seed)


def mc(scenario, samples=None, seed=None, threads=1, model=None, engine="cascade"):
    """Monte Carlo as `cisim mc`: `samples` and `seed` default to the scenario's
    ("monte_carlo"), else 100 samples. Results do not depend on `threads`."""
    s = load_scenario(scenario, model)
    if samples is None:
        samples = s._h.samples if s._h.samples > 0 else 100
    seed = s._h.seed if seed is None else _seed(seed)
    handle = _core.mc(s._h, s.model._h, engine, _count("samples", samples, 1, 10_000_000), seed,
                      _count("threads", threads, 1, 256))
    return McResult(handle, s, engine)


def analyze(model, fail=None, threshold=0.5):
    """Static analysis as `cisim analyze --json` (a dict); `fail` (ids) adds the
    static cascade closure at `threshold`."""
    m = load_model(model)
    fail = [] if fail is None else [fail] if isinstance(fail, str) else list(fail)
    return json.loads(_core.analyze(m._h, fail, float(threshold)))


def iim(model, shocks):
    """IIM steady state as `cisim iim --json` (a dict); `shocks` maps sector
    (or node) ids to a perturbation c* in [0, 1]."""
    m = load_model(model)
    if not isinstance(shocks, dict) or not shocks:
        raise ValueError("shocks: expected a non-empty dict {id: value in [0, 1]}")
    for k, v in shocks.items():
        if not isinstance(k, str) or isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise ValueError(f"shocks: expected {{id: number in [0, 1]}}, got {k!r}: {v!r}")
    return json.loads(_core.iim(m._h, {k: float(v) for k, v in shocks.items()}))


def engines():
    """The registered engines: {name: one-line description}."""
    return dict(_core.engines())
