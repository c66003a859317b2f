#!/bin/sh
# `cisim run` frees an asset model's dependencies once the network holds them
# when the engine reads them no more (the cascade engine, no populations).
# What it writes after that must be what a command that keeps them says: its
# injects.csv against `cisim injects --nodes` on the same inputs.
set -u
cisim=$1 root=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
scenario="$work/scenario.json"
cat > "$scenario" <<'JSON'
{
  "schema": "cisim-scenario/1",
  "name": "A regional blackout and a data-centre outage on a generated model",
  "source": "test input",
  "model": "model.json",
  "horizon_h": 72,
  "step_h": 1,
  "events": [
    { "kind": "blackout", "region": "r1-*", "start_h": 0, "duration_h": 12 },
    { "kind": "it_outage", "class": "data_center", "start_h": 24, "duration_h": 6, "severity": 0.8 }
  ]
}
JSON
"$cisim" generate --nodes 3000 --degree 3 --seed 7 --out "$work/model.json" > /dev/null || fail "generate"
"$cisim" run "$scenario" --model "$work/model.json" --out "$work/run" -v > /dev/null 2> "$work/run.err" || fail "run"
grep -q "the model's dependencies freed" "$work/run.err" || fail "the run kept the dependencies: $(cat "$work/run.err")"
"$cisim" injects "$scenario" --model "$work/model.json" --nodes --out "$work/injects.csv" 2> /dev/null || fail "injects"
[ "$(wc -l < "$work/injects.csv")" -gt 10 ] || fail "too few injects to compare: $(cat "$work/injects.csv")"
cmp -s "$work/run/injects.csv" "$work/injects.csv" || fail "the run's injects.csv differs from cisim injects --nodes"
# With a population (a sector without assets) the engine reads them: kept.
python3 - "$work/model.json" "$work/population.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["sectors"].append({"id": "households", "name": "Households"})
m["dependencies"].append({"from": m["nodes"][0]["id"], "to": "households", "type": "physical", "strength": 0.5})
json.dump(m, open(sys.argv[2], "w"))
PY
"$cisim" run "$scenario" --model "$work/population.json" --out "$work/kept" -v > /dev/null 2> "$work/kept.err" || fail "run with a population: $(cat "$work/kept.err")"
grep -q "the model's dependencies freed" "$work/kept.err" && fail "freed with a population in the model"
echo "freed dependencies: ok"
