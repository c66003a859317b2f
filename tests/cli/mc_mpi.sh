#!/bin/sh
# `cisim mc` under mpirun (SPEC §5.7): the processes share the samples and the
# result files are byte for byte those of one process; bad input stops every
# process with one message and exit status 2, without hanging, and so do
# processes that read different copies of the input files.
. "$(dirname "$0")/mpi_common.sh"

mc="$root/tests/fixtures/mc-chain3.json"
"$cisim" mc "$mc" --samples 200 --seed 42 --out "$work/one" > "$work/one.txt" || fail "mc, one process"
mpi 3 "$cisim" mc "$mc" --samples 200 --seed 42 --threads 2 --out "$work/three" > "$work/three.txt" || fail "mc, three processes"
same "$work/one" "$work/three"
[ "$(grep -c 'Monte Carlo, 200 samples' "$work/three.txt")" = 1 ] || fail "the table is not printed once: $(cat "$work/three.txt")"
mpi 2 "$cisim" mc "$mc" --samples 1 --seed 42 --out "$work/lone" > /dev/null || fail "one sample, two processes"

# An asset-level model: node-class scores cross processes too.
tohoku="$root/scenarios/tohoku-2011.json"
# (Four realisations of the central case: the samples' exchange is the subject.)
"$cisim" mc "$tohoku" --samples 24 --realisations 4 --out "$work/tohoku1" > /dev/null || fail "tohoku, one process"
mpi 2 "$cisim" mc "$tohoku" --samples 24 --realisations 4 --out "$work/tohoku2" > /dev/null || fail "tohoku, two processes"
same "$work/tohoku1" "$work/tohoku2"

# Households peaks over the samples cross processes too.
households="$root/tests/fixtures/households-scenario.json"
"$cisim" mc "$households" --samples 7 --out "$work/households1" > /dev/null || fail "households, one process"
mpi 3 "$cisim" mc "$households" --samples 7 --out "$work/households3" > /dev/null || fail "households, three processes"
same "$work/households1" "$work/households3"

# Process 0 alone writes: an existing result directory stops all of them.
stops "existing --out" 'result directory exists' mpi 3 "$cisim" mc "$mc" --samples 20 --out "$work/one"
stops "missing scenario" 'cannot read file' mpi 3 "$cisim" mc "$work/missing.json"

# On several machines each process reads its own copy of the files: copies that
# differ stop the run (here each process starts in its own directory).
for r in 0 1; do
  mkdir -p "$work/r$r" && cp "$mc" "$root/tests/fixtures/chain3.json" "$work/r$r/"
done
echo " " >> "$work/r1/chain3.json"
mpi 2 sh -c 'cd "$0/r$OMPI_COMM_WORLD_RANK" && exec "$1" mc mc-chain3.json --samples 10' "$work" "$cisim" > /dev/null 2> "$work/copies.err"
status=$?
[ $status -eq 2 ] || fail "differing model copies: exit status $status, expected 2"
grep -q "^chain3.json: MPI process 1 read another version of this model file$" "$work/copies.err" ||
  fail "differing model copies: $(cat "$work/copies.err")"
cp "$work/r0/chain3.json" "$work/r1/chain3.json"
mpi 2 sh -c 'cd "$0/r$OMPI_COMM_WORLD_RANK" && exec "$1" mc mc-chain3.json --samples 10' "$work" "$cisim" > /dev/null ||
  fail "equal copies in two directories"
echo "ok"
