"""Result directories written by `cisim run --out` / `cisim mc --out`, read back
as the DataFrames a :class:`cisim.Result` holds (docs/formats.md). Unit curves
come in either form the CLI writes: node rows of ``timeseries.csv`` (full), or
``unit_changes.csv`` (changes: every unit at the first step, then only the
values that change; a unit absent at a step keeps its previous value)."""

import functools
import json
import pathlib

# Models from before unit_changes.csv, and hand-written changes files, may
# leave a unit out of the first step: it is at full operability until its first row.
FULL_OPERABILITY = 1.0


def _text(cell):
    """A text cell as cisim wrote it, less the one leading quote that keeps a
    spreadsheet from reading it as a formula (docs/formats.md, Conventions)."""
    return cell[1:] if isinstance(cell, str) and cell.startswith("'") else cell


def _read_csv(path, text_columns):
    import pandas
    # Ids are text as written: "NA" or "1e3" must not become NaN or a number.
    frame = pandas.read_csv(path, dtype={c: str for c in text_columns}, keep_default_na=False)
    for c in text_columns:
        frame[c] = frame[c].map(_text)
    return frame


def _wide(tidy, column_name):
    """t_h × id operability from tidy rows, ids in first-seen order."""
    frame = tidy.pivot(index="t_h", columns="id", values="operability")
    frame = frame[list(dict.fromkeys(tidy["id"]))]
    frame.columns.name = column_name
    return frame


class SavedResult:
    """A result directory: ``summary``, ``sectors``, ``units``,
    ``unit_changes`` and ``events``, read when first asked for."""

    def __init__(self, path):
        self.path = pathlib.Path(path)
        if not (self.path / "summary.json").is_file():
            raise FileNotFoundError(f"{self.path}: no summary.json (not a cisim result directory?)")

    @property
    def unit_series(self):
        """How the unit curves were written: "changes" (unit_changes.csv) or "full"."""
        return "changes" if (self.path / "unit_changes.csv").exists() else "full"

    @functools.cached_property
    def summary(self):
        """summary.json as a dict."""
        with open(self.path / "summary.json", encoding="utf-8") as f:
            return json.load(f)

    @functools.cached_property
    def _timeseries(self):
        return _read_csv(self.path / "timeseries.csv", ["level", "id"])

    @functools.cached_property
    def sectors(self):
        """Sector operability: index t_h, one column per sector id (as Result.sectors)."""
        rows = self._timeseries
        return _wide(rows[rows["level"] == "sector"], "sector")

    @functools.cached_property
    def unit_changes(self):
        """The unit curves as tidy rows of changes (t_h, id, operability): the
        file itself in the changes form, derived from the node rows in the full
        form (each unit's first row, then the rows whose value differs from its
        previous one)."""
        if self.unit_series == "changes":
            return _read_csv(self.path / "unit_changes.csv", ["id"])
        rows = self._timeseries
        nodes = rows[rows["level"] == "node"][["t_h", "id", "operability"]]
        previous = nodes.groupby("id", sort=False)["operability"].shift()
        return nodes[previous.isna() | (nodes["operability"] != previous)].reset_index(drop=True)

    @functools.cached_property
    def units(self):
        """Unit operability: index t_h (every recorded step), one column per
        unit id (as Result.units, to the 6 decimals the files keep). Empty when
        the run kept no unit curves (sector-level models). A dense frame takes
        steps × units × 8 bytes: for big models, prefer unit_changes."""
        import pandas
        times = self.sectors.index
        if self.unit_series == "full":
            rows = self._timeseries
            nodes = rows[rows["level"] == "node"]
            if nodes.empty:
                return pandas.DataFrame(index=times, columns=pandas.Index([], name="unit"), dtype=float)
            return _wide(nodes, "unit")
        changes = self.unit_changes
        wide = _wide(changes, "unit") if not changes.empty else pandas.DataFrame(
            index=pandas.Index([], name="t_h"), columns=pandas.Index([], name="unit"), dtype=float)
        wide = wide.reindex(times).ffill().fillna(FULL_OPERABILITY)
        wide.columns.name = "unit"
        return wide

    @functools.cached_property
    def events(self):
        """events.csv: t_h, level, id, sector, kind, value, cause, event."""
        return _read_csv(self.path / "events.csv", ["level", "id", "sector", "kind", "cause", "event"])

    def __repr__(self):
        return f"<cisim.SavedResult {str(self.path)!r} ({self.unit_series} unit series)>"


def load_result(path):
    """A result directory of `cisim run --out` or `cisim mc --out` (its
    deterministic central case), read lazily."""
    return SavedResult(path)
