"""The package's results are the CLI's, to the bit: the same summary.json text,
and the curves and event log printed as the CLI prints them give its files."""
import csv
import io

import pytest

import cisim

# Short shipped scenarios: an asset-level one with an earthquake, a sector-level
# one with a measured outage (each well under a second).
SCENARIOS = ["scenarios/faxai-2019-chiba.json", "scenarios/kddi-2022-mobile-core.json"]


def g6(v):
    return "%.6g" % v


def rebuilt_timeseries(result, with_units):
    """timeseries.csv from the DataFrames, printed as io/RunFiles.cpp prints (%.6g times, %.6f operability)."""
    steps = []
    for k, t in enumerate(result.sectors.index):
        steps += [f"{g6(t)},sector,{i},{v:.6f}" for i, v in result.sectors.iloc[k].items()]
        if with_units:
            steps += [f"{g6(t)},node,{i},{v:.6f}" for i, v in result.units.iloc[k].items()]
    return ["t_h,level,id,operability"] + steps


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_run_is_the_cli_run(cli, tmp_path, scenario):
    out = tmp_path / "out"
    cli("run", scenario, "--out", out)
    r = cisim.run(scenario)
    assert r.summary_json == (out / "summary.json").read_text(encoding="utf-8")
    written = (out / "timeseries.csv").read_text(encoding="utf-8").splitlines()
    # The CLI writes unit rows when the engine kept unit curves; it keeps none
    # for a sector-level model, whose units are its sectors.
    with_units = any(",node," in line for line in written)
    if not with_units:
        assert not r.scenario.model.node_ids and r.units.equals(r.sectors.rename_axis(columns="unit"))
    assert rebuilt_timeseries(r, with_units) == written
    with open(out / "events.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == list(r.events.columns)
    mine = [[g6(e.t_h), e.level, e.id, e.sector, e.kind, g6(e.value), e.cause, e.event]
            for e in r.events.itertuples(index=False)]
    assert mine == rows[1:]


def test_mc_is_the_cli_mc(cli, tmp_path):
    scenario = SCENARIOS[0]
    out = tmp_path / "mc"
    cli("mc", scenario, "--samples", 12, "--seed", 5, "--threads", 2, "--out", out)
    m = cisim.mc(scenario, samples=12, seed=5)
    assert m.summary_json == (out / "summary.json").read_text(encoding="utf-8")
    bands = m.bands
    lines = ["t_h,id,p10,p50,p90,mean"]
    for k, t in enumerate(bands["p10"].index):
        for i in bands["p10"].columns:
            lines.append(f"{g6(t)},{i}," + ",".join(f"{bands[b].iloc[k][i]:.6f}" for b in ("p10", "p50", "p90", "mean")))
    assert lines == (out / "mc_bands.csv").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("command", ["run", "mc"])
def test_load_result_reads_both_unit_series_forms(cli, tmp_path, command):
    """cisim.load_result gives the same curves from `--unit-series full` and
    `changes`, and they are the package's own to the 6 decimals written."""
    import pandas
    scenario = SCENARIOS[0]
    extra = ["--samples", 2] if command == "mc" else []
    read = {}
    for form in ("full", "changes"):
        out = tmp_path / form
        cli(command, scenario, "--out", out, "--unit-series", form, *extra)
        read[form] = cisim.load_result(out)
        assert read[form].unit_series == form
    full, changes = read["full"], read["changes"]
    assert (changes.path / "unit_changes.csv").exists() and not (full.path / "unit_changes.csv").exists()
    assert not changes._timeseries["level"].eq("node").any()
    r = cisim.run(scenario)
    pandas.testing.assert_frame_equal(full.units, changes.units)
    pandas.testing.assert_frame_equal(full.unit_changes, changes.unit_changes)
    pandas.testing.assert_frame_equal(full.sectors, changes.sectors)
    assert full.units.shape == r.units.shape and len(changes.unit_changes) < full.units.size
    if command == "run":
        pandas.testing.assert_frame_equal(changes.units, r.units.round(6), check_exact=False, atol=5e-7, rtol=0)
        pandas.testing.assert_frame_equal(changes.sectors, r.sectors.round(6), check_exact=False, atol=5e-7, rtol=0)
        assert changes.summary == r.summary
        assert list(changes.events.columns) == list(r.events.columns) and len(changes.events) == len(r.events)


def test_load_result_changes_hand_made(tmp_path):
    """The changes form by hand: a unit absent at a step keeps its value, and one
    absent from the first step is at 1 until its first row; ids stay text."""
    (tmp_path / "summary.json").write_text('{"kind": "run"}', encoding="utf-8")
    (tmp_path / "timeseries.csv").write_text(
        "t_h,level,id,operability\n0,sector,s,1.000000\n1,sector,s,0.500000\n2,sector,s,0.750000\n", encoding="utf-8")
    (tmp_path / "unit_changes.csv").write_text(
        "t_h,id,operability\n0,NA,1.000000\n1,NA,0.250000\n2,'=x,0.500000\n", encoding="utf-8")
    saved = cisim.load_result(tmp_path)
    assert saved.unit_series == "changes"
    assert list(saved.units.columns) == ["NA", "=x"]
    assert saved.units["NA"].tolist() == [1.0, 0.25, 0.25]
    assert saved.units["=x"].tolist() == [1.0, 1.0, 0.5]
    assert saved.units.index.tolist() == [0, 1, 2]
