"""The Python API on hand-computable fixtures (tests/fixtures)."""
import json
import math

import pandas
import pytest

import cisim

CHAIN = "tests/fixtures/chain3.json"
CHAIN_SCENARIO = "tests/fixtures/scenario-chain3.json"


def chain_scenario_dict():
    with open(CHAIN_SCENARIO, encoding="utf-8") as f:
        doc = json.load(f)
    doc["model"] = CHAIN  # a dict's model path is relative to the working directory
    return doc


def test_load_model_from_path_and_dict_agree():
    m = cisim.load_model(CHAIN)
    assert m.sector_ids == ["a", "b", "c"] and m.node_ids == []
    assert m.path == CHAIN and len(m.sha256) == 64
    with open(CHAIN, encoding="utf-8") as f:
        d = cisim.load_model(json.load(f))
    assert d.path == "<dict>" and d.sector_ids == m.sector_ids
    assert d.to_dict() == m.to_dict()


def test_run_curves_by_hand():
    # a is out for t in [1, 5); b's 2 h buffer runs dry at 3; c keeps half of b's loss.
    r = cisim.run(CHAIN_SCENARIO)
    s = r.sectors
    assert isinstance(s, pandas.DataFrame)
    assert s.index.name == "t_h" and list(s.columns) == ["a", "b", "c"]
    assert list(s.index) == [float(t) for t in range(13)]
    assert list(s["a"]) == [1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]
    assert list(s["b"]) == [1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]
    assert list(s["c"]) == [1, 1, 1, 0.5, 0.5, 1, 1, 1, 1, 1, 1, 1, 1]
    # Sector-level model: one unit per sector.
    assert list(r.units.columns) == ["a", "b", "c"] and r.units.equals(r.sectors.rename_axis(columns="unit"))
    ev = r.events
    assert list(ev.columns) == ["t_h", "level", "id", "sector", "kind", "value", "cause", "event"]
    hit = ev[ev.kind == "direct_hit"]
    assert list(hit.id) == ["a"] and list(hit.t_h) == [1.0] and list(hit.event) == ["a-down"]
    lost = ev[(ev.kind == "supply_lost") & (ev.id == "c")]
    assert set(ev.level) == {"sector"}  # a sector-level model logs its units as sectors
    assert list(lost.cause) == ["b"] and list(lost.t_h) == [3.0]
    summary = r.summary
    assert summary["engine"] == "cascade" and summary["seed"] == 1
    by_id = {x["id"]: x for x in summary["sectors"]}
    assert by_id["a"]["downtime_h"] == 4 and by_id["b"]["downtime_h"] == 2
    assert by_id["c"]["min_operability"] == 0.5


def test_scenario_dict_and_path_run_alike():
    a = cisim.run(CHAIN_SCENARIO)
    b = cisim.run(chain_scenario_dict())
    assert a.sectors.equals(b.sectors)
    assert b.summary["overall"] == a.summary["overall"]


def test_model_override_and_seed_and_engine_are_recorded():
    r = cisim.run(CHAIN_SCENARIO, model=cisim.load_model(CHAIN), engine="diim", seed=7)
    assert r.summary["engine"] == "diim" and r.summary["seed"] == 7
    with pytest.raises(ValueError, match="unknown engine 'nope'"):
        cisim.run(CHAIN_SCENARIO, engine="nope")
    with pytest.raises(ValueError, match="seed"):
        cisim.run(CHAIN_SCENARIO, seed=-1)
    with pytest.raises(ValueError, match="threads"):
        cisim.run(CHAIN_SCENARIO, threads=0)


def test_iim_by_hand():
    # a <- b (0.2), b <- a (0.5): q_a = 0.2 q_b + 0.5, q_b = 0.5 q_a, so q_a = 5/9, q_b = 5/18;
    # c <- a 0.3, b 0.4, itself 0.1: q_c = (0.3 q_a + 0.4 q_b) / 0.9 = (5/18) / 0.9 = 25/81.
    out = cisim.iim("tests/fixtures/iim-three.json", {"a": 0.5})
    assert math.isclose(out["q"]["a"], 5 / 9, rel_tol=1e-12)
    assert math.isclose(out["q"]["b"], 5 / 18, rel_tol=1e-12)
    assert math.isclose(out["q"]["c"], 25 / 81, rel_tol=1e-12)
    assert math.isclose(out["loss"], 100 * 5 / 9 + 50 * 5 / 18, rel_tol=1e-12)
    with pytest.raises(cisim.InputError, match="nope"):
        cisim.iim("tests/fixtures/iim-three.json", {"nope": 0.5})


def test_analyze_and_iim_equal_the_cli_json(cli):
    assert cisim.analyze(CHAIN) == json.loads(cli("analyze", CHAIN, "--json").stdout)
    assert cisim.analyze(CHAIN, fail=["a"]) == json.loads(cli("analyze", CHAIN, "--json", "--fail", "a").stdout)
    model = "tests/fixtures/iim-three.json"
    assert cisim.iim(model, {"a": 0.5, "c": 0.1}) == json.loads(
        cli("iim", model, "--shock", "a=0.5", "--shock", "c=0.1", "--json").stdout)


@pytest.mark.parametrize("bad", ["tests/fixtures/bad/nan.json", "tests/fixtures/bad/duplicate-id.json",
                                 "tests/fixtures/bad/scenario-unknown-target.json", "tests/fixtures/nope.json"])
def test_input_error_is_the_cli_line(cli, bad):
    expected = cli("validate", bad, check=False)
    assert expected.returncode == 2
    line = expected.stderr.strip()
    with pytest.raises(cisim.InputError) as caught:
        if "scenario" in bad:
            cisim.load_scenario(bad)
        else:
            cisim.load_model(bad)
    e = caught.value
    assert isinstance(e, ValueError)
    assert str(e) == line
    assert e.file == bad and line == (f"{e.file}: {e.pointer}: {e.message}" if e.pointer else f"{e.file}: {e.message}")


def test_input_error_from_a_dict_names_the_pointer():
    doc = chain_scenario_dict()
    doc["horizon_h"] = -1
    with pytest.raises(cisim.InputError) as caught:
        cisim.load_scenario(doc)
    assert caught.value.file == "<dict>" and caught.value.pointer == "/horizon_h"
    doc = chain_scenario_dict()
    doc["events"][0]["target"] = "zz"
    with pytest.raises(cisim.InputError) as caught:
        cisim.run(doc)
    assert caught.value.pointer == "/events/0/target"
    with pytest.raises(cisim.InputError, match="not JSON serializable|Out of range|NaN"):
        cisim.load_model({"schema": "cisim-model/1", "sectors": [{"id": "a", "rto_h": float("nan")}]})


def test_to_networkx():
    g = cisim.load_model(CHAIN).to_networkx()
    assert sorted(g.nodes) == ["a", "b", "c"]
    assert sorted((u, v) for u, v, _ in g.edges) == [("a", "b"), ("b", "c")]
    strengths = {(u, v): d["strength"] for u, v, d in g.edges(data=True)}
    assert strengths == {("a", "b"): 1.0, ("b", "c"): 0.5}
    assert g.nodes["a"]["rto_h"] == 4


def test_mc_by_seed_and_threads():
    a = cisim.mc(CHAIN_SCENARIO, samples=8, seed=3)
    b = cisim.mc(CHAIN_SCENARIO, samples=8, seed=3, threads=2)
    assert a.summary_json == b.summary_json
    assert a.samples == 8 and a.seed == 3
    assert set(a.bands) == {"p10", "p50", "p90", "mean"}
    # Nothing stochastic in this scenario: every band is the deterministic curve.
    det = cisim.run(CHAIN_SCENARIO).sectors
    for band in a.bands.values():
        assert (band.values == det.values).all()
    assert a.central.equals(det)


def test_scenario_vintage_applies_to_its_model():
    # japan-ci.json gives telecom's battery hours by year, from 2011 on.
    doc = cisim.load_scenario("scenarios/kddi-2022-mobile-core.json").to_dict()
    doc["model"] = "models/japan-ci.json"
    doc["as_of"] = 2000
    with pytest.raises(cisim.InputError) as caught:
        cisim.run(doc)
    assert caught.value.file == "models/japan-ci.json"
    assert caught.value.pointer.endswith("/by_year") and "2011" in caught.value.message
    doc["as_of"] = 2011
    early = cisim.run(doc).summary["overall"]["inoperability_hours"]
    doc["as_of"] = 2022
    assert cisim.run(doc).summary["overall"]["inoperability_hours"] != early


def test_input_error_quoting_bytes_that_are_not_utf8(tmp_path):
    # The reader quotes the bad bytes; Python gets them as U+FFFD, not a UnicodeDecodeError.
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"schema": "cisim-model/1", "sectors": [{"id": "p\xff"}]}')
    with pytest.raises(cisim.InputError) as caught:
        cisim.load_model(bad)
    assert caught.value.file == str(bad) and "UTF-8" in caught.value.message and "\ufffd" in str(caught.value)
