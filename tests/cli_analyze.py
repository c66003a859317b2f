"""`cisim analyze` and `cisim convert` through the command line (SPEC §5.1, §11).

Usage: cli_analyze.py CASE CISIM SOURCE_DIR WORK_DIR   (run by tests/cli_analyze.cmake)
Each CASE is one ctest test; it exits non-zero with a message when a check fails.
"""
import json
import os
import shutil
import subprocess

import cli_support
from cli_support import check, fixture, one_line_error, read_json, read_text, run, write_json, write_text

CISIM = SOURCE = WORK = None  # set by cli_support.main()


# An edge to a node the file does not have.
DANGLING_EDGE = '<graphml><graph edgedefault="directed"><node id="a"/><edge source="a" target="b"/></graph></graphml>'


def case_analyze_json():
    out = json.loads(run("analyze", fixture("loops.json"), "--json", "--fail", "power").stdout)
    check(out["model"].startswith("Loops fixture"), "model name")
    check(list(out)[:5] == ["model", "sectors", "loops", "key_sectors", "criticality"], f"key order {list(out)}")
    by_id = {s["id"]: s for s in out["sectors"]}
    check([s["id"] for s in out["sectors"]] == ["power", "telecom", "finance", "water", "medical"], "sector order")
    for s in out["sectors"]:
        for key in ("direct_suppliers", "direct_dependents", "transitive_dependents", "interdependent_with"):
            check(isinstance(s[key], list), f"{s['id']}.{key} is a list")
    check(by_id["power"]["direct_dependents"] == ["telecom", "water"], "power dependents")
    check(by_id["power"]["transitive_dependents"] == ["telecom", "finance", "water", "medical"], "power transitive")
    check(by_id["medical"]["interdependent_with"] == ["finance", "water"], "medical interdependent")
    check(out["loops"] == [["power", "telecom"], ["water"]], f"loops {out['loops']}")
    keys = out["key_sectors"]
    check([k["id"] for k in keys] == ["power", "telecom", "water", "finance", "medical"], f"key sectors {keys}")
    check(abs(keys[0]["total_inoperability"] - 4.77) < 1e-9, "power Σq = 4.77")
    check("key_sectors_error" not in out, "no key_sectors_error")
    check([c["id"] for c in out["criticality"]][:2] == ["power", "telecom"], "criticality order")
    check(out["matrix"]["strength"][1][0] == 0.9, "matrix[telecom][power]")
    check(out["cascade"]["waves"] == [["power"], ["telecom", "water"], ["finance", "medical"]], "closure waves")
    check(out["cascade"]["threshold"] == 0.5, "default threshold")
    # Without --fail there is no cascade; --threshold changes the waves.
    check("cascade" not in json.loads(run("analyze", fixture("loops.json"), "--json").stdout), "no cascade key")
    waves = json.loads(run("analyze", fixture("loops.json"), "--json", "--fail", "power",
                           "--threshold", "0.8").stdout)["cascade"]["waves"]
    check(waves == [["power"], ["telecom"], ["finance"]], f"waves at 0.8: {waves}")


def case_analyze_text():
    text = run("analyze", fixture("loops.json"), "--fail", "power").stdout
    for fragment in ("Dependency matrix", "電力", "通信", "power <-> telecom", "water (depends on itself)",
                     "IIM key sectors", "wave 2: finance, medical"):
        check(fragment in text, f"{fragment!r} in the tables:\n{text}")


def case_analyze_errors():
    one_line_error(run("analyze", fixture("loops.json"), "--fail", "nope", expect=2), "nope")
    one_line_error(run("analyze", fixture("missing.json"), expect=2), "missing.json")
    run("analyze", fixture("loops.json"), "--threshold", "0.3", expect=2)            # needs --fail
    run("analyze", fixture("loops.json"), "--fail", "power", "--threshold", "2", expect=2)


def case_nisc_2007():
    # NISC 2007 static finding: 通信 interdependent with 6 other sectors, 電力 10, 水道 8.
    out = json.loads(run("analyze", os.path.join(SOURCE, "models", "japan-ci-2007.json"), "--json").stdout)
    counts = {s["id"]: len(s["interdependent_with"]) for s in out["sectors"]}
    check(len(out["sectors"]) == 11, "11 sectors")
    check((counts["telecom"], counts["power"], counts["water"]) == (6, 10, 8), f"counts {counts}")


def case_analyze_connectivity():
    # The closure applies the connectivity rule of network sectors (SPEC §5.5);
    # tests/fixtures/closure-network.json, waves computed by hand in StaticAnalysisTest.cpp.
    out = json.loads(run("analyze", fixture("closure-network.json"), "--json", "--fail", "p-hub").stdout)
    cascade = out["cascade"]
    check(cascade["waves"] == [["p-hub"], ["p-a", "p-b"], ["t4", "clinic"], ["t5"]], f"waves {cascade['waves']}")
    check(cascade["causes"][1] == ["cut off from sources"] * 2, f"causes {cascade['causes']}")
    check(cascade["causes"][3] == ["cut off from the largest component"], f"causes {cascade['causes']}")
    text = run("analyze", fixture("closure-network.json"), "--fail", "p-hub").stdout
    for fragment in ("wave 1: p-a (cut off from sources), p-b (cut off from sources)", "wave 2: t4, clinic",
                     "wave 3: t5 (cut off from the largest component)", "6 failed in 3 wave(s)"):
        check(fragment in text, f"{fragment!r} in:\n{text}")

    # Tokyo: losing the Shin-Toyosu substation cuts pd-chuo and pd-sumida off
    # from every power plant; a cascade run with that substation out darkens them.
    tokyo = os.path.join(SOURCE, "models", "tokyo.json")
    out = json.loads(run("analyze", tokyo, "--json", "--fail", "ss-shin-toyosu").stdout)
    waves, causes = out["cascade"]["waves"], out["cascade"]["causes"]
    check(len(waves) >= 2 and {"pd-chuo", "pd-sumida"} <= set(waves[1]), f"tokyo waves {waves}")
    cut = {i for w, c in zip(waves, causes) for i, why in zip(w, c) if why == "cut off from sources"}
    check(cut == {"pd-chuo", "pd-sumida"}, f"cut off: {cut}")
    scenario = os.path.join(WORK, "shin-toyosu.json")
    write_json(scenario, {"schema": "cisim-scenario/1", "name": "Shin-Toyosu substation out", "model": tokyo,
                          "horizon_h": 2, "step_h": 1,
                          "events": [{"kind": "it_outage", "id": "out", "target": "ss-shin-toyosu", "start_h": 0,
                                      "severity": 1, "duration_h": 2}]})
    run("run", scenario, "--out", os.path.join(WORK, "run"))
    dark = set()
    for line in read_text(os.path.join(WORK, "run", "timeseries.csv")).splitlines()[1:]:
        t, level, node, operability = line.split(",")
        if float(t) == 1 and level == "node" and node.startswith(("pd-", "ss-", "pp-")) and float(operability) == 0:
            dark.add(node)
    check(dark == {"ss-shin-toyosu"} | cut, f"dark power nodes in the run at t = 1 h: {sorted(dark)}")


def case_analyze_large():
    # Above 1000 sectors the outputs that grow with n² are summarised (docs/analysis.md).
    model = os.path.join(WORK, "large.json")
    run("generate", "--nodes", "1200", "--degree", "3", "--seed", "5", "--sector-level", "--out", model)
    out = json.loads(run("analyze", model, "--json").stdout)
    check(out["summarised"] is True, "summarised flag")
    check(len(out["sectors"]) == 1200, "every sector listed")
    s0 = out["sectors"][0]
    check("transitive_dependents" not in s0 and isinstance(s0["transitive_dependents_count"], int), f"count form {list(s0)}")
    reach = {c["id"]: c["reach"] for c in out["criticality"]}
    check(all(s["transitive_dependents_count"] == reach[s["id"]] for s in out["sectors"]), "counts equal reach")
    check("strength" not in out["matrix"], "no dense matrix")
    ids = out["matrix"]["ids"]
    check(len(out["matrix"]["entries"]) > 0, "matrix entries")
    for consumer, supplier, strength in out["matrix"]["entries"][:50]:
        check(ids[supplier] in next(s for s in out["sectors"] if s["id"] == ids[consumer])["direct_suppliers"]
              or consumer == supplier, "entry is a dependency")
        check(0 < strength <= 1, "entry strength")
    check(len(out["key_sectors"]) == 20, f"top 20 key sectors, got {len(out['key_sectors'])}")
    totals = [k["total_inoperability"] for k in out["key_sectors"]]
    check(totals == sorted(totals, reverse=True), "key sectors descending")
    text = run("analyze", model).stdout
    check("1200 sectors, " in text and "too large to print" in text, "text: matrix summarised")
    check("the top 20 of 1200" in text, "text: key sectors are the top 20")


def case_convert_round_trip():
    rich = fixture("rich.json")
    canonical, graphml, back, dot = (os.path.join(WORK, n) for n in ("canonical.json", "rich.graphml", "back.json", "rich.dot"))
    run("convert", rich, canonical)
    run("convert", rich, graphml)
    run("convert", graphml, back)
    check(read_json(canonical) == read_json(back), "json -> graphml -> json gives the same model")
    # analyze reads GraphML too, with the same answer.
    check(run("analyze", graphml, "--json").stdout == run("analyze", rich, "--json").stdout, "analyze .graphml")
    run("convert", rich, dot)
    if shutil.which("dot"):
        subprocess.run(["dot", "-Tsvg", dot, "-o", os.path.join(WORK, "rich.svg")], check=True, timeout=60)
    # NetworkX reads the GraphML with typed attributes.
    try:
        import networkx as nx
    except ImportError:
        return
    g = nx.read_graphml(graphml)
    check(g.number_of_nodes() == 4 + 6, f"nodes {g.number_of_nodes()}")
    check(g.number_of_edges() == 8 + 3, f"edges {g.number_of_edges()}")
    check(g.nodes["power"]["name_ja"] == "電力" and g.nodes["power"]["rto_h"] == 24.0, "sector attributes")
    check(g.nodes["plant-1"]["coastal"] is True and g.nodes["plant-1"]["kind"] == "node", "node attributes")
    check(g.graph["combination:hospital"] == "product", "graph attributes")


def case_convert_errors():
    rich = fixture("rich.json")
    one_line_error(run("convert", rich, os.path.join(WORK, "x.yaml"), expect=2), "x.yaml", ".json, .graphml or .dot")
    one_line_error(run("convert", fixture("loops.txt"), os.path.join(WORK, "x.json"), expect=2), "loops.txt")
    out = os.path.join(WORK, "exists.json")
    run("convert", rich, out)
    one_line_error(run("convert", rich, out, expect=2), "exists.json")
    run("convert", rich, out, "--force")
    bad = write_text(os.path.join(WORK, "bad.graphml"), DANGLING_EDGE)
    one_line_error(run("convert", bad, os.path.join(WORK, "bad.json"), expect=2),
                   "bad.graphml: /graphml/graph[1]/edge[1]/@target", "unknown node 'b'")
    check(not os.path.exists(os.path.join(WORK, "bad.json")), "nothing written on bad input")
    leftovers = [n for n in os.listdir(WORK) if n not in ("exists.json", "bad.graphml")]
    check(not leftovers, f"no temporary files left: {leftovers}")
    # A control character cannot be written to XML. The error comes while the
    # file is being streamed, and the half-written temporary file is removed.
    model = read_json(rich)
    model["sectors"][0]["name"] = "bad\u0001name"
    control = write_json(os.path.join(WORK, "control.json"), model)
    one_line_error(run("convert", control, os.path.join(WORK, "control.graphml"), expect=2),
                   "control.json", "control character")
    leftovers = [n for n in os.listdir(WORK) if n not in ("exists.json", "bad.graphml", "control.json")]
    check(not leftovers, f"nothing left after a failed write: {leftovers}")


def case_graphml_models():
    # A GraphML model is accepted wherever a model is: validate, and run --model,
    # with the same results as its JSON form.
    model = os.path.join(SOURCE, "models", "japan-ci.json")
    graphml = os.path.join(WORK, "japan-ci.graphml")
    run("convert", model, graphml)
    check(run("validate", graphml).stdout == graphml + ": ok\n", "validate .graphml")
    scenario = os.path.join(SOURCE, "scenarios", "kddi-2022-mobile-core.json")
    outputs = {}
    for name, path in (("json", model), ("graphml", graphml)):
        out = os.path.join(WORK, "run-" + name)
        run("run", scenario, "--model", path, "--out", out)
        outputs[name] = read_text(os.path.join(out, "timeseries.csv"))
    check(outputs["json"] == outputs["graphml"], "run --model .graphml gives the JSON model's time series")
    bad = write_text(os.path.join(WORK, "bad.graphml"), DANGLING_EDGE)
    one_line_error(run("validate", bad, expect=2), "bad.graphml: /graphml/graph[1]/edge[1]/@target", "unknown node 'b'")


if __name__ == "__main__":
    cli_support.main(globals())
