#!/bin/sh
# `cisim sensitivity` under mpirun: the processes share the runs (design and
# tornado) and the result files are byte for byte those of one process, for
# Sobol and Morris, with 2 and 3 processes; bad input stops every process with
# one message and exit status 2.
. "$(dirname "$0")/mpi_common.sh"

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
stops "nothing uncertain" 'nothing is uncertain' mpi 2 "$cisim" sensitivity "$root/tests/fixtures/mc-chain3.json"
# Process 0 alone writes: an existing result directory stops all of them.
stops "existing --out" 'result directory exists' mpi 2 "$cisim" sensitivity "$sc" --samples 8 --out "$work/one"
echo ok
