"""GraphML with NetworkX and yEd through the command line (issue 22, point 3).

Usage: cli_graphml.py CASE CISIM SOURCE_DIR WORK_DIR   (run by tests/cli_graphml.cmake)
Each CASE is one ctest test; it exits non-zero with a message when a check fails.
NetworkX is Debian's python3-networkx (2.8), read by /usr/bin/python3.
"""
import os

import networkx as nx

import cli_support
from cli_support import check, fixture, one_line_error, read_json, read_text, run, write_text

CISIM = SOURCE = WORK = None  # set by cli_support.main()


def work(name):
    return os.path.join(WORK, name)


def exported(source, name):
    """cisim's canonical JSON of `source` and its GraphML export."""
    canonical, graphml = work(name + ".json"), work(name + ".graphml")
    run("convert", source, canonical)
    run("convert", canonical, graphml)
    return canonical, graphml


def case_networkx_round_trip():
    # Export with cisim, read and write with NetworkX, import with cisim: the
    # same model, byte for byte in cisim's JSON. rich.json has every field and
    # parallel edges (NetworkX reads it as a MultiDiGraph), the others are DiGraphs.
    sources = [fixture(f) for f in
               ("rich.json", "loops.json", "households.json", "closure-network.json", "measures-star.json")]
    sources += [os.path.join(SOURCE, "models", f) for f in ("japan-ci.json", "tokyo.json", "noto.json")]
    kinds = set()
    for source in sources:
        name = os.path.splitext(os.path.basename(source))[0]
        canonical, graphml = exported(source, name)
        g = nx.read_graphml(graphml)
        kinds.add(type(g).__name__)
        through = work(name + ".networkx.graphml")
        nx.write_graphml(g, through)
        back = work(name + ".back.json")
        p = run("convert", through, back, "--strict")
        check(p.stderr == "", f"{name}: no warnings: {p.stderr!r}")
        check(read_text(back) == read_text(canonical), f"{name}: the model back from NetworkX is the model exported")
    check(kinds == {"DiGraph", "MultiDiGraph"}, f"both NetworkX graph types seen: {kinds}")
    # Gephi and yEd show "label": NetworkX sees it as the name.
    g = nx.read_graphml(work("loops.graphml"))
    check(g.nodes["power"]["label"] == g.nodes["power"]["name"] == "Electric power", "label is the name")


def case_networkx_extra_columns():
    canonical, graphml = exported(fixture("loops.json"), "loops")
    g = nx.read_graphml(graphml)
    nx.set_node_attributes(g, nx.betweenness_centrality(g), "centrality")
    nx.set_node_attributes(g, {n: i for i, n in enumerate(g.nodes)}, "community")
    nx.set_edge_attributes(g, {e: 1.5 for e in g.edges}, "flow")
    analysed = work("analysed.graphml")
    nx.write_graphml(g, analysed)
    # Skipped with one warning line per key, the model unchanged.
    back = work("analysed.json")
    p = run("convert", analysed, back)
    lines = p.stderr.splitlines()
    check(len(lines) == 3, f"one warning per key: {lines}")
    for key in ("centrality", "community", "flow"):
        matching = [line for line in lines if f"'{key}' is no model attribute" in line]
        check(len(matching) == 1 and matching[0].startswith(analysed + ": /graphml/key[")
              and ": warning: " in matching[0] and "--strict" in matching[0], f"warning for {key}: {lines}")
    check(read_text(back) == read_text(canonical), "analysis columns do not change the model")
    # validate and run read GraphML the same way (warnings, exit 0).
    p = run("validate", analysed)
    check(p.stdout == analysed + ": ok\n" and len(p.stderr.splitlines()) == 3, f"validate: {p.stdout!r} {p.stderr!r}")
    # --strict: the first use is an error, one line, exit 2, nothing written.
    strict = work("strict.json")
    p = run("convert", analysed, strict, "--strict", expect=2)
    one_line_error(p, analysed + ": /graphml/graph[1]/node[1]/data[@key='", "unknown attribute '", "for node 'power'")
    check(not os.path.exists(strict), "nothing written on --strict error")


def case_yed_file():
    yed = fixture("yed-town.graphml")
    out = work("yed-town.json")
    p = run("convert", yed, out, "--strict")
    check(p.stderr == "", f"no warnings: {p.stderr!r}")
    m = read_json(out)
    check([s["name"] for s in m["sectors"]] == ["Strom (Élec)", "Télécom", "Wasser"], f"labels as names {m['sectors']}")
    check(m["sectors"][0]["source"] == "https://example.org/strom", "url")
    check([d["strength"] for d in m["dependencies"]] == [0.9, 0.5, 0.2], "strengths, default 0.5")
    check(run("validate", yed).stdout == yed + ": ok\n", "validate the yEd file")
    # The analysis reads it as it reads JSON.
    check(run("analyze", yed, "--json").stdout == run("analyze", out, "--json").stdout, "analyze .graphml")


def case_hostile_xml():
    def write(name, text):
        return write_text(work(name), text)

    # External entity: not fetched, not expanded.
    xxe = write("xxe.graphml", '<?xml version="1.0"?>\n<!DOCTYPE graphml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
                '<graphml><key id="n" for="node" attr.name="name"/><graph><node id="a"><data key="n">&xxe;</data>'
                '</node></graph></graphml>\n')
    p = run("validate", xxe, expect=2)
    one_line_error(p, xxe + ": /graphml/graph[1]/node[1]/data[1]: line 3: unknown entity '&xxe;'")
    check("root:" not in p.stderr, "no file content")
    # Billion laughs: not expanded (the run stays short and small).
    decls = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)]
    laughs = write("laughs.graphml", '<?xml version="1.0"?>\n<!DOCTYPE graphml [' + "\n".join(decls) +
                   ']>\n<graphml><graph><node id="&lol9;"/></graph></graphml>\n')
    one_line_error(run("validate", laughs, expect=2), laughs + ":", "unknown entity '&lol9;'")
    # Nesting deeper than 256 elements.
    deep = write("deep.graphml", "<graphml><graph><node id='a'><data key='k'>" + "<x>" * 300 + "</x>" * 300 +
                 "</data></node></graph></graphml>")
    one_line_error(run("validate", deep, expect=2), deep + ":", "nested too deeply")
    # An unknown XML attribute and a bogus attr.type.
    attr = write("attr.graphml", '<graphml><graph><node id="a" colour="red"/></graph></graphml>')
    one_line_error(run("convert", attr, work("attr.json"), expect=2), attr + ": /graphml/graph[1]/node[1]/@colour:",
                   "unknown XML attribute 'colour'")
    check(not os.path.exists(work("attr.json")), "nothing written")
    typ = write("type.graphml", '<graphml><key id="k" for="node" attr.name="weight" attr.type="decimal"/>'
                '<graph><node id="a"/></graph></graphml>')
    one_line_error(run("validate", typ, expect=2), typ + ": /graphml/key[1]/@attr.type:", "unknown attr.type")


def case_uncertain_values():
    # {"uncertain": …} values go to GraphML and back: the same model.json, and
    # `cisim sensitivity` names and draws the same parameters from either file.
    os.makedirs(work("given"))
    all_places = cli_support.write_json(work("given/all-places.json"), {
        "schema": "cisim-model/1", "name": "every place of an uncertain value",
        "sectors": [{"id": "power", "mtpd_h": {"uncertain": "lognormal", "median": 30, "beta": 0.5, "source": "a <b>"}},
                    {"id": "water", "rto_h": {"uncertain": "uniform", "min": 2, "max": 6}}],
        "nodes": [{"id": "p1", "sector": "power",
                   "fragility_scale": {"uncertain": "triangular", "min": 1, "mode": 2, "max": 4}}],
        "dependencies": [{"from": "power", "to": "water", "delay_h": {"uncertain": "uniform", "min": 0, "max": 3}}]})
    for source in (os.path.join(SOURCE, "models", "japan-ci-uncertain.json"),
                   fixture("sensitivity-two-suppliers.json"), all_places):
        name = os.path.splitext(os.path.basename(source))[0]
        canonical, graphml = exported(source, name)
        back = work(name + ".back.json")
        run("convert", graphml, back)
        check(read_text(back) == read_text(canonical), f"{name}: JSON -> GraphML -> JSON is the model")
    check('"rto_h":{"uncertain":"uniform","min":2,"max":6}' in read_text(work("all-places.back.json")),
          "a sector's uncertain rto_h comes back")
    scenario = read_json(os.path.join(SOURCE, "scenarios", "kddi-2022-uncertain.json"))
    results = {}
    for model in (work("japan-ci-uncertain.json"), work("japan-ci-uncertain.graphml")):
        scenario["model"] = model
        path = cli_support.write_json(model + ".scenario.json", scenario)
        out = model + ".sens"
        run("sensitivity", path, "--samples", "8", "--out", out)
        results[model] = read_json(os.path.join(out, "sensitivity.json"))
    json_result, graphml_result = results.values()
    names = [(p["parameter"], p["label"]) for p in graphml_result["outputs"][0]["parameters"]]
    check(len(names) == 8 and names[0] == ("/dependencies/0/buffer_h", "power->telecom buffer_h"),
          f"the model's and the scenario's uncertain values: {names}")
    check(graphml_result == json_result, "sensitivity.json is the same for the model as JSON and as GraphML")
    # A bad uncertain value: the JSON reader's message at the GraphML data, exit 2, nothing written.
    graphml = read_text(work("all-places.graphml"))
    bad = write_text(work("bad.graphml"), graphml.replace('{"uncertain":"uniform","min":2,"max":6}',
                                                          '{"uncertain":"uniform","min":6,"max":2}'))
    p = run("convert", bad, work("bad.json"), expect=2)
    one_line_error(p, bad + ": /graphml/graph[1]/node[2]/data[@key='n_rto_h_json']/max: must not be below min")
    check(not os.path.exists(work("bad.json")), "nothing written")
    hostile = write_text(work("hostile.graphml"), graphml.replace(
        '{"uncertain":"uniform","min":2,"max":6}', '{"uncertain":"uniform","min":2,"max":6,"x":"' + "[" * 5000 + '"}'))
    one_line_error(run("validate", hostile, expect=2), hostile + ": /graphml/graph[1]/node[2]/data[@key='n_rto_h_json']")


if __name__ == "__main__":
    cli_support.main(globals())
