#!/bin/sh
# `cisim sensitivity` end to end: C depends on S1 and S2 (each strength uniform
# 0–1, min rule) and only S1 fails, fully, for 10 h, so C's inoperability-hours
# are 10 × the S1 edge's strength: its S1 index ≈ 1 and the S2 edge's ≈ 0,
# within their confidence; the tornado's swings by hand. Files are identical for --threads 1 and 2; run
# lists the uncertain values with their medians; a scenario without any is bad input.
set -u
cisim=$1 root=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
sc="$root/tests/fixtures/sensitivity-two-suppliers-scenario.json"
"$cisim" sensitivity "$sc" --samples 512 --seed 3 --threads 1 --out "$work/t1" > "$work/t1.out" || fail "sensitivity threads 1"
"$cisim" sensitivity "$sc" --samples 512 --seed 3 --threads 2 --out "$work/t2" > /dev/null || fail "sensitivity threads 2"
cmp -s "$work/t1/sensitivity.json" "$work/t2/sensitivity.json" || fail "sensitivity.json differs between --threads 1 and 2"
cmp -s "$work/t1/sensitivity.csv" "$work/t2/sensitivity.csv" || fail "sensitivity.csv differs between --threads 1 and 2"
grep -q "central case" "$work/t1.out" || fail "the output does not say the hazards stay at their central case"
python3 - "$work/t1/sensitivity.json" "$work/t1/sensitivity.csv" <<'PY' || fail "indices"
import csv, json, sys
j = json.load(open(sys.argv[1]))
assert j["method"] == "sobol" and j["samples"] == 512 and j["runs"] == 512 * 4, j
c = next(o for o in j["outputs"] if o["output"] == "sector.C.inoperability_hours")
s1, s2 = c["parameters"]
assert s1["parameter"] == "/dependencies/0/strength" and s1["label"] == "S1->C strength", s1
assert abs(s1["S1"] - 1) <= max(s1["S1_conf"], 1e-6), s1
assert abs(s1["ST"] - 1) <= max(s1["ST_conf"], 1e-6), s1
assert abs(s2["S1"]) <= max(s2["S1_conf"], 1e-6) and abs(s2["ST"]) <= max(s2["ST_conf"], 1e-6), s2
names = {o["output"] for o in j["outputs"]}
assert {"overall.rto_compliance", "overall.inoperability_hours", "sector.C.downtime_h"} <= names, names
rows = list(csv.DictReader(open(sys.argv[2])))
assert len(rows) == 2 * 2 * len(j["outputs"]), len(rows)
assert rows[0].keys() == {"output", "parameter", "label", "index", "value", "conf"}
PY
# Tornado, by hand: the S1 edge's strength alone at its P10 (0.1) and P90 (0.9),
# S2's at its median: C loses 10 x 0.1 = 1 and 10 x 0.9 = 9 inoperability-hours
# (5 at the medians); S1 adds its own 10. C (RTO 4 h) is down 10 h at 0.9 (and
# at the median): compliance 0; at 0.1 it sits at the 0.9 threshold, not below:
# compliance 1. S2's edge changes nothing.
cmp -s "$work/t1/tornado.csv" "$work/t2/tornado.csv" || fail "tornado.csv differs between --threads 1 and 2"
python3 - "$work/t1/sensitivity.json" "$work/t1/tornado.csv" <<'PY' || fail "tornado"
import csv, json, sys
j = json.load(open(sys.argv[1]))
assert j["tornado"] == {"low_quantile": 0.1, "high_quantile": 0.9, "others": "median", "runs": 5}, j["tornado"]
out = {o["output"]: o for o in j["outputs"]}
c = out["sector.C.inoperability_hours"]
s1, s2 = c["parameters"]
assert c["base"] == 5 and (s1["input_low"], s1["input_high"]) == (0.1, 0.9), (c["base"], s1)
assert (s1["low"], s1["high"], s1["swing"]) == (1, 9, 8), s1
assert (s2["low"], s2["high"], s2["swing"]) == (5, 5, 0), s2
o = out["overall.inoperability_hours"]
assert o["base"] == 15 and (o["parameters"][0]["low"], o["parameters"][0]["high"]) == (11, 19), o
r = out["overall.rto_compliance"]
# At P10, C sits exactly at the 0.9 service threshold, which is not below it: RTO met.
assert r["base"] == 0 and (r["parameters"][0]["low"], r["parameters"][0]["high"]) == (1, 0), r
assert r["parameters"][1]["swing"] == 0, r
rows = list(csv.DictReader(open(sys.argv[2])))
assert len(rows) == 2 * len(j["outputs"]), len(rows)
row = next(x for x in rows if x["output"] == "sector.C.inoperability_hours" and x["label"] == "S1->C strength")
assert (row["low"], row["high"], row["swing"], row["base"]) == ("1", "9", "8", "5"), row
PY
[ -f "$work/t1/summary.json" ] || fail "no central-case summary.json: $(ls "$work/t1")"
"$cisim" sensitivity "$sc" --plots > /dev/null 2>&1 && fail "--plots without --out"
"$cisim" sensitivity "$sc" --method morris --samples 10 --out "$work/m" > /dev/null || fail "morris"
grep -q '"mu_star"' "$work/m/sensitivity.json" || fail "morris without mu_star"
"$cisim" run "$sc" --out "$work/run" > /dev/null || fail "run"
python3 - "$work/run/summary.json" <<'PY' || fail "summary.json uncertain"
import json, sys
u = json.load(open(sys.argv[1]))["uncertain"]
assert [x["parameter"] for x in u] == ["/dependencies/0/strength", "/dependencies/1/strength"], u
assert u[0]["median"] == 0.5 and u[0]["distribution"] == "uniform(0, 1)" and u[0]["in"] == "model", u
PY
sh "$root/tests/cli/expect.sh" 2 stderr "nothing is uncertain" "$cisim" sensitivity "$root/tests/fixtures/mc-chain3.json" ||
  fail "a scenario without uncertain values"
echo ok
