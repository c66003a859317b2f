"""Buldyrev et al. (Nature 2010) cascade of two interdependent networks with NetworkX.

The baseline of issue 23, point 5: the model and scenario `cisim_workload
buldyrev --write DIR` writes (two "giant"-mode sectors whose nodes depend on
each other one to one, a share of the first removed), run as the paper
describes it and as one writes it with NetworkX: failed nodes are removed from
their graph; each round the dependencies (the consumers of removed nodes are
removed), then in every network the nodes outside the largest connected
component (`max(nx.connected_components(g), key=len)`: the first of equal size
holds the lowest node, as in the engine) are removed, until a round removes
nothing.

Usage: /usr/bin/python3 buldyrev_nx.py MODEL.json SCENARIO.json [--survivors OUT.txt]
Prints one JSON line: load, graph build and cascade seconds (wall; the cascade
also in CPU seconds), rounds, survivors.
"""
import argparse
import json
import time

import networkx as nx


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("scenario")
    ap.add_argument("--survivors")
    a = ap.parse_args()
    t0 = time.perf_counter()
    model = json.load(open(a.model))
    scenario = json.load(open(a.scenario))
    t1 = time.perf_counter()
    graphs = {s["id"]: nx.Graph() for s in model["sectors"] if s.get("network") == "giant"}
    sector = {}
    for node in model["nodes"]:
        sector[node["id"]] = node["sector"]
        graphs[node["sector"]].add_node(node["id"])
    for link in model["links"]:
        graphs[sector[link["a"]]].add_edge(link["a"], link["b"])
    dependents = {}  # supplier -> its consumers (strength 1: the supplier out takes them out)
    for d in model["dependencies"]:
        dependents.setdefault(d["from"], []).append(d["to"])
    removed = {n for e in scenario["events"] for n in e["nodes"]}
    t2 = time.perf_counter()
    c2 = time.process_time()
    for g in graphs.values():
        g.remove_nodes_from(removed)
    dead, rounds = removed, 0
    while dead:
        # Dependencies, settled: the consumers of dead nodes die.
        while dead:
            dead = {c for u in dead for c in dependents.get(u, ()) if graphs[sector[c]].has_node(c)}
            for c in dead:
                graphs[sector[c]].remove_node(c)
        rounds += 1
        # Every network keeps its giant component (all networks at once).
        dead = set()
        for g in graphs.values():
            if len(g):
                dead |= set(g) - max(nx.connected_components(g), key=len)
        for g in graphs.values():
            g.remove_nodes_from(dead)
    alive = {n for g in graphs.values() for n in g}
    t3 = time.perf_counter()
    c3 = time.process_time()
    if a.survivors:
        with open(a.survivors, "w") as out:
            for node in model["nodes"]:
                if node["id"] in alive:
                    out.write(node["id"] + "\n")
    print(json.dumps({"workload": "buldyrev", "implementation": "networkx " + nx.__version__,
                      "nodes": len(sector), "links": len(model["links"]), "load_s": round(t1 - t0, 3),
                      "build_s": round(t2 - t1, 3), "cascade_s": round(t3 - t2, 3),
                      "cascade_cpu_s": round(c3 - c2, 3), "rounds": rounds,
                      "survivors": len(alive)}))


if __name__ == "__main__":
    main()
