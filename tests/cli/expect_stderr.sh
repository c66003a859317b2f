#!/bin/sh
# Runs a command and checks its exit status and its whole stderr.
#   expect_stderr.sh STATUS EXPECTED_FILE COMMAND [ARG...]
# For commands that report several errors (cisim validate): stderr must equal
# EXPECTED_FILE line for line.
set -u
want_status=$1; expected=$2; shift 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cisim-expect.XXXXXX") || exit 70
trap 'rm -rf "$tmp"' EXIT INT TERM
"$@" >"$tmp/stdout" 2>"$tmp/stderr"
status=$?
fail=0
if [ "$status" -ne "$want_status" ]; then
  echo "FAIL: exit status $status, expected $want_status" >&2; fail=1
fi
if ! diff -u "$expected" "$tmp/stderr" >&2; then
  echo "FAIL: stderr differs from $expected" >&2; fail=1
fi
if [ "$fail" -ne 0 ]; then
  echo "command: $*" >&2
  echo "--- stdout:" >&2; cat "$tmp/stdout" >&2
fi
exit $fail
