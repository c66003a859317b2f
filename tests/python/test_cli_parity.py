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
