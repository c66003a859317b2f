#!/bin/sh
# `cisim sensitivity` under mpirun: the processes share the runs (design and
# tornado) and the result files are byte for byte those of one process, for
# Sobol and Morris, with 2 and 3 processes; bad input stops every process with
# one message and exit status 2.
set -u
cisim=$1 mpirun=$2 root=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
# Open MPI refuses root unless told (CI runs as root); three processes on two cores.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpi() { timeout 120 "$mpirun" --oversubscribe -n "$@"; }
same() {
  for f in "$1"/*; do cmp -s "$f" "$2/$(basename "$f")" || fail "$(basename "$f") differs: $1 and $2"; done
  [ "$(ls "$1")" = "$(ls "$2")" ] || fail "different files in $1 and $2"
}

sc="$root/tests/fixtures/sensitivity-two-suppliers-scenario.json"
"$cisim" sensitivity "$sc" --samples 64 --seed 5 --out "$work/one" > "$work/one.txt" || fail "sobol, one process"
mpi 2 "$cisim" sensitivity "$sc" --samples 64 --seed 5 --out "$work/two" > "$work/two.txt" || fail "sobol, two processes"
same "$work/one" "$work/two"
mpi 3 "$cisim" sensitivity "$sc" --samples 64 --seed 5 --threads 2 --out "$work/three" > /dev/null || fail "sobol, three processes"
same "$work/one" "$work/three"
[ "$(grep -c 'sobol, 64 samples' "$work/two.txt")" = 1 ] || fail "the table is not printed once: $(cat "$work/two.txt")"
"$cisim" sensitivity "$sc" --method morris --samples 8 --out "$work/m1" > /dev/null || fail "morris, one process"
mpi 2 "$cisim" sensitivity "$sc" --method morris --samples 8 --out "$work/m2" > /dev/null || fail "morris, two processes"
same "$work/m1" "$work/m2"

# Nothing uncertain: one message, exit status 2.
mpi 2 "$cisim" sensitivity "$root/tests/fixtures/mc-chain3.json" > /dev/null 2> "$work/none.err"
status=$?
[ $status -eq 2 ] || fail "nothing uncertain: exit status $status, expected 2"
[ "$(grep -c 'nothing is uncertain' "$work/none.err")" = 1 ] || fail "not one message: $(cat "$work/none.err")"
# Process 0 alone writes: an existing result directory stops all of them.
mpi 2 "$cisim" sensitivity "$sc" --samples 8 --out "$work/one" > /dev/null 2> "$work/exists.err"
status=$?
[ $status -eq 2 ] || fail "existing --out: exit status $status, expected 2"
[ "$(grep -c 'result directory exists' "$work/exists.err")" = 1 ] || fail "not one message: $(cat "$work/exists.err")"
echo ok
