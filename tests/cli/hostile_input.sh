#!/bin/bash
# Input made to exhaust memory or time, or to block, through `cisim validate`:
# each ends in one stderr line and exit status 2, quickly (no abort, no hang).
#   hostile_input.sh CISIM WORKDIR PYTHON
set -u
cisim=$1 work=$2 python=$3
rm -rf "$work" && mkdir -p "$work"
failures=0
# A sanitizer build reserves terabytes of address space for its shadow memory,
# so an address-space limit (ulimit -v) stops it before main: the cases that
# need one run in the release build only (the asan test preset sets ASAN_OPTIONS).
sanitized=0
if [ -n "${ASAN_OPTIONS:-}${TSAN_OPTIONS:-}" ]; then sanitized=1; fi
limit() { if [ "$sanitized" = 1 ]; then echo ""; else echo "ulimit -v $1;"; fi; }
# expect NAME REGEX COMMAND...: exit 2, exactly one stderr line matching REGEX.
expect() {
  local name=$1 regex=$2; shift 2
  "$@" >"$work/out" 2>"$work/err"
  local status=$?
  local lines
  lines=$(wc -l <"$work/err")
  if [ "$status" -ne 2 ] || [ "$lines" -ne 1 ] || ! grep -Eq -- "$regex" "$work/err"; then
    echo "FAIL: $name: exit $status, $lines stderr lines, expected 2 and one line matching $regex"
    head -c 2000 "$work/err"; echo
    failures=$((failures + 1))
  fi
}

# 1. A 40 MB array under an unknown key was built in full (968 MB) before it
# was rejected, and under a 1 GB limit the process aborted (SIGABRT).
"$python" - "$work/zzz.json" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('{"schema": "cisim-model/1", "name": "m", "sectors": [{"id": "a"}], "zzz": [')
    f.write(",".join(["0"] * 20_000_000))
    f.write("]}")
PY
expect "40 MB under an unknown key" '^[^ ]*/zzz\.json: unknown key "zzz"$' \
  bash -c "$(limit 1000000) exec \"\$0\" validate \"\$1\"" "$cisim" "$work/zzz.json"

# A model the schema allows that does not fit in the memory given: one line,
# naming the file (it was "cisim: out of memory", exit 1).
"$python" - "$work/sectors.json" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('{"schema": "cisim-model/1", "name": "m", "sectors": [')
    f.write(",".join('{"id": "s%d", "name": "S"}' % i for i in range(700_000)))
    f.write("]}")
PY
if [ "$sanitized" = 0 ]; then
  expect "out of memory" '^[^ ]*/sectors\.json: out of memory while reading$' \
    bash -c 'ulimit -v 200000; exec "$0" validate "$1"' "$cisim" "$work/sectors.json"
fi

# 2. Only regular files (and stdin as "-"): /dev/zero was read until memory
# ran out, a FIFO blocked forever.
expect "/dev/zero" '^/dev/zero: cannot read file: not a regular file' \
  bash -c "$(limit 1000000) exec timeout 20 \"\$0\" validate /dev/zero" "$cisim"
mkfifo "$work/fifo"
expect "a FIFO" '^[^ ]*/fifo: cannot read file: not a regular file' timeout 20 "$cisim" validate "$work/fifo"
expect "a directory" '^[^ ]*: cannot read file: it is a directory$' "$cisim" validate "$work"
# "-" is stdin.
if ! "$cisim" validate - <"$(dirname "$0")/../fixtures/chain3.json" >"$work/out" 2>"$work/err" ||
   ! grep -q '^<stdin>: ok$' "$work/out"; then
  echo "FAIL: validate - (stdin): $(cat "$work/err")"; failures=$((failures + 1))
fi

# The first bad element stops the parse: two million bad nodes, the first
# missing its sector, the others with a latitude out of range (a deeper error,
# which the whole-document check would have named after checking them all).
"$python" - "$work/bad-nodes.json" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('{"schema": "cisim-model/1", "name": "m", "sectors": [{"id": "a"}], "nodes": [{"id": "n"},')
    f.write(",".join(['{"id": "n", "sector": "a", "lat": 91}'] * 2_000_000))
    f.write("]}")
PY
expect "2 M bad elements" '^[^ ]*/bad-nodes\.json: /nodes/0: missing required key "sector"$' \
  "$cisim" validate "$work/bad-nodes.json"

rm -rf "$work"
[ "$failures" -eq 0 ]
