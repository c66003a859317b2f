#!/bin/sh
# The hazard intermediates and each event's reach through the command line:
#  - an earthquake that reaches the Tokyo assets but damages none: the run
#    says so on stdout and in summary.json (events/0, notes), and hazard.csv
#    lists every located asset with its shaking;
#  - the Tohoku 2011 scenario: hazard.csv has one row per exposed asset and
#    event (earthquake rows with motion and damage-state probabilities, tsunami
#    rows with the inundation flag), affected.geojson carries jma_intensity and
#    p_* per asset, and `mc` writes hazard.csv with the same motion columns and
#    its own repair times;
#  - a scenario without earthquakes or tsunamis writes no hazard.csv.
set -u
cisim=$1 root=$2 work=$3 python=$4
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }

"$cisim" run "$root/tests/fixtures/quake-far-tokyo.json" --out "$work/far" > "$work/far.stdout" || fail "far run"
grep -q '^note: event far-quake (earthquake) reaches [0-9]* units (highest JMA intensity .*) but damages none$' \
  "$work/far.stdout" || fail "no 'damages none' note on stdout: $(cat "$work/far.stdout")"
"$python" - "$work/far" "$root/models/tokyo.json" <<'PY' || fail "far-quake summary.json / hazard.csv"
import csv, json, sys
out, model = sys.argv[1], json.load(open(sys.argv[2]))
s = json.load(open(out + "/summary.json"))
located = [n["id"] for n in model["nodes"] if "lat" in n and "lon" in n]
e = s["events"][0]
assert e["id"] == "far-quake" and e["kind"] == "earthquake", e
assert e["units_reached"] == len(located), (e["units_reached"], len(located))
assert e["units_damaged"] == 0, e
assert e["max_jma_at"] in located and 0 <= e["max_jma_intensity"] < 1, e
assert any("far-quake" in n and "damages none" in n for n in s["notes"]), s["notes"]
lines = open(out + "/hazard.csv").read().splitlines()
assert lines[0].startswith("# damage states: Hazus slight/moderate/extensive/complete"), lines[0]
rows = list(csv.DictReader(lines[1:]))
assert sorted(r["id"] for r in rows) == sorted(located)
assert all(r["event"] == "far-quake" and r["inundated"] == "" and float(r["repair_h"]) == 0 for r in rows)
top = max(rows, key=lambda r: float(r["jma_intensity"]))
assert top["id"] == e["max_jma_at"], (top, e)
PY

"$cisim" run "$root/scenarios/tohoku-2011.json" --out "$work/run" > /dev/null || fail "tohoku run"
"$cisim" mc "$root/scenarios/tohoku-2011.json" --samples 9 --out "$work/mc" > /dev/null || fail "tohoku mc"
"$python" - "$work" "$root" <<'PY' || fail "tohoku hazard.csv / affected.geojson"
import csv, json, sys
work, root = sys.argv[1], sys.argv[2]
model = json.load(open(root + "/models/east-japan.json"))
scenario = json.load(open(root + "/scenarios/tohoku-2011.json"))
def rows(d):
    with open(f"{work}/{d}/hazard.csv") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))
run, mc = rows("run"), rows("mc")
located = {n["id"] for n in model["nodes"] if "lat" in n}
quakes = [e["id"] for e in scenario["events"] if e["kind"] == "earthquake"]
waves = [e for e in scenario["events"] if e["kind"] == "tsunami"]
for q in quakes:
    got = {r["id"] for r in run if r["event"] == q}
    assert got == located, q
for r in run:
    if r["event"] in quakes:
        p = [float(r[k]) for k in ("p_slight", "p_moderate", "p_extensive", "p_complete")]
        assert all(0 <= x <= 1 for x in p) and sum(p) <= 1 + 1e-5, r
        assert 0 <= float(r["jma_intensity"]) <= 7 and float(r["pga_g"]) > 0, r
        assert r["inundated"] == "", r
    else:
        assert r["pga_g"] == "" and r["inundated"] in ("0", "1"), r
        assert (float(r["repair_h"]) > 0) == (r["inundated"] == "1"), r
assert len(run) == len(quakes) * len(located) + sum(1 for r in run if r["event"] not in quakes)
summary = json.load(open(f"{work}/run/summary.json"))
for e in summary["events"]:
    if e["kind"] == "tsunami":
        n = sum(1 for r in run if r["event"] == e["id"] and r["inundated"] == "1")
        assert e["units_inundated"] == n, (e, n)
# mc: the same assets, events and ground motion; repair times its own medians.
key = lambda r: [r[k] for k in ("id", "event", "pga_g", "pgv_cm_s", "jma_intensity", "p_slight", "p_moderate",
                                "p_extensive", "p_complete", "inundated")]
assert [key(r) for r in run] == [key(r) for r in mc]
assert [r["repair_h"] for r in run] != [r["repair_h"] for r in mc]
geo = json.load(open(f"{work}/run/affected.geojson"))
assert geo["features"]
best = {}
for r in run:
    if r["event"] in quakes:
        best[r["id"]] = max(best.get(r["id"], 0.0), float(r["jma_intensity"]))
for f in geo["features"]:
    p = f["properties"]
    for k in ("p_slight", "p_moderate", "p_extensive", "p_complete"):
        assert 0 <= p[k] <= 1, p
    assert abs(p["jma_intensity"] - best[p["id"]]) < 1e-4, (p, best[p["id"]])
PY

"$cisim" run "$root/scenarios/kddi-2022-mobile-core.json" --out "$work/kddi" > /dev/null || fail "kddi run"
[ -e "$work/kddi/hazard.csv" ] && fail "hazard.csv written for a scenario without earthquakes or tsunamis"
echo "ok"
