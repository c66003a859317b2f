#!/bin/sh
# Result directories through the command line (README, "Result directories"):
#  - a run removes the staging directories that killed runs left in the parent
#    (their PID no longer runs), one line on stderr each; a live process's stay;
#  - a second writer of D while a first one computes (its staging directory
#    exists) exits 2 at once with the one line "D: another cisim is writing
#    this result directory"; the first one's result is complete;
#  - two `cisim run --out D --force` started at once: each exits 0 or 2 (that
#    line); D is complete at the end and nothing hidden is left.
set -u
cisim=$1 root=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
scenario="$root/scenarios/kddi-2022-mobile-core.json"

"$cisim" run "$scenario" --out "$work/ref" > /dev/null 2>&1 || fail "reference run"
expected=$(cd "$work/ref" && ls -A)

# Crash leftovers: a reaped child's PID belongs to no process.
sh -c 'exit 0' & dead=$!
wait $dead
mkdir -p "$work/.res.tmp-$dead-42/sub" "$work/.res.tmp-$$-7"
echo "left by a killed run" > "$work/.res.tmp-$dead-42/sub/timeseries.csv"
"$cisim" run "$scenario" --out "$work/res" > /dev/null 2> "$work/stale.err" || fail "run next to stale staging"
[ -e "$work/.res.tmp-$dead-42" ] && fail "the staging directory of dead process $dead was not removed"
[ -d "$work/.res.tmp-$$-7" ] || fail "the staging directory of a live process was removed"
grep -qx "$work/.res.tmp-$dead-42: removed, the staging directory of process $dead that no longer runs (an interrupted run)" \
  "$work/stale.err" || fail "no message about the removed staging directory: $(cat "$work/stale.err")"
[ "$(wc -l < "$work/stale.err")" -eq 1 ] || fail "one line per removed directory: $(cat "$work/stale.err")"
rm -rf "$work/.res.tmp-$$-7" "$work/res"

# A second writer while the first computes: refused, the first unharmed.
tries=0 samples=50000
while :; do
  rm -rf "$work/busy"
  "$cisim" mc "$root/tests/fixtures/mc-chain3.json" --samples $samples --out "$work/busy" > /dev/null 2> "$work/first.err" &
  first=$!
  until ls -A "$work" | grep -q '^\.busy\.tmp-'; do
    kill -0 $first 2> /dev/null || break
    sleep 0.01
  done
  "$cisim" run "$scenario" --out "$work/busy" --force > /dev/null 2> "$work/second.err"; second=$?
  kill -0 $first 2> /dev/null; running=$?
  wait $first || fail "the first writer failed: $(cat "$work/first.err")"
  if [ $running -ne 0 ]; then  # the first ended before the second did: try a longer one
    tries=$((tries + 1)) samples=$((samples * 4))
    [ $tries -lt 3 ] && continue
    fail "the mc run always ended before the second writer"
  fi
  break
done
[ $second -eq 2 ] || fail "a second writer during a run: exit $second, expected 2"
[ "$(cat "$work/second.err")" = "$work/busy: another cisim is writing this result directory" ] ||
  fail "second writer: $(cat "$work/second.err")"
grep -q '"kind": "mc"' "$work/busy/summary.json" && [ -s "$work/busy/mc_bands.csv" ] ||
  fail "the first writer's result is incomplete"
left=$(ls -A "$work" | grep '^\.' || true)
[ -z "$left" ] || fail "hidden entries left: $left"

# Concurrent --force writers.
refused=0
for round in 1 2 3 4 5 6 7 8; do
  "$cisim" run "$scenario" --out "$work/same" --force > /dev/null 2> "$work/a.err" & a=$!
  "$cisim" run "$scenario" --out "$work/same" --force > /dev/null 2> "$work/b.err" & b=$!
  wait $a; sa=$?
  wait $b; sb=$?
  for who in a b; do
    if [ $who = a ]; then status=$sa; else status=$sb; fi
    case $status in
      0) [ -s "$work/$who.err" ] && fail "round $round: exit 0 with stderr: $(cat "$work/$who.err")" ;;
      2) [ "$(cat "$work/$who.err")" = "$work/same: another cisim is writing this result directory" ] ||
           fail "round $round: exit 2 with: $(cat "$work/$who.err")"
         refused=$((refused + 1)) ;;
      *) fail "round $round: exit $status: $(cat "$work/$who.err")" ;;
    esac
  done
  [ $sa -eq 0 ] || [ $sb -eq 0 ] || fail "round $round: neither writer succeeded"
  [ "$(cd "$work/same" && ls -A)" = "$expected" ] || fail "round $round: incomplete result: $(ls -A "$work/same")"
  cmp -s "$work/ref/timeseries.csv" "$work/same/timeseries.csv" || fail "round $round: timeseries.csv differs"
  left=$(ls -A "$work" | grep '^\.' || true)
  [ -z "$left" ] && continue
  fail "round $round: hidden entries left: $left"
done
echo "ok ($refused of 16 writers refused)"
