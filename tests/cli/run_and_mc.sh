#!/bin/sh
# CLI checks of `cisim run` and `cisim mc` that the golden tests do not cover:
#  - the KDDI 2022 scenario's documented knock-ons (logistics tracking, ATMs,
#    JMA weather telemetry) appear in events.csv, caused by telecom;
#  - `cisim mc` writes a byte-identical summary.json with --threads 1 and 2 for
#    one seed, a different one for another seed, and draws no progress bar when
#    stderr is not a terminal;
#  - its summary.json puts the samples' figures before the deterministic run's
#    scores, which sit only under "deterministic_central_case".
set -u
cisim=$1 root=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }

"$cisim" run "$root/scenarios/kddi-2022-mobile-core.json" --out "$work/kddi" > /dev/null || fail "kddi run"
for sector in logistics finance government; do
  grep -q "^[0-9.]*,sector,$sector,$sector,supply_lost,[0-9.e-]*,telecom," "$work/kddi/events.csv" ||
    fail "no supply_lost of $sector caused by telecom in events.csv"
done

mc="$root/tests/fixtures/mc-chain3.json"
"$cisim" mc "$mc" --samples 200 --seed 42 --threads 1 --out "$work/t1" > "$work/t1.out" 2> "$work/t1.err" || fail "mc threads 1"
"$cisim" mc "$mc" --samples 200 --seed 42 --threads 2 --out "$work/t2" > /dev/null 2> "$work/t2.err" || fail "mc threads 2"
"$cisim" mc "$mc" --samples 200 --seed 43 --threads 2 --out "$work/s43" > /dev/null 2>&1 || fail "mc seed 43"
cmp -s "$work/t1/summary.json" "$work/t2/summary.json" || fail "summary.json differs between --threads 1 and 2"
cmp -s "$work/t1/mc_bands.csv" "$work/t2/mc_bands.csv" || fail "mc_bands.csv differs between --threads 1 and 2"
cmp -s "$work/t1/summary.json" "$work/s43/summary.json" && fail "seeds 42 and 43 gave the same summary.json"
[ -s "$work/t1.err" ] && fail "progress output on a non-terminal stderr: $(cat "$work/t1.err")"
grep -q '"kind": "mc"' "$work/t1/summary.json" || fail "summary.json is not an mc summary"
grep -q '"p_rto_breach"' "$work/t1/summary.json" || fail "no RTO breach probability"
# The samples' figures come first; the deterministic run's scores only under their label.
mc_at=$(grep -n '^  "monte_carlo"' "$work/t1/summary.json" | cut -d: -f1)
central_at=$(grep -n '^  "deterministic_central_case"' "$work/t1/summary.json" | cut -d: -f1)
[ -n "$mc_at" ] && [ -n "$central_at" ] && [ "$mc_at" -lt "$central_at" ] ||
  fail "summary.json: monte_carlo must precede deterministic_central_case"
grep -q '^  "sectors"\|^  "overall"' "$work/t1/summary.json" && fail "deterministic scores at the top level of an mc summary"
grep -q "^deterministic central case (cisim run): grade" "$work/t1.out" || fail "mc output does not label the deterministic run"
echo "ok"
