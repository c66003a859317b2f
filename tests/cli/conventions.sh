#!/bin/sh
# CLI conventions of issue 22 (point 4), run from the source tree:
#  - `cisim help CMD` prints what `cisim CMD --help` prints, and every
#    subcommand's help ends with an example; an unknown CMD is a usage error;
#  - `run --json` and `mc --json` print summary.json (the same bytes as --out
#    writes) and nothing else on stdout;
#  - -q leaves only errors, -v adds timings on stderr, both together are refused;
#  - "-" reads a model or scenario from stdin, and messages name it <stdin>;
#  - a write error on stdout (/dev/full) exits 1 with a message.
set -u
cisim=$1 root=$2 work=$3 python=$4
rm -rf "$work" && mkdir -p "$work"
cd "$root" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

# help
commands=$("$cisim" --help | sed -n '/^Subcommands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
[ "$(echo "$commands" | wc -l)" -ge 12 ] || fail "cisim --help lists too few subcommands: $commands"
for c in $commands; do
  [ "$c" = help ] && continue
  "$cisim" help "$c" > "$work/help.txt" || fail "cisim help $c"
  "$cisim" "$c" --help > "$work/dash-help.txt" || fail "cisim $c --help"
  cmp -s "$work/help.txt" "$work/dash-help.txt" || fail "cisim help $c differs from cisim $c --help"
  grep -q '^Examples\?:$' "$work/help.txt" || fail "cisim $c --help has no example"
  grep -q -- '-q,--quiet' "$work/help.txt" || fail "cisim $c has no -q"
  grep -q -- '-v,--verbose' "$work/help.txt" || fail "cisim $c has no -v"
  # The examples name shipped files.
  for f in $(sed -n '/^Examples\{0,1\}:$/,$p' "$work/help.txt" | grep -o '\(models\|scenarios\)/[A-Za-z0-9._-]*\.json'); do
    [ -f "$f" ] || fail "cisim $c --help: the example names $f, which does not exist"
  done
done
"$cisim" help no-such-command > /dev/null 2> "$work/err.txt"
[ $? -eq 2 ] || fail "cisim help no-such-command: exit status not 2"
grep -q "unknown command 'no-such-command'" "$work/err.txt" || fail "cisim help no-such-command: $(cat "$work/err.txt")"

# --json
scenario=tests/fixtures/scenario-chain3.json
"$cisim" run "$scenario" --json > "$work/run.json" 2> "$work/run.err" || fail "run --json"
"$python" -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["kind"] == "run", d["kind"]' "$work/run.json" ||
  fail "run --json: stdout is not a run summary"
"$cisim" run "$scenario" --out "$work/run" -q || fail "run --out"
cmp -s "$work/run.json" "$work/run/summary.json" || fail "run --json differs from summary.json"
"$cisim" run "$scenario" --json --out "$work/run2" > "$work/run2.json" 2> "$work/run2.err" || fail "run --json --out"
cmp -s "$work/run2.json" "$work/run2/summary.json" || fail "run --json --out: stdout differs from summary.json"
grep -q "^results in " "$work/run2.err" || fail "run --json --out: 'results in' should be on stderr"
mc=tests/fixtures/mc-chain3.json
"$cisim" mc "$mc" --samples 40 --seed 3 --json > "$work/mc.json" || fail "mc --json"
"$cisim" mc "$mc" --samples 40 --seed 3 --out "$work/mc" -q || fail "mc --out"
cmp -s "$work/mc.json" "$work/mc/summary.json" || fail "mc --json differs from summary.json"

# -q and -v
"$cisim" run "$scenario" -q --out "$work/quiet" > "$work/q.out" 2> "$work/q.err" || fail "run -q"
[ -s "$work/q.out" ] && fail "run -q printed on stdout: $(cat "$work/q.out")"
[ -s "$work/q.err" ] && fail "run -q printed on stderr: $(cat "$work/q.err")"
"$cisim" validate -q tests/fixtures/chain3.json > "$work/q.out" || fail "validate -q"
[ -s "$work/q.out" ] && fail "validate -q printed: $(cat "$work/q.out")"
"$cisim" validate -q tests/fixtures/bad/nan.json > /dev/null 2> "$work/q.err"
[ $? -eq 2 ] && grep -q '^tests/fixtures/bad/nan.json: ' "$work/q.err" || fail "validate -q hid the error"
"$cisim" run "$scenario" -v > /dev/null 2> "$work/v.err" || fail "run -v"
grep -Eq '^cisim: .*engine cascade[^:]*: [0-9]+\.[0-9]{3} s$' "$work/v.err" || fail "run -v: no engine timing: $(cat "$work/v.err")"
grep -Eq '^cisim: run took: [0-9]+\.[0-9]{3} s$' "$work/v.err" || fail "run -v: no total time"
"$cisim" run "$scenario" -q -v > /dev/null 2>&1
[ $? -eq 2 ] || fail "-q with -v should be a usage error"

# stdin
"$cisim" run - --model tests/fixtures/chain3.json --json < "$scenario" > "$work/stdin.json" || fail "run - < scenario"
"$python" - "$work/stdin.json" "$work/run.json" <<'PY' || fail "run from stdin: another result than from the file"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
assert a["scenario"]["file"] == "<stdin>", a["scenario"]
for d in (a, b):
    d.pop("scenario")
assert a == b
PY
"$cisim" run - < tests/fixtures/bad/strength-range.json > /dev/null 2> "$work/err.txt"
[ $? -eq 2 ] && grep -q '^<stdin>: ' "$work/err.txt" || fail "a bad scenario on stdin: $(cat "$work/err.txt")"
"$cisim" analyze - --json < tests/fixtures/chain3.json > /dev/null || fail "analyze - < model"
"$cisim" convert tests/fixtures/chain3.json "$work/chain3.graphml" || fail "convert to GraphML"
"$cisim" convert - "$work/chain3.json" < "$work/chain3.graphml" || fail "convert - < GraphML"
"$cisim" validate "$work/chain3.json" > /dev/null || fail "the model converted from stdin does not validate"
# A write error on stdout is an error, not a success.
if [ -w /dev/full ]; then
  "$cisim" analyze tests/fixtures/chain3.json --json > /dev/full 2> "$work/err.txt"
  [ $? -eq 1 ] && grep -q 'cannot write to standard output' "$work/err.txt" || fail "analyze --json > /dev/full: $(cat "$work/err.txt")"
fi
echo "ok"
