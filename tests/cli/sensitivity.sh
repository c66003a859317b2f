#!/bin/sh
# `cisim sensitivity` end to end: C depends on S1 and S2 (each strength uniform
# 0–1, min rule) and only S1 fails, fully, for 10 h, so C's inoperability-hours
# are 10 × the S1 edge's strength: its S1 index ≈ 1 and the S2 edge's ≈ 0,
# within their confidence. Files are identical for --threads 1 and 2; run
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
