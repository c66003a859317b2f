#!/bin/bash
# Names from a model reach the terminal: a sector named "\u001b[31m..." must
# not send the escape to it. run, mc, analyze (and --json), iim and injects print them
# escaped (\x1b); event and measure ids with control characters are refused.
#   hostile_names.sh CISIM SOURCE_DIR WORKDIR PYTHON
set -u
cisim=$1 root=$2 work=$3 python=$4
rm -rf "$work" && mkdir -p "$work"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$python" - "$root/tests/fixtures" "$work" <<'PY'
import json, sys
fixtures, work = sys.argv[1], sys.argv[2]
m = json.load(open(fixtures + "/chain3.json"))
m["name"] = "model \u001b]0;title\u0007"
m["sectors"][0]["name"] = "\u001b[31mred"
m["sectors"][1]["name"] = "c1 \u009b31m"
json.dump(m, open(work + "/model.json", "w"))
s = json.load(open(fixtures + "/scenario-chain3.json"))
s["model"] = "model.json"
s["name"] = "scenario \u001b[2J"
json.dump(s, open(work + "/scenario.json", "w"))
s["events"][0]["id"] = "down\u001b[31m"
json.dump(s, open(work + "/bad-event-id.json", "w"))
PY

check_clean() {  # NAME: the command's stdout and stderr hold no ESC, BEL, CSI (U+009B)
  local name=$1; shift
  "$@" >"$work/out" 2>"$work/err"
  if LC_ALL=C grep -q $'\x1b\|\x07\|\xc2\x9b' "$work/out" "$work/err"; then
    fail "$name prints a control character raw"
  fi
  if [ -n "${want:-}" ] && ! grep -qF -- "$want" "$work/out"; then fail "$name: stdout lacks $want"; fi
}
want='\x1b[2J' check_clean run "$cisim" run "$work/scenario.json" --out "$work/run"
want='\x1b[2J' check_clean mc "$cisim" mc "$work/scenario.json" --samples 2 --out "$work/mc"
want='\x1b[31mred' check_clean analyze "$cisim" analyze "$work/model.json"
# --json: JSON escapes ESC itself; U+009B is UTF-8 there, escaped by the filter on stdout.
want='c1 \u009b31m' check_clean "analyze --json" "$cisim" analyze "$work/model.json" --json
want='\x1b[31mred' check_clean iim "$cisim" iim "$work/model.json" --shock a=0.5
want='\x1b\[31mred' check_clean "injects --format md" "$cisim" injects "$work/scenario.json" --format md
want='\x1b[31mred' check_clean "injects (csv)" "$cisim" injects "$work/scenario.json"

sh "$root/tests/cli/expect.sh" 2 stderr '/events/0/id: event id "down\\u001b\[31m" contains a control character$' \
  "$cisim" validate "$work/bad-event-id.json" || fail "event id with ESC accepted"

rm -rf "$work"
[ "$failures" -eq 0 ]
