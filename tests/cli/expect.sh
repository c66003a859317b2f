#!/bin/sh
# Runs a command and checks its exit status and one of its output streams.
#   expect.sh STATUS STREAM REGEX COMMAND [ARG...]
# STATUS: expected exit status. STREAM: stdout or stderr, searched for the
# extended REGEX (grep -E). A non-zero STATUS also requires stderr to be
# exactly one line (SPEC §9: one clear line per bad input).
set -u
if [ $# -lt 4 ]; then
  echo "usage: expect.sh STATUS stdout|stderr REGEX COMMAND [ARG...]" >&2
  exit 64
fi
want_status=$1; stream=$2; regex=$3; shift 3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cisim-expect.XXXXXX") || exit 70
trap 'rm -rf "$tmp"' EXIT INT TERM
"$@" >"$tmp/stdout" 2>"$tmp/stderr"
status=$?
fail=0
if [ "$status" -ne "$want_status" ]; then
  echo "FAIL: exit status $status, expected $want_status" >&2; fail=1
fi
if ! grep -Eq -- "$regex" "$tmp/$stream"; then
  echo "FAIL: $stream does not match: $regex" >&2; fail=1
fi
if [ "$want_status" -ne 0 ]; then
  lines=$(wc -l <"$tmp/stderr")
  if [ "$lines" -ne 1 ]; then
    echo "FAIL: stderr has $lines lines, expected exactly one" >&2; fail=1
  fi
fi
if [ "$fail" -ne 0 ]; then
  echo "command: $*" >&2
  echo "--- stdout:" >&2; cat "$tmp/stdout" >&2
  echo "--- stderr:" >&2; cat "$tmp/stderr" >&2
fi
exit $fail
