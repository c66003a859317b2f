"""Reads a cisim result directory (summary.json, timeseries.csv,
unit_changes.csv, events.csv, model.json (.gz), scenario.json, injects.csv,
measures.json, mc_bands.csv, households.csv, sensitivity.json) into
plain Python values. Missing optional files give None; malformed files raise
ResultError naming the file and what was expected."""
import csv
import gzip
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

# Asset-level models with more nodes than this are drawn as sectors only.
NODE_DETAIL_CAP = 20

# Operability below this counts as impacted (as summary first_impact_h).
IMPACT_LEVEL = 0.99


class ResultError(Exception):
    """A missing or malformed result file (exit status 2)."""


@dataclass
class Series:
    """Operability of one sector over time."""
    times: np.ndarray
    values: np.ndarray


@dataclass
class ResultDir:
    path: Path
    summary: dict
    model: dict | None = None
    scenario: dict | None = None
    sector_series: dict = field(default_factory=dict)   # id -> Series, summary order
    events: list | None = None                          # rows of events.csv, t_h as float
    node_first_impact: dict = field(default_factory=dict)  # node id -> first t below IMPACT_LEVEL
    node_min_operability: dict = field(default_factory=dict)  # node id -> lowest operability (wanted nodes)
    injects: list | None = None
    measures: dict | None = None
    bands: dict | None = None                           # id -> {"t_h","p10","p50","p90","mean"} arrays
    households: dict | None = None                      # id -> {"t_h","households_out","population_out"} arrays
    sensitivity: dict | None = None                     # sensitivity.json of `cisim sensitivity --out`

    @property
    def scores(self):
        """The block with the run's sectors, classes and overall scores: the
        summary itself for a run, its "deterministic_central_case" for a Monte
        Carlo run (older mc summaries kept them at the top level)."""
        central = self.summary.get("deterministic_central_case")
        return central if isinstance(central, dict) else self.summary

    @property
    def sectors(self):
        """Summary sectors, model order (of the deterministic run: see scores)."""
        return self.scores.get("sectors") or []

    @property
    def overall(self):
        """Overall scores of the deterministic run (see scores)."""
        return self.scores.get("overall") or {}

    @property
    def horizon_h(self):
        h = self.summary.get("horizon_h")
        if isinstance(h, (int, float)) and h > 0:
            return float(h)
        ends = [s.times[-1] for s in self.sector_series.values() if len(s.times)]
        if self.bands:
            ends += [b["t_h"][-1] for b in self.bands.values() if len(b["t_h"])]
        return float(max(ends)) if ends else 1.0

    @property
    def is_mc(self):
        return self.summary.get("kind") == "mc"

    @property
    def central_label(self):
        """Suffix for figures of the deterministic run drawn in a Monte Carlo
        result (its timeseries.csv and scores are that run's), else ''."""
        return " (deterministic central case)" if self.is_mc else ""

    def node_detail(self):
        """True when the cascade graph draws asset nodes (small asset-level models)."""
        nodes = (self.model or {}).get("nodes") or []
        return 0 < len(nodes) <= NODE_DETAIL_CAP


def param_value(value, default):
    """The number a model parameter stands for in model.json, which keeps the
    forms it was given in: a plain number; {"uncertain": …} → its median;
    {"spread": …} → its middle (uniform: the midpoint, quantiles: the median
    value, mixture: the weighted mean of its parts); {"by_year": […]} → the
    latest entry's. Anything else → default."""
    if isinstance(value, bool):
        return default
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, list):
        return param_value(value[-1], default) if value else default
    if not isinstance(value, dict):
        return default
    try:
        if "by_year" in value:
            return param_value(value["by_year"], default)
        if "value" in value:
            return param_value(value["value"], default)
        kind = value.get("uncertain") or value.get("spread")
        if kind == "lognormal":
            return float(value["median"])
        if kind == "triangular":
            lo, mode, hi = float(value["min"]), float(value["mode"]), float(value["max"])
            if hi <= lo:
                return lo
            if mode - lo >= (hi - lo) / 2:
                return lo + ((hi - lo) * (mode - lo) / 2) ** 0.5
            return hi - ((hi - lo) * (hi - mode) / 2) ** 0.5
        if kind == "uniform":
            return (float(value["min"]) + float(value["max"])) / 2
        if kind == "quantiles":
            return float(np.median([float(v) for v in value["values"]]))
        if kind == "mixture":
            parts = [(float(w), param_value(v, default)) for w, v in value["parts"]]
            total = sum(w for w, _ in parts)
            return sum(w * v for w, v in parts) / total if total > 0 else default
    except (KeyError, TypeError, ValueError):
        return default
    return default


def _read_json(path, required):
    if not path.exists():
        if required:
            raise ResultError(f"{path}: missing (not a cisim result directory?)")
        return None
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as f:
            value = json.load(f)
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ResultError(f"{path}: cannot read JSON: {e}") from None
    if not isinstance(value, dict):
        raise ResultError(f"{path}: /: expected an object")
    return value


def _text(cell):
    """A text cell as cisim wrote it, less the single quote that keeps a
    spreadsheet from reading "=...", "+...", "-...", "@..." (or "'...") as a
    formula: cisim's CSV writers put exactly one before any such text."""
    return cell[1:] if isinstance(cell, str) and cell.startswith("'") else cell


def _rows(path, columns):
    """Yields (line number, row dict) of a CSV after checking its header."""
    try:
        f = open(path, encoding="utf-8", newline="")
    except OSError as e:
        raise ResultError(f"{path}: cannot read: {e}") from None
    with f:
        reader = csv.DictReader(f)
        header = reader.fieldnames or []
        missing = [c for c in columns if c not in header]
        if missing:
            raise ResultError(f"{path}: header lacks column(s) {', '.join(missing)}")
        try:
            for row in reader:
                yield reader.line_num, {k: _text(v) for k, v in row.items()}
        except (csv.Error, UnicodeDecodeError) as e:
            raise ResultError(f"{path}: line {reader.line_num}: {e}") from None


def _number(path, line, row, column):
    text = row.get(column)
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise ResultError(f"{path}: line {line}: {column}: '{text}' is not a number") from None
    if not math.isfinite(value):
        raise ResultError(f"{path}: line {line}: {column}: '{text}' is not finite")
    return value


def _split_row(path, number, line):
    """(t_h text, level, id, operability text) of one timeseries.csv line. The
    first two fields are never quoted; the id may be (csv rules)."""
    try:
        t, level, rest = line.rstrip("\r\n").split(",", 2)
        rid, op = rest.rsplit(",", 1)
    except ValueError:
        raise ResultError(f"{path}: line {number}: expected t_h,level,id,operability") from None
    if rid.startswith('"'):
        rid = next(csv.reader([rid]))[0]
    return t, level, _text(rid), op


def _read_timeseries(path, sector_ids, node_ids):
    """Sector series in summary order, and first impact time and lowest
    operability of the wanted nodes.
    Node rows are skipped on a cheap test unless they are wanted: asset-level
    runs can write millions of them."""
    points = {sid: ([], []) for sid in sector_ids}
    first, lowest = {}, {}
    try:
        f = open(path, encoding="utf-8", newline="")
    except OSError as e:
        raise ResultError(f"{path}: cannot read: {e}") from None
    with f:
        header = next(csv.reader([f.readline()]), [])
        if header[:4] != ["t_h", "level", "id", "operability"]:
            raise ResultError(f"{path}: header is not t_h,level,id,operability")
        try:
            for number, line in enumerate(f, start=2):
                if (not node_ids and ",sector," not in line) or not line.strip():
                    continue
                t, level, rid, op = _split_row(path, number, line)
                if level == "sector":
                    row = {"t_h": t, "operability": op}
                    points.setdefault(rid, ([], []))
                    points[rid][0].append(_number(path, number, row, "t_h"))
                    points[rid][1].append(_number(path, number, row, "operability"))
                elif rid in node_ids:
                    row = {"t_h": t, "operability": op}
                    value = _number(path, number, row, "operability")
                    lowest[rid] = min(value, lowest.get(rid, value))
                    if rid not in first and value < IMPACT_LEVEL:
                        first[rid] = _number(path, number, row, "t_h")
        except UnicodeDecodeError as e:
            raise ResultError(f"{path}: {e}") from None
    series = {}
    for sid, (ts, vs) in points.items():
        if ts:
            order = np.argsort(ts, kind="stable")
            series[sid] = Series(np.asarray(ts)[order], np.asarray(vs)[order])
    return series, first, lowest


def _read_unit_changes(path, node_ids, first_t):
    """First impact time and lowest operability of the wanted nodes from
    unit_changes.csv (t_h,id,operability: every unit at the first step, then
    only changes; a unit absent keeps its value, and before its first row it
    is at 1). Values hold between changes, so the lowest is among the rows, and
    the first time below IMPACT_LEVEL is a row's."""
    first, lowest, seen = {}, {}, set()
    if not node_ids:
        return first, lowest
    for line, row in _rows(path, ["t_h", "id", "operability"]):
        rid = row["id"]
        if rid not in node_ids:
            continue
        t = _number(path, line, row, "t_h")
        value = _number(path, line, row, "operability")
        if rid not in lowest and first_t is not None and t > first_t:
            lowest[rid] = 1.0  # at 1 before its first row
        lowest[rid] = min(value, lowest.get(rid, value))
        if rid not in first and value < IMPACT_LEVEL:
            first[rid] = t
        seen.add(rid)
    for rid in node_ids - seen:
        lowest[rid] = 1.0
    return first, lowest


def _read_events(path):
    events = []
    for line, row in _rows(path, ["t_h", "level", "id", "sector", "kind", "value", "cause", "event"]):
        row = dict(row)
        row["t_h"] = _number(path, line, row, "t_h")
        events.append(row)
    return events


def _read_injects(path):
    return [dict(row) for _line, row in
            _rows(path, ["time", "t_h", "sector", "node", "what", "cause_chain", "recipients"])]


def _read_bands(path):
    bands = {}
    for line, row in _rows(path, ["t_h", "id", "p10", "p50", "p90", "mean"]):
        b = bands.setdefault(row["id"], {k: [] for k in ("t_h", "p10", "p50", "p90", "mean")})
        for k in b:
            b[k].append(_number(path, line, row, k))
    out = {}
    for sid, b in bands.items():
        order = np.argsort(b["t_h"], kind="stable")
        out[sid] = {k: np.asarray(v)[order] for k, v in b.items()}
    return out


def _read_households(path):
    """Per sector: t_h and the households_out / population_out columns the file
    has (None for a column it lacks; NaN for a sector's empty cells)."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            header = next(csv.reader(f), [])
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise ResultError(f"{path}: cannot read: {e}") from None
    columns = [c for c in ("households_out", "population_out") if c in header]
    if not columns:
        raise ResultError(f"{path}: header lacks households_out and population_out")
    per_sector = {}
    for line, row in _rows(path, ["t_h", "sector"]):
        h = per_sector.setdefault(row["sector"], {"t_h": [], **{c: [] for c in columns}})
        h["t_h"].append(_number(path, line, row, "t_h"))
        for c in columns:
            h[c].append(math.nan if (row.get(c) or "") == "" else _number(path, line, row, c))
    result = {}
    for sid, h in per_sector.items():
        order = np.argsort(h["t_h"], kind="stable")
        result[sid] = {k: (np.asarray(h[k])[order] if k in h else None)
                       for k in ("t_h", "households_out", "population_out")}
    return result


def load(path):
    """Reads a result directory; raises ResultError when it is not one."""
    path = Path(path)
    if not path.is_dir():
        raise ResultError(f"{path}: not a directory")
    summary = _read_json(path / "summary.json", required=True)
    res = ResultDir(path=path, summary=summary)
    sectors = res.scores.get("sectors")
    if not isinstance(sectors, list) or not all(isinstance(s, dict) and "id" in s for s in sectors):
        where = "/deterministic_central_case" if res.scores is not summary else ""
        raise ResultError(f"{path / 'summary.json'}: {where}/sectors: expected an array of objects with an id")
    # A big model's copy is gzip'd (docs/formats.md).
    model_path = path / "model.json"
    if not model_path.exists() and (path / "model.json.gz").exists():
        model_path = path / "model.json.gz"
    res.model = _read_json(model_path, required=False)
    res.scenario = _read_json(path / "scenario.json", required=False)

    sector_ids = [str(s["id"]) for s in sectors]
    node_ids = set()
    if res.node_detail():
        node_ids = {str(n.get("id")) for n in res.model["nodes"]}
    if (path / "timeseries.csv").exists():
        res.sector_series, res.node_first_impact, res.node_min_operability = _read_timeseries(path / "timeseries.csv", sector_ids, node_ids)
    if (path / "unit_changes.csv").exists():
        # The changes form (cisim run --unit-series changes): timeseries.csv then has sector rows only.
        starts = [s.times[0] for s in res.sector_series.values() if len(s.times)]
        first, lowest = _read_unit_changes(path / "unit_changes.csv", node_ids, min(starts) if starts else None)
        res.node_first_impact.update(first)
        res.node_min_operability.update(lowest)
    if (path / "events.csv").exists():
        res.events = _read_events(path / "events.csv")
    if (path / "injects.csv").exists():
        res.injects = _read_injects(path / "injects.csv")
    res.measures = _read_json(path / "measures.json", required=False)
    if (path / "mc_bands.csv").exists():
        res.bands = _read_bands(path / "mc_bands.csv")
    if (path / "households.csv").exists():
        res.households = _read_households(path / "households.csv")
    res.sensitivity = _read_json(path / "sensitivity.json", required=False)
    if res.sensitivity is not None:
        outputs = res.sensitivity.get("outputs")
        if not isinstance(outputs, list) or not all(
                isinstance(o, dict) and isinstance(o.get("output"), str) and isinstance(o.get("parameters"), list)
                and all(isinstance(p, dict) for p in o["parameters"]) for o in outputs):
            raise ResultError(f"{path / 'sensitivity.json'}: /outputs: expected an array of objects "
                              "with an output and its parameters")
    return res
