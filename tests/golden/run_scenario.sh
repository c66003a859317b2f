#!/bin/sh
# Golden test of one shipped scenario through the CLI:
#  1. `cisim run SCENARIO --out DIR` writes summary.json, timeseries.csv, events.csv;
#  2. summary.json matches the checked-in golden copy (compare.py's tolerance);
#  3. a second run into the same DIR without --force exits 2 with one line on
#     stderr and leaves DIR as it was.
set -u
cisim=$1 scenario=$2 dir=$3 python=$4 compare=$5 golden=$6
rm -rf "$dir"
mkdir -p "$(dirname "$dir")"
"$cisim" run "$scenario" --out "$dir" > "$dir.stdout" || { echo "run failed"; exit 1; }
for f in summary.json timeseries.csv events.csv; do
  [ -s "$dir/$f" ] || { echo "missing or empty: $dir/$f"; exit 1; }
done
grep -q "grade" "$dir.stdout" || { echo "no grade in the printed table"; exit 1; }
"$python" "$compare" "$dir/summary.json" "$golden" || exit 1
before=$(cd "$dir" && ls -l --time-style=full-iso && cat ./*)
"$cisim" run "$scenario" --out "$dir" > /dev/null 2> "$dir.stderr"
status=$?
[ "$status" -eq 2 ] || { echo "second run without --force exited $status, expected 2"; exit 1; }
[ "$(wc -l < "$dir.stderr")" -eq 1 ] || { echo "expected one line on stderr:"; cat "$dir.stderr"; exit 1; }
grep -q -- "--force" "$dir.stderr" || { echo "the error does not mention --force"; exit 1; }
after=$(cd "$dir" && ls -l --time-style=full-iso && cat ./*)
[ "$before" = "$after" ] || { echo "the result directory changed"; exit 1; }
echo "ok: $scenario"
